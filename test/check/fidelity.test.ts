/**
 * kontrak against the banks' own documents: every sample in test/fixtures/bank-samples is replayed
 * through the response checks as the bank that published it. A documented success or error that
 * fails is a false red; a reply the bank documents as a failure that passes is a false green.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkResponse } from '../../src/check/response.ts';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { catalogueEntry } from '../../src/catalogue/catalogue.ts';
import { servicePath } from '../../src/banks/profile.ts';
import { bankOverlayTargets } from '../../src/banks/overlays.ts';
import { bankProfiles } from '../../src/load/bank-profiles.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { bankClient, bankPartner, type BankClient } from '../mock/bank-client.ts';
import { bankRequestSpec } from '../../src/load/bank.ts';
import type { RequestSpec } from '../../src/model/types.ts';
import { REPO_ROOT } from '../support/project.ts';
import { replayVerdict } from './replay-verdict.ts';

interface Expected {
  outcome: 'success' | 'error' | 'bank-books-failure';
  responseCode?: string;
  responseMessage?: string;
  why?: string;
}

interface BankSample {
  provider: string;
  service: string;
  serviceCode: string;
  kind: 'request' | 'response';
  status?: number;
  expected: Expected;
  /** `envelope`: the publisher shows only responseCode and responseMessage of the answer. */
  fields?: 'envelope';
  sample: unknown;
  /** A request sample no mock can take as published (a date long past, a typo), and why. */
  replay?: { mock: false; why: string };
  /** Headers the publisher sends with a request sample (BCA QRIS: CHANNEL-ID 95251). */
  headers?: Record<string, string>;
  source: { url: string; commit?: string; retrieved?: string };
  licence: string;
}

const ROOT = join(REPO_ROOT, 'test', 'fixtures', 'bank-samples');
const providers = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory());
const samples = providers
  .map((d) => d.name)
  .flatMap((provider) =>
    readdirSync(join(ROOT, provider)).map((file) => ({
      file: `${provider}/${file}`,
      ...(JSON.parse(readFileSync(join(ROOT, provider, file), 'utf8')) as BankSample),
    })),
  );
const responses = samples.filter((s) => s.kind === 'response');
/** The shipped bank profiles, whose overlays derive each bank's own schemas. */
const banks = bankProfiles();
const schemas = loadSchemas(join(REPO_ROOT, 'schemas'), undefined, {
  overlays: bankOverlayTargets(banks),
}).value!;
const SNAP_HEADERS = [
  { key: 'Content-Type', value: 'application/json' },
  { key: 'X-TIMESTAMP', value: '2024-09-01T10:05:10+07:00' },
];

/** The bank whose rules judge a sample: its own profile, else ASPI's SNAP as written. */
const bankOf = (provider: string): string => (banks.has(provider) ? provider : 'snap');

/** The request a sample answers, as kontrak would send it to that bank and check its answer. */
function specOf(s: BankSample): RequestSpec {
  const entry = catalogueEntry(s.service);
  if (!entry?.schemas) throw new Error(`${s.service}: no shipped schemas`);
  const schema =
    s.expected.outcome === 'error' || s.fields === 'envelope'
      ? 'snap/error.response.json'
      : entry.schemas.response;
  return bankRequestSpec(banks, bankOf(s.provider), s.service, {
    status: s.status ?? 200,
    ...(s.expected.outcome === 'error' ? { responseCode: s.expected.responseCode } : {}),
    schema,
  });
}

function judge(s: BankSample) {
  const body = Buffer.from(JSON.stringify(s.sample));
  return checkResponse(
    specOf(s),
    { status: s.status ?? 200, headers: SNAP_HEADERS, body },
    undefined,
    schemas,
  );
}

const falseRed: string[] = [];

/** The bank whose mock serves a request sample: its own emulation, else ASPI's SNAP as written. */
const mockOf = (provider: string): string => (banks.has(provider) ? provider : 'snap');

/** Requests the bank sends to a partner (24, 25, 52) are not the mock bank's to accept. */
const requests = samples.filter(
  (s) => s.kind === 'request' && catalogueEntry(s.service)?.direction === 'partner-to-bank' && !s.replay,
);

let mock: RunningMock;
const clients = new Map<string, BankClient>();
const partners = new Map<string, ReturnType<typeof bankPartner>>();
/** One test partner (and key pair) per bank, registered with the mock and signing its requests. */
function partnerOf(bank: string): ReturnType<typeof bankPartner> {
  const known = partners.get(bank) ?? bankPartner(bank, `FIDELITY${bank.replace(/\W/g, '').toUpperCase()}`);
  partners.set(bank, known);
  return known;
}

async function clientOf(bank: string): Promise<BankClient> {
  const known = clients.get(bank);
  if (known) return known;
  const profile = banks.get(bank)!;
  const asymmetric = profile.signature.value === 'asymmetric';
  const tokenPath = profile.services['access-token/b2b']
    ? servicePath(profile, 'access-token/b2b')
    : undefined;
  const client = await bankClient(mock.url, partnerOf(bank), asymmetric ? undefined : tokenPath, {
    encoding: profile.signatureEncoding.value,
    asymmetric,
    headers: { ...profile.headers?.value },
  });
  clients.set(bank, client);
  return client;
}

const falseGreen: string[] = [];
/** Request samples the mock took (a business answer), beside those marked replay: mock false. */
const replayed: string[] = [];

describe('the banks\u2019 own samples', () => {
  it('holds at least 60 samples from at least 7 providers, successes and errors both, each sourced', () => {
    expect(samples.length).toBeGreaterThanOrEqual(60);
    expect(new Set(samples.map((s) => s.provider)).size).toBeGreaterThanOrEqual(7);
    expect(responses.some((s) => s.expected.outcome === 'success')).toBe(true);
    expect(responses.some((s) => s.expected.outcome === 'error')).toBe(true);
    for (const s of samples) {
      expect(s.source.url, s.file).toMatch(/^https?:\/\//);
      expect(s.source.commit ?? s.source.retrieved, s.file).toBeTruthy();
      expect(s.licence, s.file).toBeTruthy();
      if (s.replay) expect(s.replay.why, s.file).toMatch(/\w{10}/);
      expect(catalogueEntry(s.service)?.code, s.file).toBe(s.serviceCode);
    }
  });

  describe.each(responses.filter((s) => s.expected.outcome === 'success').map((s) => [s.file, s] as const))(
    'documented success %s',
    (file, s) => {
      it('passes its schema and the SNAP rules of its bank', () => {
        const outcome = judge(s);
        const failed = outcome.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.message}`);
        if (failed.length) falseRed.push(`${file}: ${failed.join(' | ')}`);
        expect(failed).toEqual([]);
      });
    },
  );

  describe.each(responses.filter((s) => s.expected.outcome === 'error').map((s) => [s.file, s] as const))(
    'documented error %s',
    (file, s) => {
      it('maps to its code and message', () => {
        const outcome = judge(s);
        const failed = outcome.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.message}`);
        if (failed.length) falseRed.push(`${file}: ${failed.join(' | ')}`);
        expect(failed).toEqual([]);
        const code = outcome.checks.find((c) => c.name === 'responseCode');
        expect(code?.message).toBe(`responseCode ${s.expected.responseCode}`);
        expect((s.sample as { responseMessage?: unknown }).responseMessage).toBe(s.expected.responseMessage);
      });
    },
  );

  describe.each(
    responses.filter((s) => s.expected.outcome === 'bank-books-failure').map((s) => [s.file, s] as const),
  )('reply the bank books as a failure %s', (file, s) => {
    it('fails the check with a finding in plain words', () => {
      const outcome = judge(s);
      const finding = outcome.checks.find((c) => c.name === 'finding' && !c.passed);
      if (outcome.passed || !finding) falseGreen.push(`${file}: ${s.expected.why ?? ''}`);
      expect(outcome.passed).toBe(false);
      expect(finding?.message).toMatch(/^[A-Za-z].{40,}/);
    });
  });

  describe('documented requests', () => {
    beforeAll(async () => {
      const banks = [...new Set(requests.map((s) => mockOf(s.provider)))];
      mock = await startMockBank({ partners: banks.map((b) => partnerOf(b).partner) });
    });
    afterAll(async () => {
      await mock.close();
    });

    it.each(requests.map((s) => [s.file, s] as const))(
      '%s is accepted by its bank\u2019s mock once signed',
      async (file, s) => {
        const bank = mockOf(s.provider);
        const profile = banks.get(bank)!;
        const path = servicePath(profile, s.service);
        const client = await clientOf(bank);
        const headers = { ...profile.services[s.service]?.headers?.value, ...s.headers };
        const answer =
          s.service === 'access-token/b2b'
            ? await client.tokenRequest(path, s.sample, headers)
            : await client.send(path, s.sample, { headers });
        // A service the bank's emulation does not offer is not tested: the sample says so (replay) or fails.
        const offer = { offered: profile.services[s.service] !== undefined, service: s.service };
        const verdict = replayVerdict(file, bank, answer, offer);
        if (verdict.kind !== 'accepted') falseRed.push(verdict.message);
        if (verdict.kind === 'accepted') replayed.push(file);
        expect(verdict).toEqual({ kind: 'accepted' });
      },
    );
  });

  afterAll(() => {
    const providers = new Set(samples.map((s) => s.provider)).size;
    console.log(
      `fidelity: ${samples.length} samples from ${providers} providers, ${falseRed.length} false red, ${falseGreen.length} false green`,
    );
    const notReplayed = samples.filter((s) => s.kind === 'request' && s.replay).length;
    console.log(
      `  requests: ${replayed.length} replayed and accepted by their bank's mock, ${notReplayed} marked replay: mock false`,
    );
    for (const line of [...falseRed, ...falseGreen]) console.log(`  ${line}`);
  });
});
