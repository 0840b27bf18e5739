/**
 * Facts the probe records beside the knobs: against the mock's emulation of BNI (which takes only
 * `client_credentials` and signs the bare access token), the draft's `probe.observations` says
 * which grantType spellings and which token segment the bank accepted and refused, each with its
 * request/answer pairs, secrets masked, and the draft stays a valid profile.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bankProfiles, readBankProfile } from '../../src/load/bank-profiles.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { observationLines } from '../../src/probe/diff.ts';
import { draftText, probeRedactor } from '../../src/probe/draft.ts';
import { runProbe } from '../../src/probe/session.ts';
import type { ProbeResult } from '../../src/probe/types.ts';
import { REPO_ROOT } from '../support/project.ts';
import { testKeys } from './hidden-banks.ts';

const keys = testKeys();
const clientSecret = `bni-secret-${Math.random().toString(36).slice(2)}`;
const credentials = {
  clientId: 'PROBECLIENT',
  clientSecret,
  privateKeyPem: keys.privatePem,
  channelId: '95221',
};
let mock: RunningMock;
let result: ProbeResult;
let text: string;

beforeAll(async () => {
  mock = await startMockBank({
    partners: [{ provider: 'bni', clientId: 'PROBECLIENT', clientSecret, publicKeyPem: keys.publicPem }],
  });
  const profile = bankProfiles().get('bni');
  if (profile === undefined) throw new Error('no shipped profile bni');
  result = await runProbe(
    { baseUrl: mock.url, profile, credentials, environment: 'mock' },
    { maxRequests: 60, paceMs: 0, allowTransactions: false },
  );
  text = draftText({
    shippedText: readFileSync(join(REPO_ROOT, 'banks', 'bni.yaml'), 'utf8'),
    profile,
    result,
    redactor: probeRedactor(result, credentials),
  });
}, 120_000);
afterAll(async () => {
  await mock.close();
});

const observed = () => {
  const draft = readBankProfile('bni.draft.yaml', text);
  expect(draft.diagnostics).toEqual([]);
  return draft.value?.probe?.observations ?? [];
};

it('records client_credentials accepted and the other grantType spellings refused, with evidence', () => {
  expect(result.stopped).toBeUndefined();
  const grant = observed().find((o) => o.varied.includes('grantType'));
  expect(grant).toMatchObject({
    accepted: ['client_credentials'],
    refused: ['CLIENT_CREDENTIALS', 'client-credentials'],
    meaning: 'the bank accepts only client_credentials',
  });
  const evidence = grant?.evidence ?? [];
  expect(evidence).toHaveLength(3);
  for (const [i, spelling] of ['client_credentials', 'CLIENT_CREDENTIALS', 'client-credentials'].entries()) {
    expect(evidence[i]?.request).toContain(`{"grantType":"${spelling}"}`);
    expect(evidence[i]?.answer).toMatch(i === 0 ? /^200 2007300 / : /^400 40073\d\d /);
  }
});

it('records `Bearer ` in the signed token segment refused, beside the accepted bare token', () => {
  const bearer = observed().find((o) => o.varied.includes('token segment'));
  expect(bearer).toMatchObject({
    accepted: ['the bare access token'],
    refused: ['`Bearer <access token>`'],
    meaning: 'the bank refuses `Bearer ` in the token segment: sign the bare token',
  });
  const [accepted, refused] = bearer?.evidence ?? [];
  expect(accepted?.request).toMatch(/^POST \S*balance-inquiry/);
  expect(accepted?.answer).toMatch(/^200 /);
  expect(refused?.request).toMatch(/^POST \S*balance-inquiry/);
  expect(refused?.answer).toMatch(/^401 40111\d\d /);
});

it('masks the secret and every access token in the observations, and prints them as · lines', () => {
  const tokens = [...result.decisions, ...result.observations]
    .flatMap((d) => d.evidence)
    .map((e) => e.json?.['accessToken'])
    .filter((t): t is string => typeof t === 'string');
  expect(tokens.length).toBeGreaterThan(0);
  for (const secret of [clientSecret, ...tokens]) expect(text).not.toContain(secret);
  const lines = observationLines(result);
  expect(lines).toHaveLength(2);
  for (const line of lines) expect(line).toMatch(/^ {2}· {2}\S/);
});

it('asks both in three requests, within the budget', () => {
  const asked = result.observations
    .flatMap((o) => o.evidence)
    .filter((e) => !result.decisions.some((d) => d.evidence.includes(e)));
  expect(asked).toHaveLength(3);
  expect(result.requests).toBeLessThanOrEqual(60);
});
