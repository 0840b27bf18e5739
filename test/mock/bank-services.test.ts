/**
 * The catalogue services the mock emulates from bank profiles, on the generic `snap` bank, called
 * with Node's crypto only: success codes and the standard business errors, and the money rules
 * (a refund never exceeds its payment, a cancelled debit never settles).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { IDR, bankClient, bankPartner, uniqueRef, type BankClient } from './bank-client.ts';

const PAY = { 'X-Kontrak-Simulate': 'customer-pays' };
const CUSTOMER = { 'X-DEVICE-ID': 'test-device' };
const code = (r: { json: Record<string, unknown> }) => r.json['responseCode'];

describe('snap bank: services from the profile', () => {
  let mock: RunningMock;
  let c: BankClient;
  const p = (suffix: string) => `/v1.0/${suffix}`;

  beforeAll(async () => {
    const tp = bankPartner('snap', 'SVCTEST01');
    mock = await startMockBank({ partners: [tp.partner] });
    c = await bankClient(mock.url, tp, '/v1.0/access-token/b2b');
  });
  afterAll(async () => {
    await mock.close();
  });

  const generate = (amount = '150000.00', ref = uniqueRef('QR')) =>
    c.send(p('qr/qr-mpm-generate'), { partnerReferenceNo: ref, amount: IDR(amount), merchantId: 'M1' });

  it('QRIS MPM: generate, query pending, paid, partial refunds up to the payment, never beyond', async () => {
    const gen = await generate();
    expect(code(gen)).toBe('2004700');
    expect(String(gen.json['qrContent'])).toMatch(/^000201010212.*5802ID.*6304[0-9A-F]{4}$/);
    const ref = gen.json['referenceNo'] as string;
    const query = { originalReferenceNo: ref, serviceCode: '47', merchantId: 'M1' };
    const pending = await c.send(p('qr/qr-mpm-query'), query);
    expect([code(pending), pending.json['latestTransactionStatus']]).toEqual(['2005100', '03']);
    const refundEarly = await c.send(p('qr/qr-mpm-refund'), {
      originalReferenceNo: ref,
      partnerRefundNo: uniqueRef('R'),
      refundAmount: IDR('1.00'),
    });
    expect(code(refundEarly)).toBe('4047800');
    const paid = await c.send(p('qr/qr-mpm-query'), query, { headers: PAY });
    expect([code(paid), paid.json['latestTransactionStatus']]).toEqual(['2005100', '00']);
    expect(paid.json['paidTime']).toBeTypeOf('string');
    const refundNo = uniqueRef('R');
    const first = await c.send(p('qr/qr-mpm-refund'), {
      originalReferenceNo: ref,
      partnerRefundNo: refundNo,
      refundAmount: IDR('100000.00'),
    });
    expect(code(first)).toBe('2007800');
    const again = await c.send(p('qr/qr-mpm-refund'), {
      originalReferenceNo: ref,
      partnerRefundNo: refundNo,
      refundAmount: IDR('100000.00'),
    });
    expect([code(again), again.json['refundNo']]).toEqual(['2007800', first.json['refundNo']]);
    const otherAmount = await c.send(p('qr/qr-mpm-refund'), {
      originalReferenceNo: ref,
      partnerRefundNo: refundNo,
      refundAmount: IDR('1.00'),
    });
    expect(code(otherAmount)).toBe('4047818');
    const beyond = await c.send(p('qr/qr-mpm-refund'), {
      originalReferenceNo: ref,
      partnerRefundNo: uniqueRef('R'),
      refundAmount: IDR('50000.01'),
    });
    expect(code(beyond)).toBe('4047813');
    const rest = await c.send(p('qr/qr-mpm-refund'), {
      originalReferenceNo: ref,
      partnerRefundNo: uniqueRef('R'),
      refundAmount: IDR('50000.00'),
    });
    expect(code(rest)).toBe('2007800');
    const refunded = await c.send(p('qr/qr-mpm-query'), query);
    expect(refunded.json['latestTransactionStatus']).toBe('04');
    const paidCancel = await c.send(p('qr/qr-mpm-cancel'), {
      originalReferenceNo: ref,
      merchantId: 'M1',
      reason: 'x',
    });
    expect(code(paidCancel)).toBe('4047714');
  });

  it('QRIS MPM: business refusals', async () => {
    const ref = uniqueRef('QD');
    expect(code(await generate('10.00', ref))).toBe('2004700');
    expect(code(await generate('10.00', ref))).toBe('4094701');
    expect(code(await generate('0.00'))).toBe('4044713');
    expect(code(await generate('10000000.01'))).toBe('4034702');
    // ASPI marks merchantId optional (aspi/mpm.md): the ASPI bank generates without it.
    const noMerchant = await c.send(p('qr/qr-mpm-generate'), {
      partnerReferenceNo: uniqueRef('Q'),
      amount: IDR('1.00'),
    });
    expect(code(noMerchant)).toBe('2004700');
    const unknown = await c.send(p('qr/qr-mpm-query'), {
      originalReferenceNo: '000000000000',
      serviceCode: '47',
      merchantId: 'M1',
    });
    expect(code(unknown)).toBe('4045101');
    const gen = await generate();
    const other = await c.send(p('qr/qr-mpm-query'), {
      originalReferenceNo: gen.json['referenceNo'],
      serviceCode: '47',
      merchantId: 'M2',
    });
    expect(code(other)).toBe('4045118');
    const cancel = await c.send(p('qr/qr-mpm-cancel'), {
      originalReferenceNo: gen.json['referenceNo'],
      merchantId: 'M1',
      reason: 'x',
    });
    expect(code(cancel)).toBe('2007700');
    const paidLater = await c.send(
      p('qr/qr-mpm-query'),
      { originalReferenceNo: gen.json['referenceNo'], serviceCode: '47', merchantId: 'M1' },
      { headers: PAY },
    );
    expect(paidLater.json['latestTransactionStatus']).toBe('05');
    const refund = await c.send(p('qr/qr-mpm-refund'), {
      originalReferenceNo: gen.json['referenceNo'],
      partnerRefundNo: uniqueRef('R'),
      refundAmount: IDR('1.00'),
    });
    expect(code(refund)).toBe('4047804');
  });

  it('direct debit: a partnerReferenceNo sent again is a duplicate as it was, inconsistent with another amount', async () => {
    const body = (amount: string, ref: string) => ({
      partnerReferenceNo: ref,
      amount: IDR(amount),
      merchantId: 'M1',
    });
    const ref = uniqueRef('DD');
    expect(code(await c.send(p('debit/payment-host-to-host'), body('10000.00', ref)))).toBe('2005400');
    expect(code(await c.send(p('debit/payment-host-to-host'), body('10000.00', ref)))).toBe('4095401');
    const other = await c.send(p('debit/payment-host-to-host'), body('10001.00', ref));
    expect([other.status, code(other), other.json['responseMessage']]).toEqual([
      404,
      '4045418',
      'Inconsistent Request',
    ]);
  });

  it('direct debit: pending until approved, a cancelled debit never settles, refunds bounded', async () => {
    const pay = (amount: string) =>
      c.send(p('debit/payment-host-to-host'), {
        partnerReferenceNo: uniqueRef('DD'),
        amount: IDR(amount),
        merchantId: 'M1',
      });
    const created = await pay('10000.00');
    expect(code(created)).toBe('2005400');
    const ref = created.json['referenceNo'];
    const status = (headers = {}) =>
      c.send(p('debit/status'), { originalReferenceNo: ref, serviceCode: '54' }, { headers });
    expect((await status()).json['latestTransactionStatus']).toBe('03');
    expect(code(await c.send(p('debit/cancel'), { originalReferenceNo: ref }))).toBe('2005700');
    expect((await status(PAY)).json['latestTransactionStatus']).toBe('05');
    expect(
      code(
        await c.send(p('debit/refund'), {
          originalReferenceNo: ref,
          partnerRefundNo: uniqueRef('R'),
          refundAmount: IDR('1.00'),
        }),
      ),
    ).toBe('4045804');
    expect(code(await c.send(p('debit/cancel'), { originalReferenceNo: ref }))).toBe('4045704');

    const second = await pay('20000.00');
    const ref2 = second.json['referenceNo'];
    const settled = await c.send(
      p('debit/status'),
      { originalReferenceNo: ref2, serviceCode: '54' },
      { headers: PAY },
    );
    expect(settled.json['latestTransactionStatus']).toBe('00');
    expect(
      code(
        await c.send(p('debit/refund'), {
          originalReferenceNo: ref2,
          partnerRefundNo: uniqueRef('R'),
          refundAmount: IDR('20000.01'),
        }),
      ),
    ).toBe('4045813');
    expect(
      code(
        await c.send(p('debit/refund'), {
          originalReferenceNo: ref2,
          partnerRefundNo: uniqueRef('R'),
          refundAmount: IDR('20000.00'),
        }),
      ),
    ).toBe('2005800');
    expect(code(await c.send(p('debit/status'), { originalReferenceNo: ref2, serviceCode: '47' }))).toBe(
      '4005501',
    );
    expect(code(await pay('9000000.00'))).toBe('4035414');
    expect(code(await pay('20000000.01'))).toBe('4035402');
  });

  it('disbursement: external inquiry, interbank transfer, duplicates, inconsistency, status', async () => {
    const inquiry = (bank: string, account: string) =>
      c.send(p('account-inquiry-external'), { beneficiaryBankCode: bank, beneficiaryAccountNo: account });
    const ok = await inquiry('014', '8880001234');
    expect([code(ok), ok.json['beneficiaryAccountName']]).toEqual(['2001600', 'DEWI LESTARI']);
    expect(code(await inquiry('999', '8880001234'))).toBe('4041603');
    expect(code(await inquiry('014', '1111111111'))).toBe('4041611');
    expect(code(await inquiry('014', '8880009999'))).toBe('4031618');
    const body = (ref: string, amount: string, source = '0011223344') => ({
      partnerReferenceNo: ref,
      amount: IDR(amount),
      beneficiaryAccountName: 'DEWI LESTARI',
      beneficiaryAccountNo: '8880001234',
      beneficiaryBankCode: '014',
      sourceAccountNo: source,
      transactionDate: '2026-01-01T10:00:00+07:00',
    });
    const ref = uniqueRef('IB');
    const sent = await c.send(p('transfer-interbank'), body(ref, '250000.00'));
    expect(code(sent)).toBe('2001800');
    expect(code(await c.send(p('transfer-interbank'), body(ref, '250000.00')))).toBe('4091801');
    expect(code(await c.send(p('transfer-interbank'), body(ref, '250000.01')))).toBe('4041818');
    expect(code(await c.send(p('transfer-interbank'), body(uniqueRef('IB'), '10000.01', '1234567890')))).toBe(
      '4031814',
    );
    expect(code(await c.send(p('transfer-interbank'), body(uniqueRef('IB'), '1.00', '9988776655')))).toBe(
      '4031809',
    );
    const status = await c.send(p('transfer/status'), { originalPartnerReferenceNo: ref, serviceCode: '18' });
    expect([
      code(status),
      status.json['latestTransactionStatus'],
      status.json['originalReferenceNo'],
    ]).toEqual(['2003600', '00', sent.json['referenceNo']]);
    expect(
      code(await c.send(p('transfer/status'), { originalPartnerReferenceNo: ref, serviceCode: '17' })),
    ).toBe('4043601');
    const statement = await c.send(p('bank-statement'), {
      accountNo: '0011223344',
      fromDateTime: '2020-01-01T00:00:00+07:00',
    });
    expect(code(statement)).toBe('2001400');
    const lines = statement.json['detailData'] as Array<Record<string, unknown>>;
    expect(lines.some((l) => l['transactionId'] === sent.json['referenceNo'] && l['type'] === 'DEBIT')).toBe(
      true,
    );
  });

  it('bank statement refusals', async () => {
    expect(code(await c.send(p('bank-statement'), { accountNo: '7777777777' }))).toBe('4041411');
    expect(code(await c.send(p('bank-statement'), { accountNo: '9988776655' }))).toBe('4031409');
    expect(
      code(
        await c.send(p('bank-statement'), {
          accountNo: '0011223344',
          fromDateTime: '2026-02-01T00:00:00+07:00',
          toDateTime: '2026-01-01T00:00:00+07:00',
        }),
      ),
    ).toBe('4001401');
    expect(code(await c.send(p('bank-statement'), { fromDateTime: '2026-02-01T00:00:00+07:00' }))).toBe(
      '4001402',
    );
  });

  it("e-money: DANA's published UAT customers and beneficiaries are seeded, active and frozen/inactive as DANA lists them", async () => {
    const topup = (customerNumber: string) =>
      c.send(p('emoney/topup'), { partnerReferenceNo: uniqueRef('TU'), customerNumber, amount: IDR('1.00') });
    expect(code(await topup('62811742234'))).toBe('2003800');
    expect(code(await topup('628996647679'))).toBe('4033805');
    const transfer = (beneficiaryAccountNumber: string) =>
      c.send(p('emoney/transfer-bank'), {
        partnerReferenceNo: uniqueRef('TB'),
        customerNumber: '62811742234',
        beneficiaryAccountNumber,
        beneficiaryBankCode: '014',
        amount: IDR('100.00'),
      });
    expect(code(await transfer('2460888509'))).toBe('2004300');
    expect(code(await transfer('81398055100'))).toBe('4034318');
  });

  it('e-money: inquiry, top-up, status, limits, transfer to bank and the customer history (B2B2C)', async () => {
    const inquiry = (customerNumber: string) =>
      c.send(p('emoney/account-inquiry'), { customerNumber, amount: IDR('1000.00') });
    expect(code(await inquiry('6281234567890'))).toBe('2003700');
    expect(code(await inquiry('6281122334455'))).toBe('4033705');
    expect(code(await inquiry('6289900000000'))).toBe('4033718');
    expect(code(await inquiry('6280000000000'))).toBe('4043711');
    const ref = uniqueRef('TU');
    const topup = (amount: string, reference = ref) =>
      c.send(p('emoney/topup'), {
        partnerReferenceNo: reference,
        customerNumber: '6281234567890',
        amount: IDR(amount),
      });
    expect(code(await topup('1000.00'))).toBe('2003800');
    expect(code(await topup('1000.00'))).toBe('4093801');
    expect(code(await topup('2000.00'))).toBe('4043818');
    expect(code(await topup('19900000.00', uniqueRef('TU')))).toBe('4033802');
    expect(
      code(await c.send(p('emoney/topup-status'), { originalPartnerReferenceNo: ref, serviceCode: '38' })),
    ).toBe('2003900');
    expect(
      code(await c.send(p('emoney/topup-status'), { originalPartnerReferenceNo: ref, serviceCode: '43' })),
    ).toBe('4003901');
    const tb = uniqueRef('TB');
    expect(
      code(
        await c.send(p('emoney/bank-account-inquiry'), {
          customerNumber: '6281234567890',
          amount: IDR('500.00'),
          beneficiaryAccountNumber: '8880001234',
        }),
      ),
    ).toBe('2004200');
    expect(
      code(
        await c.send(p('emoney/transfer-bank'), {
          partnerReferenceNo: tb,
          customerNumber: '6281234567890',
          beneficiaryAccountNumber: '8880001234',
          amount: IDR('500.00'),
        }),
      ),
    ).toBe('2004300');
    expect(
      code(
        await c.send(p('emoney/transfer-bank'), {
          partnerReferenceNo: uniqueRef('TB'),
          customerNumber: '6281234567890',
          beneficiaryAccountNumber: '8880001234',
          amount: IDR('9999999.00'),
        }),
      ),
    ).toBe('4034314');
    const status = await c.send(p('transfer/status'), { originalPartnerReferenceNo: tb, serviceCode: '43' });
    expect([code(status), status.json['latestTransactionStatus']]).toEqual(['2003600', '00']);

    const token = await c.tokenRequest(p('access-token/b2b2c'), {
      grantType: 'AUTHORIZATION_CODE',
      authCode: 'AUTHCODE-KONTRAK-1',
    });
    expect(code(token)).toBe('2007400');
    expect(
      code(
        await c.tokenRequest(p('access-token/b2b2c'), {
          grantType: 'AUTHORIZATION_CODE',
          authCode: 'AUTHCODE-KONTRAK-1',
        }),
      ),
    ).toBe('4017400');
    expect(code(await c.tokenRequest(p('access-token/b2b2c'), { grantType: 'AUTHORIZATION_CODE' }))).toBe(
      '4007402',
    );
    const bearer = { 'Authorization-Customer': `Bearer ${String(token.json['accessToken'])}`, ...CUSTOMER };
    const range = { fromDateTime: '2020-01-01T00:00:00+07:00', toDateTime: '2099-01-01T00:00:00+07:00' };
    const list = await c.send(p('transaction-history-list'), range, { headers: bearer });
    expect(code(list)).toBe('2001200');
    const types = (list.json['detailData'] as Array<Record<string, unknown>>).map((d) => d['type']);
    expect(types).toEqual(expect.arrayContaining(['TOPUP', 'TRANSFER']));
    expect(code(await c.send(p('transaction-history-list'), range))).toBe('4011204');
    expect(
      code(
        await c.send(p('transaction-history-list'), range, {
          headers: { 'Authorization-Customer': 'Bearer nope', ...CUSTOMER },
        }),
      ),
    ).toBe('4011202');
    expect(
      code(
        await c.send(p('transaction-history-list'), range, {
          headers: { 'Authorization-Customer': bearer['Authorization-Customer'] },
        }),
      ),
    ).toBe('4001202');
    expect(
      code(
        await c.send(
          p('transaction-history-detail'),
          { originalPartnerReferenceNo: ref },
          { headers: bearer },
        ),
      ),
    ).toBe('2001300');
    expect(
      code(
        await c.send(
          p('transaction-history-detail'),
          { originalPartnerReferenceNo: 'nope' },
          { headers: bearer },
        ),
      ),
    ).toBe('4041301');
    const refreshed = await c.tokenRequest(p('access-token/b2b2c'), {
      grantType: 'REFRESH_TOKEN',
      refreshToken: token.json['refreshToken'],
    });
    expect(code(refreshed)).toBe('2007400');
    expect(code(await c.send(p('transaction-history-list'), range, { headers: bearer }))).toBe('4011202');
  });

  it('a customer token request with a bad signature is refused with the string to sign', async () => {
    const res = await c.tokenRequest(
      p('access-token/b2b2c'),
      { grantType: 'AUTHORIZATION_CODE', authCode: 'AUTHCODE-KONTRAK-2' },
      { 'X-SIGNATURE': 'AAAA' },
    );
    expect(code(res)).toBe('4017400');
    expect(res.headers.get('x-kontrak-expected-string-to-sign')).toMatch(/^SVCTEST01\|/);
  });
});

describe('snap bank: a refund goes back into the e-wallet', () => {
  it('a debit of the whole balance empties the e-wallet, its refund fills it again', async () => {
    const tp = bankPartner('snap', 'REFUNDBACK01');
    const bank = await startMockBank({ partners: [tp.partner] });
    try {
      const c = await bankClient(bank.url, tp, '/v1.0/access-token/b2b');
      const pay = (amount: string) =>
        c.send('/v1.0/debit/payment-host-to-host', {
          partnerReferenceNo: uniqueRef('DD'),
          amount: IDR(amount),
          merchantId: 'M1',
        });
      const all = await pay('150000.00'); // the seeded e-wallet 6281234567890 holds 150000.00
      expect(code(all)).toBe('2005400');
      const ref = all.json['referenceNo'];
      const settled = await c.send(
        '/v1.0/debit/status',
        { originalReferenceNo: ref, serviceCode: '54' },
        { headers: PAY },
      );
      expect(settled.json['latestTransactionStatus']).toBe('00');
      expect(code(await pay('0.01'))).toBe('4035414');
      const refund = await c.send('/v1.0/debit/refund', {
        originalReferenceNo: ref,
        partnerRefundNo: uniqueRef('R'),
        refundAmount: IDR('150000.00'),
      });
      expect(code(refund)).toBe('2005800');
      expect(code(await pay('150000.00'))).toBe('2005400');
      expect(code(await pay('150000.01'))).toBe('4035414');
    } finally {
      await bank.close();
    }
  });
});
