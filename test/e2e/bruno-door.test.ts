import { join } from 'node:path';
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
import { runInEnvironment } from '../../src/cli/run-environment.ts';
import { failedExchanges } from '../support/exchanges.ts';
import { startMutationProxy, type Mutator, type MutationProxy } from '../support/mutation-proxy.ts';
import { brunoPassed, runBruno, writeBrunoCollection, type BrunoRun } from '../support/bruno-door.ts';
import { defined } from '../support/postman-doors.ts';
import { REPO_ROOT, tempDir } from '../support/project.ts';
import { suitesForSlowDoor } from '../support/suites.ts';

/**
 * The Bruno door: a suite's OpenCollection export (`kontrak render --format opencollection`), run
 * by `bru run` (@usebruno/cli) in its default safe sandbox, against the mock bank (or, for the
 * inbound suites, the reference partner), gives the verdict of `kontrak run`, request by request.
 * Each door meets the bank in the same state: the mock is reset before each door, an inbound suite
 * gets a reference partner of its own per door. `npm test` takes one suite the bank answers and one
 * the reference partner answers (`bru run` costs seconds per suite), `npm run test:full` every
 * shipped suite.
 */
const out = tempDir();
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
  out.cleanup();
});

const providerOf = (suite: Suite): Provider => defined(project.providers.get(suite.provider), suite.provider);

/** The bank a door meets: the reset mock bank behind the proxy, or a fresh reference partner. */
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
  return { url: partner.url, close: () => partner.close() };
}

type Verdicts = Array<[name: string, passed: boolean]>;

/** What the last `kontrak run` door failed, and why (support/exchanges.ts). */
let kontrakFailures: string[] = [];

/** `kontrak run` against the bank, as against a bank's sandbox: credentials from the process. */
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
    environment: isPartner(providerOf(suite))
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

let runs = 0;
/** `bru run` over the suite's export, every base URL at `url`, secrets as `emptied` leaves them. */
async function brunoDoor(suite: Suite, url: string, emptied?: string): Promise<BrunoRun> {
  const folder = join(out.dir, `${suite.name}-${++runs}`);
  const values = credentials.values.map((v) => (v.key.endsWith('_base_url') ? { ...v, value: url } : v));
  await writeBrunoCollection(folder, suite, providerOf(suite), schemas, values);
  const secrets = values.filter((v) => v.secret).map((v) => (v.key === emptied ? { ...v, value: '' } : v));
  return runBruno(folder, secrets);
}

const verdicts = (run: BrunoRun): Verdicts => run.requests.map((r) => [r.name, brunoPassed(r)]);

/** Both doors over one suite, each against a bank in the same fresh state, altered by `mutate`. */
async function bothDoors(suite: Suite, mutate: Mutator): Promise<{ run: Verdicts; bruno: BrunoRun }> {
  let bank = await freshBank(providerOf(suite), mutate);
  const run = await kontrakDoor(suite, bank.url).finally(() => bank.close());
  bank = await freshBank(providerOf(suite), mutate);
  const bruno = await brunoDoor(suite, bank.url).finally(() => bank.close());
  return { run, bruno };
}

describe.each(suitesForSlowDoor(project).map((s) => [s.name, s] as const))(
  '%s: bru run (safe sandbox) and kontrak run agree',
  (_name, suite) => {
    it('on the unaltered bank: every request is signed, sent and passes on both doors', async () => {
      const { run, bruno } = await bothDoors(suite, () => false);
      expect(verdicts(bruno), bruno.output).toEqual(run);
      expect(
        run.filter(([, passed]) => !passed),
        kontrakFailures.join('\n'),
      ).toEqual([]);
      expect(run.map(([name]) => name)).toEqual(suite.requests.map((r) => r.name));
      expect(bruno.code, bruno.output).toBe(0);
      // every request ran the checks of `kontrak run`, status first
      for (const r of bruno.requests)
        expect(r.tests.map((t) => t.description.split(':')[0])).toContain('status');
    }, 240_000);
  },
);

describe('what the Bruno door catches', () => {
  const nicepay = defined(
    project.suites.find((s) => s.name === 'nicepay-va'),
    'nicepay-va',
  );

  it('a required field dropped by the bank fails bru run as kontrak run, naming the field', async () => {
    const drop: Mutator = (path, m) => {
      if (!path.endsWith('/create-va') || m.status !== 200) return false;
      delete (m.body.virtualAccountData as Record<string, unknown>).virtualAccountNo;
      return true;
    };
    try {
      const { run, bruno } = await bothDoors(nicepay, drop);
      expect(verdicts(bruno)).toEqual(run);
      expect(bruno.code).toBe(1);
      const create = defined(
        bruno.requests.find((r) => r.name === 'create VA'),
        'the create VA request',
      );
      expect(brunoPassed(create)).toBe(false);
      const schema = create.tests.find((t) => t.description === 'schema');
      expect(schema?.status).toBe('fail');
      expect(schema?.error).toMatch(
        /\/virtualAccountData {2}required: must have required property 'virtualAccountNo'/,
      );
    } finally {
      proxy.use(() => false);
    }
  }, 240_000);

  it('an empty secret fails bru run with a test naming the variable, and the request is not sent', async () => {
    const reset = await fetch(`${mock.url}/kontrak/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    const bruno = await brunoDoor(nicepay, mock.url, 'nicepay_client_secret');
    expect(bruno.code).toBe(1);
    const unsigned = bruno.requests.flatMap((r) => r.preRequestTests.filter((t) => t.status === 'fail'));
    expect(unsigned.length).toBeGreaterThan(0);
    for (const t of unsigned)
      expect(t.description).toBe(
        'signing: kontrak: variable "nicepay_client_secret" is empty (request not sent)',
      );
    // the token call (RSA key, no client secret) went out; the HMAC-signed ones did not
    expect(bruno.requests.find((r) => r.name === 'access token B2B')?.httpStatus).toBe(200);
    const create = bruno.requests.find((r) => r.name === 'create VA');
    expect(create?.httpStatus).toBeUndefined();
    expect(create?.status).toBe('error');
  }, 120_000);
});
