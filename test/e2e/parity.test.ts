import { join } from 'node:path';
import newman from 'newman';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { bankOverlays } from '../../src/load/bank-profiles.ts';
import { generateMockCredentials } from '../../src/env/values.ts';
import { loadProject } from '../../src/load/project.ts';
import {
  isPartner,
  processVariable,
  providerVariable,
  type Provider,
  type Suite,
} from '../../src/model/types.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { startPartner } from '../../src/partner/server.ts';
import { renderEnvironment } from '../../src/render/environment.ts';
import { exportCollection } from '../../src/render/export.ts';
import { runInEnvironment } from '../../src/cli/run-environment.ts';
import { failedExchanges } from '../support/exchanges.ts';
import { startMutationProxy, type Mutator, type MutationProxy } from '../support/mutation-proxy.ts';
import { defined } from '../support/postman-doors.ts';
import { REPO_ROOT } from '../support/project.ts';
import { suitesUnderTest } from '../support/suites.ts';

/**
 * Parity of the two doors: for every shipped suite, plain newman over the exported collection and
 * `kontrak run` give the same verdict request by request, against one mock bank (or, for the
 * inbound suites, the reference partner) behind a proxy that alters its answers; and each
 * alteration is caught on both doors. `npm test` takes one suite per emulation, `npm run test:full`
 * every shipped suite.
 *
 * Each door meets the bank in the same state: the mock is reset before each door, and an inbound
 * suite gets a reference partner of its own per door, so that what one door leaves behind (a paid
 * VA, a spent auth code) cannot change the answers the other door gets.
 */
const project = defined(loadProject(REPO_ROOT).value, 'the shipped project');
const schemas = defined(
  loadSchemas(join(REPO_ROOT, 'schemas'), undefined, { overlays: bankOverlays() }).value,
  'the shipped schemas',
);
const providers = [...project.providers.values()];
const credentials = generateMockCredentials(providers, '');
let mock: RunningMock;
let proxy: MutationProxy;

beforeAll(async () => {
  mock = await startMockBank({
    partners: credentials.partners.filter((_, i) => !isPartner(providers[i] ?? {})),
  });
  proxy = await startMutationProxy(mock.url);
});
afterAll(async () => {
  await proxy.close();
  await mock.close();
});

/** The bank a door meets: the reset mock bank, or a fresh reference partner, behind the proxy. */
async function freshBank(
  provider: Provider,
  mutate: Mutator,
): Promise<{ url: string; close(): Promise<void> }> {
  if (!isPartner(provider)) {
    const reset = await fetch(`${mock.url}/kontrak/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    proxy.use(mutate);
    return { url: proxy.url, close: () => Promise.resolve() };
  }
  const bank = defined(credentials.partners[providers.indexOf(provider)], `${provider.name} credentials`);
  const partner = await startPartner({ bank });
  const partnerProxy = await startMutationProxy(partner.url);
  partnerProxy.use(mutate);
  return {
    url: partnerProxy.url,
    close: async () => {
      applied += partnerProxy.applied();
      await partnerProxy.close();
      await partner.close();
    },
  };
}
/** Responses the inbound suites' proxies altered (the mock's proxy counts its own). */
let applied = 0;

type Verdicts = Array<[name: string, passed: boolean]>;

/** What the last `kontrak run` door failed, and why (support/exchanges.ts). */
let kontrakFailures: string[] = [];

/** `kontrak run` against the proxy, as against a bank's sandbox: credentials from the process. */
async function kontrakDoor(suite: Suite, url: string): Promise<Verdicts> {
  const processEnv: Record<string, string> = {};
  for (const p of providers) {
    processEnv[processVariable(p.name, 'base_url')] = url;
    for (const c of p.credentials)
      processEnv[processVariable(p.name, c.field)] =
        credentials.values.find((v) => v.key === providerVariable(p.name, c.field))?.value ?? '';
  }
  const outcome = await runInEnvironment({
    project,
    schemas,
    // as against a bank's sandbox, or (inbound suites) against the partner's own endpoint, in the
    // environment that serves the suite's provider (`partner`, `partner-bri`)
    environment: isPartner(defined(project.providers.get(suite.provider), suite.provider))
      ? ([...project.environments.values()].find((e) => e.providers?.includes(suite.provider))?.name ??
        'partner')
      : 'sandbox',
    suites: [suite],
    processEnv,
    timeoutRequest: 10_000,
  });
  expect(outcome.diagnostics).toEqual([]);
  const result = defined(outcome.value, 'the run');
  // Each failed request with the reason of each failed check, for the message of a red assertion.
  kontrakFailures = failedExchanges(result);
  return defined(result.suites[0], 'the suite result').exchanges.map((e) => [e.name, e.passed]);
}

/** Plain newman (the library, nothing of kontrak's runner) over the collection QA imports. */
async function newmanDoor(suite: Suite, url: string): Promise<Verdicts> {
  const collection = await exportCollection(
    suite,
    defined(project.providers.get(suite.provider), suite.provider),
    schemas,
  );
  const environment = renderEnvironment(
    'proxied',
    credentials.values.map((v) => (v.key.endsWith('_base_url') ? { ...v, value: url } : v)),
    true,
  );
  const summary = await new Promise<newman.NewmanRunSummary>((resolve, reject) =>
    newman.run(
      { collection, environment, reporters: [], timeoutRequest: 10_000 } as newman.NewmanRunOptions,
      (err, s) => {
        if (err) reject(err);
        else resolve(s);
      },
    ),
  );
  // A request the signer refused is not sent (no execution), and fails a test in its pre-request
  // script; an item run twice (a retry) counts by its last attempt, as in `kontrak run`.
  const failed = new Set(summary.run.failures.map((f) => (f.source as { id?: string }).id));
  const last = new Map(summary.run.executions.map((e) => [e.item.id, e]));
  return collection.item.map((item) => {
    const e = last.get(item.id);
    const assertions = e?.assertions ?? [];
    return [
      item.name,
      e?.response !== undefined &&
        assertions.length > 0 &&
        assertions.every((a) => (a as { error?: unknown }).error === undefined) &&
        !failed.has(item.id),
    ];
  });
}

interface Mutation {
  what: string;
  /** Only SNAP has a rule for it (BRI API v2 responses carry no X-TIMESTAMP contract). */
  snapOnly?: boolean;
  mutate: Mutator;
}

const MUTATIONS: Mutation[] = [
  {
    what: 'a required field dropped from every success body',
    mutate: (_path, m) => {
      if (m.status >= 300) return false;
      const field = ['responseMessage', 'responseDescription', 'access_token'].find((f) => f in m.body);
      if (!field) return false;
      m.body = Object.fromEntries(Object.entries(m.body).filter(([key]) => key !== field));
      return true;
    },
  },
  {
    what: 'a responseCode of another service or case',
    mutate: (_path, m) => {
      const code = m.body.responseCode;
      if (typeof code !== 'string') return false;
      m.body.responseCode = /^\d{7}$/.test(code) ? `${code.slice(0, 3)}99${code.slice(5)}` : '99';
      return true;
    },
  },
  {
    what: 'HTTP 202 instead of 200',
    mutate: (_path, m) => {
      if (m.status !== 200) return false;
      m.status = 202;
      return true;
    },
  },
  {
    what: 'no X-TIMESTAMP header',
    snapOnly: true,
    mutate: (_path, m) => {
      if (!('x-timestamp' in m.headers)) return false;
      m.headers = Object.fromEntries(Object.entries(m.headers).filter(([key]) => key !== 'x-timestamp'));
      return true;
    },
  },
];

const isSnap = (suite: Suite) => suite.requests.some((r) => r.sign.startsWith('snap-'));

/** Both doors over one suite, each against a bank in the same fresh state, altered by `mutate`. */
async function bothDoors(suite: Suite, mutate: Mutator): Promise<{ run: Verdicts; plain: Verdicts }> {
  const provider = defined(project.providers.get(suite.provider), suite.provider);
  applied = 0;
  let bank = await freshBank(provider, mutate);
  const run = await kontrakDoor(suite, bank.url).finally(() => bank.close());
  const appliedByRun = applied + (isPartner(provider) ? 0 : proxy.applied());
  bank = await freshBank(provider, mutate);
  const plain = await newmanDoor(suite, bank.url).finally(() => bank.close());
  applied = appliedByRun;
  return { run, plain };
}

describe.each(suitesUnderTest(project).map((s) => [s.name, s] as const))(
  '%s: newman and kontrak run agree',
  (_name, suite) => {
    it('on the unaltered bank: every request passes on both doors', async () => {
      const { run, plain } = await bothDoors(suite, () => false);
      expect(plain, kontrakFailures.join('\n')).toEqual(run);
      expect(
        run.filter(([, passed]) => !passed),
        kontrakFailures.join('\n'),
      ).toEqual([]);
      expect(run.map(([name]) => name)).toEqual(suite.requests.map((r) => r.name));
    }, 120_000);

    it.each(MUTATIONS.map((m) => [m.what, m] as const))(
      'with %s',
      async (_what, mutation) => {
        const { run, plain } = await bothDoors(suite, mutation.mutate);
        expect(plain).toEqual(run);
        // (a suite may have nothing this alteration touches, e.g. no responseCode anywhere)
        if (applied > 0 && (!mutation.snapOnly || isSnap(suite)))
          expect(run.filter(([, passed]) => !passed).length, 'the alteration is caught').toBeGreaterThan(0);
      },
      120_000,
    );
  },
);
