/**
 * The mock emulates each shipped bank profile: its paths, signing type, headers, mandatory fields,
 * service codes, success codes and sandbox scenarios. Requests are signed with Node's crypto only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { IDR, bankClient, bankPartner, uniqueRef } from './bank-client.ts';

const code = (r: { json: Record<string, unknown> }) => r.json['responseCode'];

describe('bank profiles in the mock', () => {
  let mock: RunningMock;
  const partners = {
    dana: bankPartner('dana', 'DANATEST01'),
    bri: bankPartner('bri-snap', 'BRITEST01'),
    bni: bankPartner('bni', 'BNITEST01'),
    bca: bankPartner('bca', 'BCATEST01'),
    mandiri: bankPartner('mandiri', 'MDRTEST01'),
    doku: bankPartner('doku', 'DOKUTEST01'),
  };
  beforeAll(async () => {
    mock = await startMockBank({ partners: Object.values(partners).map((p) => p.partner) });
  });
  afterAll(async () => {
    await mock.close();
  });

  it('DANA: type C on every transaction, its own service codes and success codes, scripted amounts', async () => {
    const dana = await bankClient(mock.url, partners.dana, undefined, { asymmetric: true });
    const debit = (amount: string) =>
      dana.send('/rest/redirection/v1.0/debit/payment-host-to-host', {
        partnerReferenceNo: uniqueRef('DA'),
        amount: IDR(amount),
        merchantId: 'M1',
      });
    expect(code(await debit('40000.00'))).toBe('2005400');
    const hmac = await dana.send(
      '/rest/redirection/v1.0/debit/payment-host-to-host',
      { partnerReferenceNo: uniqueRef('DA'), amount: IDR('1.00'), merchantId: 'M1' },
      { asymmetric: false, headers: { Authorization: 'Bearer x' } },
    );
    expect(code(hmac)).toBe('4015400');
    expect(String(hmac.json['responseMessage'])).toContain('without a token');
    expect(hmac.headers.get('x-kontrak-expected-string-to-sign')).toMatch(
      /^POST:\/rest\/redirection\/v1\.0\/debit\/payment-host-to-host:[0-9a-f]{64}:/,
    );
    expect(code(await debit('505400.00'))).toBe('5005400');
    expect(code(await debit('21000000.00'))).toBe('4035402');

    const token = await dana.tokenRequest('/v1.0/access-token/b2b2c.htm', {
      grantType: 'AUTHORIZATION_CODE',
      authCode: 'AUTHCODE-KONTRAK-1',
    });
    expect(code(token)).toBe('2007400');
    const customer = {
      'Authorization-Customer': `Bearer ${String(token.json['accessToken'])}`,
      'X-DEVICE-ID': 'd',
    };
    const list = await dana.send(
      '/v1.0/transaction-history-list.htm',
      { fromDateTime: '2020-01-01T00:00:00+07:00', toDateTime: '2099-01-01T00:00:00+07:00' },
      { headers: customer },
    );
    expect(code(list)).toBe('2006000');
    expect(
      code(
        await dana.send('/v1.0/transaction-history-list.htm', {
          fromDateTime: '2020-01-01T00:00:00+07:00',
          toDateTime: '2099-01-01T00:00:00+07:00',
        }),
      ),
    ).toBe('4016004');

    const ref = uniqueRef('DB');
    const transfer = await dana.send('/v1.0/emoney/transfer-bank.htm', {
      partnerReferenceNo: ref,
      customerNumber: '6281234567890',
      beneficiaryAccountNumber: '1122334455',
      beneficiaryBankCode: '009',
      amount: IDR('1000.00'),
    });
    expect([transfer.status, code(transfer)]).toEqual([202, '2024300']);
    const status = await dana.send('/v1.0/emoney/transfer-bank-status.htm', {
      originalPartnerReferenceNo: ref,
      serviceCode: '43',
    });
    expect([code(status), status.json['latestTransactionStatus']]).toEqual(['2000000', '00']);
    expect(
      code(
        await dana.send('/rest/v1.0/emoney/topup', {
          partnerReferenceNo: uniqueRef('T'),
          customerNumber: '6281122334455',
          amount: IDR('1.00'),
        }),
      ),
    ).toBe('4033805');
  });

  it('BRI SNAP: bank statement at v1.0 (dates optional), v1.1 and v2.0 (dates mandatory), hex signatures', async () => {
    const bri = await bankClient(mock.url, partners.bri, '/snap/v1.0/access-token/b2b', { encoding: 'hex' });
    expect(code(await bri.send('/snap/v1.0/bank-statement', { accountNo: '0011223344' }))).toBe('2001400');
    const v11 = await bri.send('/snap/v1.1/bank-statement', { accountNo: '0011223344' });
    expect([code(v11), v11.json['responseMessage']]).toEqual([
      '4001402',
      'Invalid Mandatory Field fromDateTime',
    ]);
    const dates = { fromDateTime: '2020-01-01T00:00:00+07:00', toDateTime: '2099-01-01T00:00:00+07:00' };
    expect(code(await bri.send('/snap/v1.1/bank-statement', { accountNo: '0011223344', ...dates }))).toBe(
      '2001400',
    );
    expect(code(await bri.send('/snap/v2.0/bank-statement', { accountNo: '0011223344', ...dates }))).toBe(
      '2001400',
    );
    expect(code(await bri.send('/snap/v2.0/bank-statement', { accountNo: '0011223344' }))).toBe('4001402');
    expect(
      code(await bri.send('/snap/v1.0/bank-statement', { accountNo: '0011223344' }, { encoding: 'base64' })),
    ).toBe('4011400');
    expect(
      code(
        await bri.send('/interbank/snap/v1.0/account-inquiry-external', {
          beneficiaryBankCode: '014',
          beneficiaryAccountNo: '8880001234',
        }),
      ),
    ).toBe('2001600');
    expect(
      code(
        await bri.send('/snap/v2.0/debit/payment-host-to-host', {
          partnerReferenceNo: uniqueRef('BD'),
          amount: IDR('1.00'),
          merchantId: 'M1',
        }),
      ),
    ).toBe('2005400');
    expect(
      code(
        await bri.send('/v1.1/qr-dynamic-mpm/qr-mpm-generate-qr', {
          partnerReferenceNo: uniqueRef('BQ'),
          amount: IDR('1.00'),
          merchantId: 'M1',
        }),
      ),
    ).toBe('2004700');
  });

  it('BNI: token at /snap/v1, services at /snap-service/v1, device headers required', async () => {
    const device = {
      'X-DEVICE-ID': 'd',
      'X-IP-ADDRESS': '127.0.0.1',
      'X-LATITUDE': '-6.2',
      'X-LONGITUDE': '106.8',
    };
    const bni = await bankClient(mock.url, partners.bni, '/snap/v1/access-token/b2b', { headers: device });
    expect(code(await bni.send('/snap-service/v1/balance-inquiry', { accountNo: '0011223344' }))).toBe(
      '2001100',
    );
    const missing = await bni.send(
      '/snap-service/v1/balance-inquiry',
      { accountNo: '0011223344' },
      { headers: { 'X-DEVICE-ID': undefined } },
    );
    expect([code(missing), missing.json['responseMessage']]).toEqual([
      '4001102',
      'Invalid Mandatory Field X-DEVICE-ID',
    ]);
    expect(code(await bni.send('/v1.0/balance-inquiry', { accountNo: '0011223344' }))).toBe('4011101');
  });

  it('BCA: /openapi paths, interbank at v2.0, CHANNEL-ID per product', async () => {
    const bca = await bankClient(mock.url, partners.bca, '/openapi/v1.0/access-token/b2b');
    expect(
      code(
        await bca.send(
          '/openapi/v1.0/balance-inquiry',
          { accountNo: '0011223344' },
          { headers: { 'CHANNEL-ID': '95051' } },
        ),
      ),
    ).toBe('2001100');
    const wrongChannel = await bca.send('/openapi/v1.0/balance-inquiry', { accountNo: '0011223344' });
    expect([code(wrongChannel), wrongChannel.json['responseMessage']]).toEqual([
      '4001101',
      'Invalid Field Format CHANNEL-ID (this bank expects 95051 for this service)',
    ]);
    const transfer = {
      partnerReferenceNo: uniqueRef('BC'),
      amount: IDR('1.00'),
      beneficiaryAccountName: 'DEWI LESTARI',
      beneficiaryAccountNo: '8880001234',
      beneficiaryBankCode: '014',
      sourceAccountNo: '0011223344',
      transactionDate: '2026-01-01T10:00:00+07:00',
    };
    // BCA's interbank table marks beneficiaryEmail N and has no remark (developer.bca.co.id).
    expect(code(await bca.send('/openapi/v2.0/transfer-interbank', transfer))).toBe('2001800');
  });

  it('Mandiri: the sandbox answers by X-EXTERNAL-ID', async () => {
    const mandiri = await bankClient(mock.url, partners.mandiri, '/openapi/auth/v2.0/access-token/b2b');
    const res = await mandiri.send(
      '/openapi/transactions/v1.0/transfer-va/create-va',
      { virtualAccountName: 'X', trxId: uniqueRef('T') },
      { headers: { 'X-EXTERNAL-ID': '202701' } },
    );
    expect(code(res)).toBe('2002700');
    expect(String(res.json['responseMessage'])).toContain('Scripted sandbox answer');
  });

  it('Mandiri: the bank statement at v2.0, the path a Mandiri client calls, beside v1.0', async () => {
    const mandiri = await bankClient(mock.url, partners.mandiri, '/openapi/auth/v2.0/access-token/b2b');
    // As otnansirk/php-snap-bi's Mandiri bankStatement sends it: a reference, the account, the dates.
    const body = {
      partnerReferenceNo: uniqueRef('MS'),
      accountNo: '0011223344',
      fromDateTime: '2020-01-01T00:00:00+07:00',
      toDateTime: '2099-01-01T00:00:00+07:00',
    };
    const v20 = await mandiri.send('/openapi/transactions/v2.0/bank-statement', body);
    expect([v20.status, code(v20)]).toEqual([200, '2001400']);
    const v10 = await mandiri.send('/openapi/transactions/v1.0/bank-statement', {
      ...body,
      partnerReferenceNo: uniqueRef('MS'),
    });
    expect(code(v10)).toBe('2001400');
  });

  it('DOKU: its own prefixes for token, direct debit, status and QRIS', async () => {
    const doku = await bankClient(mock.url, partners.doku, '/authorization/v1/access-token/b2b');
    const debit = await doku.send('/direct-debit/core/v1/debit/payment-host-to-host', {
      partnerReferenceNo: uniqueRef('DK'),
      amount: IDR('1.00'),
      merchantId: 'M1',
    });
    expect(code(debit)).toBe('2005400');
    expect(
      code(
        await doku.send('/orders/v1.0/debit/status', {
          originalReferenceNo: debit.json['referenceNo'],
          serviceCode: '54',
        }),
      ),
    ).toBe('2005500');
    expect(
      code(
        await doku.send('/snap-adapter/b2b/v1.0/qr/qr-mpm-generate', {
          partnerReferenceNo: uniqueRef('DQ'),
          amount: IDR('1.00'),
          merchantId: 'M1',
        }),
      ),
    ).toBe('2004700');
  });
});
