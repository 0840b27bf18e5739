import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { bankOverlays } from '../../src/load/bank-profiles.ts';
import { generateMockCredentials, type EnvValue } from '../../src/env/values.ts';
import { loadProject } from '../../src/load/project.ts';
import { isPartner, providerVariable, type Suite } from '../../src/model/types.ts';
import { startPartner, type RunningPartner } from '../../src/partner/server.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { renderEnvironment } from '../../src/render/environment.ts';
import { exportCollection } from '../../src/render/export.ts';
import type { PostmanCollection } from '../../src/render/postman-types.ts';
import { startMutationProxy, type MutationProxy } from '../support/mutation-proxy.ts';
import { defined, runInRuntime7, runNewmanCli, type DoorRun } from '../support/postman-doors.ts';
import { REPO_ROOT, tempDir } from '../support/project.ts';
import { FULL, suitesUnderTest } from '../support/suites.ts';

/**
 * The Postman door: the collections and environment QA import, run with plain newman (not through
 * kontrak) and in the Postman app's newer runtime, against one long-running mock bank, as after
 * `kontrak mock`. Every request must be signed, accepted and checked as `kontrak run` checks it.
 * `npm test` runs one suite per emulation, `npm run test:full` every shipped suite.
 */
/**
 * Runs of each suite in plain newman, one after the other against the same mock. Under `npm test`
 * one newman run: the runtime 7.56 test below runs each suite again after it, against the same
 * mock with nothing reset, so a suite that used up its seed data fails there. `npm run test:full`
 * also runs newman twice in a row.
 */
const NEWMAN_ROUNDS = FULL ? 2 : 1;
const out = tempDir();
const project = defined(loadProject(REPO_ROOT).value, 'the shipped project');
const schemas = defined(
  loadSchemas(join(REPO_ROOT, 'schemas'), undefined, { overlays: bankOverlays() }).value,
  'the shipped schemas',
);
const providers = [...project.providers.values()];
/** One suite per emulation; every suite under `npm run test:full`. */
const suites = suitesUnderTest(project);
const credentials = generateMockCredentials(providers, '');
let mock: RunningMock;
let proxy: MutationProxy;
const partners: RunningPartner[] = [];
/** base_url of each provider: the mock bank, or for inbound suites (kontrak plays the bank) the reference partner. */
const urls = new Map<string, string>();

/** The environment `kontrak mock` writes; `baseUrl` sends every outbound provider there instead. */
const environment = (baseUrl?: string, change: (v: EnvValue) => EnvValue = (v) => v) =>
  renderEnvironment(
    'mock',
    credentials.values.map((v) => {
      const url = urls.get(v.key);
      if (url === undefined) return change(v);
      return change({ ...v, value: baseUrl !== undefined && url === mock.url ? baseUrl : url });
    }),
    true,
  );

const writeJson = (name: string, value: object): string => {
  const path = join(out.dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

const collections = new Map<string, PostmanCollection>();
const collectionOf = async (suite: Suite): Promise<PostmanCollection> => {
  let c = collections.get(suite.name);
  if (!c) {
    c = await exportCollection(
      suite,
      defined(project.providers.get(suite.provider), suite.provider),
      schemas,
    );
    collections.set(suite.name, c);
  }
  return c;
};
const suiteNamed = (name: string): Suite =>
  defined(
    project.suites.find((s) => s.name === name),
    name,
  );

beforeAll(async () => {
  mock = await startMockBank({
    partners: credentials.partners.filter((_, i) => !isPartner(providers[i] ?? {})),
  });
  for (const [i, provider] of providers.entries()) {
    let url = mock.url;
    const bank = credentials.partners[i];
    if (isPartner(provider) && bank) {
      const partner = await startPartner({ bank });
      partners.push(partner);
      url = partner.url;
    }
    urls.set(providerVariable(provider.name, 'base_url'), url);
  }
  proxy = await startMutationProxy(mock.url);
});

afterAll(async () => {
  await proxy.close();
  for (const partner of partners) await partner.close();
  await mock.close();
  out.cleanup();
});

/** Every request sent and every one of its tests passed, each request with checks. */
function expectGreen(run: DoorRun, suite: Suite): void {
  expect(run.failures, run.stdout).toEqual([]);
  expect(run.code, run.stdout).toBe(0);
  expect(run.requests.map((r) => r.name)).toEqual(suite.requests.map((r) => r.name));
  for (const r of run.requests) {
    expect(r.status, r.name).toBeGreaterThan(0);
    // status, then responseCode / schema / SNAP rules as the request expects
    expect(r.tests.map((t) => t.name.split(':')[0])).toContain('status');
  }
}

describe('rendered collections in plain newman (sandbox 4.7.1), against one standalone mock', () => {
  // No reset between suites or runs: each run mints its own references, VA numbers, billing
  // codes and auth codes (POST /kontrak/auth-code), so nothing of the seed data is used up.
  it.each(suites.map((s) => [s.name, s] as const))(
    `%s passes ${NEWMAN_ROUNDS === 2 ? 'twice in a row' : 'once, before the runtime 7.56 run'}`,
    async (name, suite) => {
      const collectionPath = writeJson(`${name}.postman_collection.json`, await collectionOf(suite));
      const envPath = writeJson('mock.postman_environment.json', environment());
      for (let round = 1; round <= NEWMAN_ROUNDS; round++) {
        const run = await runNewmanCli(collectionPath, envPath, out.dir);
        expectGreen(run, suite);
      }
    },
    240_000, // two newman processes; on a busy 2-core machine each can take a minute
  );

  it('a proxy that drops a required field fails newman, naming the pointer, the rule and the field', async () => {
    const suite = suiteNamed('nicepay-va');
    const collectionPath = writeJson('nicepay-va.postman_collection.json', await collectionOf(suite));
    const envPath = writeJson('proxied.postman_environment.json', environment(proxy.url));
    proxy.use((path, m) => {
      if (!path.endsWith('/create-va') || m.status !== 200) return false;
      delete (m.body.virtualAccountData as Record<string, unknown>).virtualAccountNo;
      return true;
    });
    try {
      const run = await runNewmanCli(collectionPath, envPath, out.dir);
      expect(proxy.applied()).toBe(1);
      expect(run.code).toBe(1);
      const schemaFailure = run.failures.find((f) => f.request === 'create VA' && f.test === 'schema');
      expect(schemaFailure?.error).toMatch(
        /\/virtualAccountData {2}required: must have required property 'virtualAccountNo'/,
      );
      // newman's own summary names it too
      expect(run.stdout).toContain("must have required property 'virtualAccountNo'");
    } finally {
      proxy.use(() => false);
    }
  }, 60_000);

  it('an empty secret fails newman with a test naming the variable, and the request is not sent', async () => {
    const suite = suiteNamed('nicepay-va');
    const collectionPath = writeJson('nicepay-va.postman_collection.json', await collectionOf(suite));
    const envPath = writeJson(
      'empty-secret.postman_environment.json',
      environment(undefined, (v) => (v.key === 'nicepay_client_secret' ? { ...v, value: '' } : v)),
    );
    const run = await runNewmanCli(collectionPath, envPath, out.dir);
    expect(run.code).toBe(1);
    const unsigned = run.failures.filter((f) => f.test.startsWith('signing:'));
    expect(unsigned.length).toBeGreaterThan(0);
    for (const f of unsigned)
      expect(f.test).toBe('signing: kontrak: variable "nicepay_client_secret" is empty (request not sent)');
    // the token call (RSA key, no client secret) went out; the HMAC-signed ones did not
    expect(run.requests.find((r) => r.name === 'access token B2B')?.status).toBe(200);
    expect(run.requests.find((r) => r.name === 'create VA')?.status).toBeUndefined();
  }, 60_000);

  it('an environment with every secret empty is red, never "0 requests, exit 0"', async () => {
    const suite = suiteNamed('snap-core@snap');
    const collectionPath = writeJson('snap.postman_collection.json', await collectionOf(suite));
    const envPath = writeJson(
      'template.postman_environment.json',
      environment(undefined, (v) => (v.secret ? { ...v, value: '' } : v)),
    );
    const run = await runNewmanCli(collectionPath, envPath, out.dir);
    expect(run.code).toBe(1);
    expect(run.requests.filter((r) => r.status !== undefined)).toEqual([]);
    expect(run.failures.length).toBe(suite.requests.length);
    expect(run.failures[0]?.test).toMatch(
      /^signing: kontrak: variable "snap_\w+" is empty \(request not sent\)$/,
    );
  }, 60_000);
});

describe('the same collections in postman-runtime 7.56 (postman-sandbox 6.7.4, as the Postman app)', () => {
  // Against the mock the newman runs above left as it was: each suite's second run on it.
  it.each(suites.map((s) => [s.name, s] as const))('%s passes', async (_name, suite) => {
    const run = await runInRuntime7(await collectionOf(suite), environment());
    expectGreen(run, suite);
  });
});

/** The collection-level signer script, run where `require('crypto-js')` fails. */
function withoutCryptoJS(collection: PostmanCollection): PostmanCollection {
  const copy = structuredClone(collection);
  const signer = defined(
    copy.event?.find((e) => e.listen === 'prerequest'),
    'the collection-level pre-request script',
  );
  signer.script.exec = [
    'var kontrakRefused = 0;',
    "var require = function (name) { kontrakRefused++; throw new Error('Cannot find module ' + name); };",
    ...signer.script.exec,
    "pm.test('crypto-js refused', function () { if (!kontrakRefused) throw new Error('crypto-js was used'); });",
  ];
  return copy;
}

describe('where the sandbox has no CryptoJS, the built-in SHA-2 signs', () => {
  // nicepay-va: SHA-256 + HMAC-SHA512 (and RSA); bri-mpn: HMAC-SHA256. The mock verifies each.
  it.each(['nicepay-va', 'bri-mpn'])(
    '%s in newman and in runtime 7.56',
    async (name) => {
      const suite = suiteNamed(name);
      const collection = withoutCryptoJS(await collectionOf(suite));
      const envPath = writeJson('mock.postman_environment.json', environment());
      const newman = await runNewmanCli(writeJson(`${name}-no-crypto-js.json`, collection), envPath, out.dir);
      const runtime7 = await runInRuntime7(collection, environment());
      for (const run of [newman, runtime7]) {
        expectGreen(run, suite);
        for (const r of run.requests) expect(r.tests.map((t) => t.name)).toContain('crypto-js refused');
      }
    },
    90_000,
  );
});
