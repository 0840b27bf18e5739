/**
 * A draft is good enough to use: probed from the mock's emulation of a shipped bank, written in
 * place of the shipped profile (a project's banks/<bank>.yaml replaces the shipped one), it runs
 * that bank's shipped suites green. `npm test` takes BNI; test:full every bank with suites.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { bankProfiles, loadBankRegistry } from '../../src/load/bank-profiles.ts';
import { startMockBank } from '../../src/mock/server.ts';
import { draftText, probeRedactor } from '../../src/probe/draft.ts';
import { runProbe } from '../../src/probe/session.ts';
import { kontrak } from '../support/cli.ts';
import { REPO_ROOT, tempProject } from '../support/project.ts';
import { FULL } from '../support/suites.ts';
import { testKeys } from './hidden-banks.ts';

const BANKS = FULL ? ['bni', 'bri-snap', 'bca', 'mandiri', 'doku', 'snap', 'dana'] : ['bni'];
const made: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of made.splice(0)) cleanup();
});

/** A draft of `bank`, probed from the mock serving its shipped profile. */
async function probedDraft(bank: string): Promise<string> {
  const keys = testKeys();
  const clientSecret = `${bank}-secret-${Math.random().toString(36).slice(2)}`;
  const mock = await startMockBank({
    partners: [{ provider: bank, clientId: 'PROBECLIENT', clientSecret, publicKeyPem: keys.publicPem }],
  });
  const profile = bankProfiles().get(bank);
  if (profile === undefined) throw new Error(`no shipped profile ${bank}`);
  const credentials = {
    clientId: 'PROBECLIENT',
    clientSecret,
    privateKeyPem: keys.privatePem,
    channelId: '95221',
  };
  try {
    const result = await runProbe(
      { baseUrl: mock.url, profile, credentials, environment: 'mock' },
      { maxRequests: 60, paceMs: 0, allowTransactions: false },
    );
    expect(result.stopped).toBeUndefined();
    return draftText({
      shippedText: readFileSync(join(REPO_ROOT, 'banks', `${bank}.yaml`), 'utf8'),
      profile,
      result,
      redactor: probeRedactor(result, credentials),
    });
  } finally {
    await mock.close();
  }
}

for (const bank of BANKS)
  it(`runs ${bank}'s shipped suites green with a draft probed from its emulation in place of its profile`, async () => {
    const draft = await probedDraft(bank);
    const p = tempProject({ [`banks/${bank}.yaml`]: draft });
    made.push(p.cleanup);
    cpSync(join(REPO_ROOT, 'collections'), join(p.root, 'collections'), { recursive: true });
    // The project's draft, not the shipped profile, is the bank the mock plays.
    const loaded = loadBankRegistry(p.root).value?.get(bank);
    expect(loaded?.file).toBe(join(p.root, 'banks', `${bank}.yaml`));
    expect(loaded?.profile.probe).toMatchObject({ environment: 'mock' });
    // DANA signs type C and offers no B2B token: its knobs stay as shipped, marked undecided.
    if (loaded?.profile.services['access-token/b2b'] !== undefined)
      expect(loaded.profile.timestampForms.confidence).toBe('observed');
    const out = join(p.root, 'out');
    const result = await kontrak(
      ['run', '--suite', `*@${bank},${bank}-*,${bank}`, '--out', out, '--reporters', 'json'],
      {
        cwd: p.root,
      },
    );
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
      totals: { requests: number; passedRequests: number };
      suites: Array<{ provider: string }>;
    };
    expect(results.suites.map((s) => s.provider)).toContain(bank);
    expect(results.totals.requests).toBeGreaterThan(0);
    expect(results.totals.passedRequests).toBe(results.totals.requests);
    expect(result.code, result.stderr).toBe(0);
  }, 240_000);
