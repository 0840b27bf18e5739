import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { bankOverlays } from '../../src/load/bank-profiles.ts';
import { loadProject } from '../../src/load/project.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { runInEnvironment } from '../../src/cli/run-environment.ts';
import type { ExchangeResult } from '../../src/model/results.ts';
import { startMutationProxy, type Mutable, type MutationProxy } from '../support/mutation-proxy.ts';
import { REPO_ROOT } from '../support/project.ts';

/**
 * Mutation test: a proxy between newman and the mock bank alters one kind of response; kontrak
 * must catch each alteration by a schema or a SNAP rule, naming the check.
 */
type Mutator = (path: string, m: Mutable) => void;

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const CLIENT_ID = 'MUTANT01';
const SECRET = 'mutation-secret';
let mock: RunningMock;
let proxy: MutationProxy;

beforeAll(async () => {
  mock = await startMockBank({
    partners: [
      {
        provider: 'nicepay',
        clientId: CLIENT_ID,
        clientSecret: SECRET,
        publicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
    ],
  });
  proxy = await startMutationProxy(mock.url);
});

afterAll(async () => {
  await proxy.close();
  await mock.close();
});

async function runNicepay(mutator: Mutator): Promise<ExchangeResult[]> {
  proxy.use((path, m) => {
    mutator(path, m);
    return true;
  });
  const project = loadProject(REPO_ROOT).value!;
  const outcome = await runInEnvironment({
    project,
    schemas: loadSchemas(join(REPO_ROOT, 'schemas'), undefined, { overlays: bankOverlays() }).value!,
    environment: 'sandbox',
    suites: project.suites.filter((s) => s.name === 'nicepay-va'),
    processEnv: {
      NICEPAY_BASE_URL: proxy.url,
      NICEPAY_CLIENT_ID: CLIENT_ID,
      NICEPAY_CLIENT_SECRET: SECRET,
      NICEPAY_PRIVATE_KEY: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
    timeoutRequest: 5000,
  });
  expect(outcome.diagnostics).toEqual([]);
  return outcome.value!.suites[0]!.exchanges;
}

const failedChecks = (exchanges: ExchangeResult[], name: string) =>
  exchanges
    .find((e) => e.name === name)!
    .checks.filter((c) => !c.passed)
    .map((c) => c.name);

describe('altered bank responses are caught', () => {
  it('the unaltered run passes (the proxy itself changes nothing)', async () => {
    const exchanges = await runNicepay(() => {});
    expect(exchanges.filter((e) => !e.passed).map((e) => e.name)).toEqual([]);
  });

  it.each<[string, string, Mutator, string[]]>([
    [
      'a missing virtualAccountNo',
      'create VA',
      (p, m) => {
        if (p.endsWith('/create-va') && m.status === 200)
          delete (m.body.virtualAccountData as Record<string, unknown>).virtualAccountNo;
      },
      ['schema'],
    ],
    [
      'expiresIn as a number',
      'access token B2B',
      (p, m) => {
        if (p.endsWith('/b2b') && m.status === 200) m.body.expiresIn = 900;
      },
      ['schema'],
    ],
    [
      'an amount with one decimal',
      'create VA',
      (p, m) => {
        if (p.endsWith('/create-va') && m.status === 200)
          (
            (m.body.virtualAccountData as Record<string, unknown>).totalAmount as Record<string, unknown>
          ).value = '10000.0';
      },
      ['schema'],
    ],
    [
      'another service code',
      'VA status',
      (p, m) => {
        if (p.endsWith('/status')) m.body.responseCode = '2001100';
      },
      ['responseCode', 'schema', 'snap:service-code'],
    ],
    [
      'a code that disagrees with the HTTP status',
      'delete VA',
      (p, m) => {
        if (p.endsWith('/delete-va')) m.status = 202;
      },
      ['status', 'snap:http-status-prefix'],
    ],
    [
      'a missing responseMessage',
      'VA status',
      (p, m) => {
        if (p.endsWith('/status')) delete m.body.responseMessage;
      },
      ['schema', 'snap:response-message'],
    ],
    [
      'a missing X-TIMESTAMP header',
      'create VA',
      (p, m) => {
        if (p.endsWith('/create-va')) delete m.headers['x-timestamp'];
      },
      ['snap:response-headers'],
    ],
  ])('%s', async (_what, request, mutator, expected) => {
    const exchanges = await runNicepay(mutator);
    expect(failedChecks(exchanges, request)).toEqual(expected);
  });
});
