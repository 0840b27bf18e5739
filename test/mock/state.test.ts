import { describe, expect, it } from 'vitest';
import {
  applyVaPayment,
  newVirtualAccount,
  PartnerLedger,
  transferProblem,
  vaAcceptsAmount,
  type VirtualAccount,
} from '../../src/mock/books/ledger.ts';
import { formatAmount, parseAmount } from '../../src/mock/books/money.ts';
import { partnerPrng, randomDigits } from '../../src/mock/books/prng.ts';
import { startMockBank } from '../../src/mock/server.ts';
import { MockState, SEED_DATA } from '../../src/mock/books/state.ts';
import { SNAP_LAYOUTS, snapClient, snapPartner } from './emulations.ts';
import { jakartaTimestamp } from './helpers.ts';

describe('money', () => {
  it('parses and writes two-decimal strings without floating point', () => {
    expect(parseAmount('10000.00')).toBe(1_000_000n);
    expect(parseAmount('9999999999999999.99')).toBe(999_999_999_999_999_999n);
    for (const bad of ['10000', '1.0', '1.000', '-1.00', ' 1.00', '1e3'])
      expect(parseAmount(bad), bad).toBeUndefined();
    expect(formatAmount(5n)).toBe('0.05');
    expect(formatAmount(-12_345n)).toBe('-123.45');
    expect(formatAmount(100_000_000_000n)).toBe('1000000000.00');
  });
});

describe('seeded generator', () => {
  it('is deterministic per seed and partner', () => {
    const a = randomDigits(partnerPrng(7, 'snap', 'A'), 20);
    expect(randomDigits(partnerPrng(7, 'snap', 'A'), 20)).toBe(a);
    expect(randomDigits(partnerPrng(8, 'snap', 'A'), 20)).not.toBe(a);
    expect(randomDigits(partnerPrng(7, 'snap', 'B'), 20)).not.toBe(a);
    expect(randomDigits(partnerPrng(7, 'bri-snap', 'A'), 20)).not.toBe(a);
  });

  it('gives each partner its own ledger copy of the seed data', () => {
    const state = new MockState({ seed: 1 });
    const a = state.ledger('snap', 'A');
    a.accounts.get('0011223344')!.balance = 0n;
    expect(state.ledger('snap', 'B').accounts.get('0011223344')!.balance).toBe(
      SEED_DATA.accounts[0]!.balance,
    );
    expect(state.ledger('bri', 'A').accounts.get('0011223344')!.balance).toBe(SEED_DATA.accounts[0]!.balance);
    expect(state.ledger('snap', 'A')).toBe(a);
  });
});

describe('ledger rules', () => {
  const ledger = new PartnerLedger(partnerPrng(1, 'x', 'y'), SEED_DATA);
  const va = (trxType: string, total: bigint | undefined): VirtualAccount =>
    newVirtualAccount({
      partnerServiceId: '   12345',
      customerNo: '1',
      name: 'n',
      trxId: 't',
      totalCents: total,
      trxType,
      expiresAtMs: undefined,
      echo: {},
    });

  it('accepts VA amounts by trx type', () => {
    expect(vaAcceptsAmount(va('C', 100n), 100n)).toBe(true);
    expect(vaAcceptsAmount(va('C', 100n), 99n)).toBe(false);
    expect(vaAcceptsAmount(va('O', 100n), 5n)).toBe(true);
    expect(vaAcceptsAmount(va('M', 100n), 99n)).toBe(false);
    expect(vaAcceptsAmount(va('L', 100n), 101n)).toBe(false);
    expect(vaAcceptsAmount(va('C', undefined), 7n)).toBe(true);
    expect(vaAcceptsAmount(va('C', 100n), 0n)).toBe(false);
    const partial = va('I', 100n);
    applyVaPayment(partial, {
      paymentRequestId: 'p1',
      paidCents: 60n,
      referenceNo: 'r',
      trxDateTime: 't',
      reply: {},
    });
    expect(partial.status).toBe('active');
    expect(vaAcceptsAmount(partial, 41n)).toBe(false);
    applyVaPayment(partial, {
      paymentRequestId: 'p2',
      paidCents: 40n,
      referenceNo: 'r',
      trxDateTime: 't',
      reply: {},
    });
    expect(partial.status).toBe('paid');
  });

  it('checks transfers in a fixed order', () => {
    const t = (sourceAccountNo: string, beneficiaryAccountNo: string, cents: bigint) =>
      transferProblem(ledger, { sourceAccountNo, beneficiaryAccountNo, cents });
    expect(t('0', '5566778899', 1n)).toEqual({ kind: 'unknown-account', field: 'sourceAccountNo' });
    expect(t('0011223344', '0', 1n)).toEqual({ kind: 'unknown-account', field: 'beneficiaryAccountNo' });
    expect(t('9988776655', '5566778899', 1n)).toEqual({ kind: 'dormant', field: 'sourceAccountNo' });
    expect(t('1234567890', '5566778899', 1_000_001n)).toEqual({
      kind: 'insufficient-funds',
      available: '10000.00',
    });
    expect(t('1234567890', '5566778899', 1_000_000n)).toBeUndefined();
  });
});

describe('MockOptions.seed', () => {
  async function generated(seed: number): Promise<string[]> {
    const layout = SNAP_LAYOUTS.snap;
    const tp = snapPartner(layout, 'SEEDED0001');
    const mock = await startMockBank({ partners: [tp.partner], seed });
    try {
      const client = await snapClient(mock.url, layout, tp);
      const out: string[] = [];
      for (let i = 0; i < 3; i++) {
        const va = await client.send('/v1.0/transfer-va/create-va', {
          virtualAccountName: 'X',
          trxId: `T${i}`,
        });
        out.push(String((va.json['virtualAccountData'] as Record<string, unknown>)['customerNo']));
        const transfer = await client.send('/v1.0/transfer-intrabank', {
          partnerReferenceNo: `P${i}`,
          amount: { value: '1.00', currency: 'IDR' },
          beneficiaryAccountNo: '5566778899',
          sourceAccountNo: '0011223344',
          transactionDate: jakartaTimestamp(),
        });
        out.push(String(transfer.json['referenceNo']));
      }
      return out;
    } finally {
      await mock.close();
    }
  }

  it('makes generated VA numbers and reference numbers repeatable', async () => {
    const first = await generated(2024);
    expect(first.every((v) => /^\d{10,12}$/.test(v))).toBe(true);
    expect(await generated(2024)).toEqual(first);
    expect(await generated(2025)).not.toEqual(first);
  });
});
