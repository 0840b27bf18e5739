import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../src/check/findings.ts';
import { Ledger, type BillBook } from '../../src/partner/ledger.ts';
import { startPartner } from '../../src/partner/server.ts';
import { bankCredentials, inbound, runAgainst } from './bank.ts';
import { startBrokenPartner, type Flaw } from './broken-partner.ts';

/**
 * A partner nobody here numbered: other partnerServiceId, other customer numbers, bills of IDR
 * 10,000.00. kontrak learns its bills only from PARTNER_VA_* and the amounts from its inquiry answers.
 */
const OTHER: BillBook = {
  partnerServiceId: '  088899',
  openPrefix: '7',
  expiredPrefix: '3',
  amount: '10000.00',
  currency: 'IDR',
};
const BILLS = {
  PARTNER_VA_OPEN: '  0888997{n}',
  // A list, as a partner with fixed test bills gives it; leading spaces are the padding.
  PARTNER_VA_EXPIRED: '  0888993000001,  0888993000002',
  PARTNER_VA_UNKNOWN: '  0888995{n}',
};

/** What each flaw must be called, in the words of the report. */
const NAMED: Partial<Record<Flaw, RegExp>> = {
  'skips-signature-check': /accepted a VA payment flag whose X-SIGNATURE was wrong/,
  'books-replayed-flag-twice': /answered the same VA payment flag twice/,
  'success-for-unknown-va': /answered success to a bill inquiry for a virtual account that does not exist/,
  'accepts-any-amount': /accepted a payment flag whose paidAmount is not the amount of the bill/,
};

describe('inbound suites against a partner with other test bills (PARTNER_VA_*)', () => {
  it('a correct partner with bills of IDR 10,000.00 under other numbers passes every inbound suite', async () => {
    const { bank, env } = bankCredentials();
    const partner = await startPartner({ bank, ledger: new Ledger(OTHER) });
    const result = await runAgainst(partner, env(partner.url, BILLS));
    expect(result.suites.map((s) => s.name).sort()).toEqual(inbound.map((s) => s.name).sort());
    const failed = result.suites
      .flatMap((s) => s.exchanges.map((x) => ({ suite: s.name, x })))
      .filter(({ x }) => !x.passed)
      .map(
        ({ suite, x }) =>
          `${suite} › ${x.name}: ${x.checks
            .filter((c) => !c.passed)
            .map((c) => c.message)
            .join('; ')}`,
      );
    expect(failed).toEqual([]);
    expect(findingsOf(result.suites)).toEqual([]);
  });

  it.each(Object.keys(NAMED) as Flaw[])('a partner with other bills that %s is named', async (flaw) => {
    const { bank, env } = bankCredentials();
    const partner = await startBrokenPartner(bank, [flaw], OTHER);
    const result = await runAgainst(partner, env(partner.url, BILLS));
    const findings = findingsOf(result.suites).map((f) => f.message);
    for (const [other, words] of Object.entries(NAMED))
      expect(
        findings.some((f) => words.test(f)),
        `${other}: ${findings.join('\n')}`,
      ).toBe(other === flaw);
  });
});
