/**
 * PARTNER_BANK picks the bank whose inbound dialect `kontrak run --env partner` speaks: that
 * bank's suites only, with the one set of PARTNER_* variables (BRI's suites read them too).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import { startPartner } from '../../src/partner/server.ts';
import { REPO_ROOT } from '../support/project.ts';
import { bankCredentials } from './bank.ts';

const out = mkdtempSync(join(tmpdir(), 'kontrak-partner-bank-'));
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

async function run(env: Record<string, string>) {
  const lines: string[] = [];
  const errors: string[] = [];
  const io: Io = { out: (l) => lines.push(l), err: (l) => errors.push(l), cwd: REPO_ROOT, env, isTty: false };
  const code = await main(['run', '--env', 'partner', '--out', out, '--reporters', 'json'], io);
  return { code, out: lines.join('\n'), err: errors.join('\n') };
}

/** The suites a run's console names, PASS or FAIL. */
const ran = (text: string): string[] =>
  [...text.matchAll(/^(?:PASS|FAIL) (\S+) /gm)].map((m) => m[1] ?? '').sort();

describe('PARTNER_BANK (kontrak run --env partner)', () => {
  it('bri: BRI’s suites only, against PARTNER_BASE_URL with the PARTNER_* credentials', async () => {
    const { bank, env } = bankCredentials();
    const partner = await startPartner({ bank });
    try {
      const result = await run({ ...env(partner.url), PARTNER_BANK: 'bri' });
      expect(result.err).toBe('');
      expect(ran(result.out)).toEqual([
        'partner-debit-notify-bri',
        'partner-qris-notify-bri',
        'partner-va-bri',
      ]);
      expect(result.code).toBe(0);
    } finally {
      await partner.close();
    }
  });

  it('dana: the finish notify suite only; unset: every suite of the partner provider, as before', async () => {
    const { bank, env } = bankCredentials();
    const partner = await startPartner({ bank });
    try {
      const dana = await run({ ...env(partner.url), PARTNER_BANK: 'dana' });
      expect(ran(dana.out)).toEqual(['partner-debit-notify']);
      expect(dana.code).toBe(0);
      const all = await run(env(partner.url));
      expect(ran(all.out)).toContain('partner-va-bca');
      expect(ran(all.out)).toContain('partner-debit-notify-nicepay');
      expect(ran(all.out)).not.toContain('partner-va-bri');
    } finally {
      await partner.close();
    }
  });

  it('refuses a bank it does not know', async () => {
    const unknown = await run({ PARTNER_BANK: 'visa' });
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(
      /E_INVALID_VALUE[\s\S]*PARTNER_BANK must be one of bca, bri, dana, nicepay, doku, got "visa"/,
    );
  });

  it('doku: DOKU’s SNAP VA suite only, against PARTNER_BASE_URL with the PARTNER_* credentials', async () => {
    const { bank, env } = bankCredentials();
    const partner = await startPartner({ bank });
    try {
      const doku = await run({ ...env(partner.url), PARTNER_BANK: 'doku' });
      expect(doku.err).toBe('');
      expect(ran(doku.out)).toEqual(['partner-va-doku']);
      expect(doku.code).toBe(0);
    } finally {
      await partner.close();
    }
  });
});
