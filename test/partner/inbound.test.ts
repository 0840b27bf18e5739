import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { bankOverlays } from '../../src/load/bank-profiles.ts';
import { findingsOf } from '../../src/check/findings.ts';
import { loadProject } from '../../src/load/project.ts';
import type { RunResult } from '../../src/model/results.ts';
import { startPartner, type RunningPartner } from '../../src/partner/server.ts';
import { runInEnvironment } from '../../src/cli/run-environment.ts';
import { kontrak } from '../support/cli.ts';
import { REPO_ROOT, tempDir } from '../support/project.ts';
import { startBrokenPartner, type Flaw } from './broken-partner.ts';

/**
 * kontrak plays the bank against a partner endpoint started on its own, reached only through
 * --env partner and the PARTNER_* variables, as a user's endpoint would be.
 */
function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} did not load`);
  return value;
}
const project = defined(loadProject(REPO_ROOT).value, 'collections/');
const schemas = defined(
  loadSchemas(join(REPO_ROOT, 'schemas'), undefined, { overlays: bankOverlays() }).value,
  'schemas/',
);
const inbound = project.suites.filter((s) => s.provider === 'partner');
const out = tempDir();
afterAll(() => {
  out.cleanup();
});

/** The bank's credentials, as the partner was given them, and the variables kontrak reads. */
function bankCredentials() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const bank = {
    clientId: 'BANKTEST',
    clientSecret: randomBytes(24).toString('base64url'),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  const env = (url: string) => ({
    PARTNER_BASE_URL: url,
    PARTNER_CLIENT_ID: bank.clientId,
    PARTNER_CLIENT_SECRET: bank.clientSecret,
    PARTNER_BANK_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
  return { bank, env };
}

async function runAgainst(partner: RunningPartner, env: Record<string, string>): Promise<RunResult> {
  try {
    const outcome = await runInEnvironment({
      project,
      schemas,
      environment: 'partner',
      suites: inbound,
      processEnv: env,
      timeoutRequest: 10000,
    });
    expect(outcome.diagnostics).toEqual([]);
    return defined(outcome.value, 'the run');
  } finally {
    await partner.close();
  }
}

/** What each flaw must be called, in the words of the report. */
const NAMED: Record<Flaw, RegExp> = {
  'skips-signature-check':
    /accepted a VA payment flag whose X-SIGNATURE was wrong: anyone who can reach it can mark invoices paid/,
  'books-replayed-flag-twice':
    /answered the same VA payment flag twice \(same X-EXTERNAL-ID, same body\) as a new success instead of 4042518: it books one payment twice/,
  'success-for-unknown-va': /answered success to a bill inquiry for a virtual account that does not exist/,
  'wrong-service-code':
    /responseCodes on \/openapi\/v1.0\/transfer-va\/payment carry service code 24, but that endpoint is service 25: the bank matches answers by that code/,
  'accepts-any-amount':
    /accepted a payment flag whose paidAmount is not the amount of the bill it quoted in its inquiry answer/,
};

describe('inbound suites against a partner started separately (--env partner)', () => {
  it('a correct partner passes every inbound suite with no finding', async () => {
    const { bank, env } = bankCredentials();
    const partner = await startPartner({ bank });
    const result = await runAgainst(partner, env(partner.url));
    expect(result.suites.map((s) => s.name).sort()).toEqual(inbound.map((s) => s.name).sort());
    expect(result.totals.failedRequests).toBe(0);
    expect(result.totals.requests).toBeGreaterThan(50);
    expect(findingsOf(result.suites)).toEqual([]);
  });

  it.each(Object.keys(NAMED) as Flaw[])('a partner that %s fails, the flaw named', async (flaw) => {
    const { bank, env } = bankCredentials();
    const partner = await startBrokenPartner(bank, [flaw]);
    const result = await runAgainst(partner, env(partner.url));
    const findings = findingsOf(result.suites).map((f) => f.message);
    expect(result.totals.failedRequests).toBeGreaterThan(0);
    expect(
      findings.some((f) => NAMED[flaw].test(f)),
      findings.join('\n'),
    ).toBe(true);
    // Only this flaw is named: the others stay silent.
    for (const [other, words] of Object.entries(NAMED))
      if (other !== flaw)
        expect(
          findings.some((f) => words.test(f)),
          `${other} named`,
        ).toBe(false);
    // A finding is a failed check of its own, listed before the exchange's other checks.
    const flagged = result.suites.flatMap((s) => s.exchanges).filter((x) => x.checks[0]?.name === 'finding');
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((x) => !x.passed)).toBe(true);
  });
});

describe('kontrak run --env partner (the CLI, as a user runs it)', () => {
  it('names every flaw of a broken partner first, on the console and in the HTML report, and exits 1', async () => {
    const { bank, env } = bankCredentials();
    const partner = await startBrokenPartner(bank, Object.keys(NAMED) as Flaw[]);
    try {
      const run = await kontrak(['run', '--env', 'partner', '--out', out.dir], { env: env(partner.url) });
      expect(run.code, run.stderr).toBe(1);
      const lines = run.stdout.split('\n').filter((l) => !l.startsWith('['));
      expect(lines[0]).toMatch(/^FINDINGS \(\d+\): what your endpoint's answers mean$/);
      for (const words of Object.values(NAMED)) expect(run.stdout).toMatch(words);
      const html = readFileSync(join(out.dir, 'index.html'), 'utf8');
      const findings = html.indexOf('data-testid="findings"');
      expect(findings).toBeGreaterThan(0);
      expect(findings).toBeLessThan(html.indexOf('data-testid="summary"'));
      for (const words of Object.values(NAMED)) expect(html).toMatch(words);
      // The bank's key and the shared secret never reach a report.
      const keyLine = env('').PARTNER_BANK_PRIVATE_KEY.split('\n')[2] ?? '';
      expect(keyLine).toMatch(/^[A-Za-z0-9+/]{64}$/);
      for (const file of ['index.html', 'junit.xml', 'results.json']) {
        const text = readFileSync(join(out.dir, file), 'utf8');
        expect(text).not.toContain(keyLine);
        expect(text).not.toContain(bank.clientSecret);
      }
    } finally {
      await partner.close();
    }
  });

  it('missing PARTNER_* values stop the run before any request (exit 2, naming each)', async () => {
    const run = await kontrak(['run', '--env', 'partner', '--out', out.dir], {
      env: {
        PARTNER_BASE_URL: '',
        PARTNER_CLIENT_ID: '',
        PARTNER_CLIENT_SECRET: '',
        PARTNER_BANK_PRIVATE_KEY: '',
      },
    });
    expect(run.code).toBe(2);
    for (const name of [
      'PARTNER_BASE_URL',
      'PARTNER_CLIENT_ID',
      'PARTNER_CLIENT_SECRET',
      'PARTNER_BANK_PRIVATE_KEY',
    ])
      expect(run.stderr).toContain(name);
  });
});
