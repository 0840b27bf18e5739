import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockPartner, type RunningMock } from '../../src/mock/server.ts';
import { bankClient, bankPartner } from './bank-client.ts';
import { briCall, briTokenRequest } from './emulations.ts';

/** What lets QA run a collection again and again against one long-running mock. */
const INQUIRY = '/v2.0/mpn/inquiryBilling';
const PAYMENT = '/v2.0/mpn/payment';
const bri: MockPartner = {
  provider: 'bri',
  clientId: 'briReset01',
  clientSecret: 'reset-secret',
  publicKeyPem: '',
};
const secret = bri.clientSecret;
let mock: RunningMock;

async function token(): Promise<string> {
  const res = await briTokenRequest(mock.url, { client_id: bri.clientId, client_secret: secret });
  expect(res.status).toBe(200);
  return res.json['access_token'] as string;
}

const payment = (billingCode: string, referenceNo: string) => ({
  billingCode,
  amount: '150000.00',
  currency: 'IDR',
  referenceNo,
  sourceAccountNo: '0011223344',
});

beforeAll(async () => {
  mock = await startMockBank({ partners: [bri] });
});
afterAll(async () => {
  await mock.close();
});

describe('test billings', () => {
  it('a 15-digit code starting with 7 is an unpaid billing on first use, paid once', async () => {
    const t = await token();
    const code = '717950000004321';
    const inquiry = await briCall(mock.url, INQUIRY, { billingCode: code }, { token: t, secret });
    expect(inquiry.status).toBe(200);
    expect(inquiry.json).toMatchObject({
      responseCode: '00',
      data: { billingCode: code, amount: '150000.00', status: 'UNPAID', taxpayerName: 'CV MAJU JAYA' },
    });
    const paid = await briCall(mock.url, PAYMENT, payment(code, 'RUN1'), { token: t, secret });
    expect(paid.json['responseCode']).toBe('00');
    const again = await briCall(mock.url, PAYMENT, payment(code, 'RUN2'), { token: t, secret });
    expect(again.status).toBe(409);
    expect(again.json['responseCode']).toBe('88');
    // the next run mints another code
    const next = await briCall(mock.url, PAYMENT, payment('717950000014321', 'RUN3'), { token: t, secret });
    expect(next.json['responseCode']).toBe('00');
  });

  it('other unknown codes stay unknown', async () => {
    const res = await briCall(
      mock.url,
      INQUIRY,
      { billingCode: '600000000000001' },
      { token: await token(), secret },
    );
    expect(res.status).toBe(404);
    expect(res.json['responseCode']).toBe('14');
  });
});

describe('POST /kontrak/reset', () => {
  it('puts the bank back to its seed state: billings unpaid, references and tokens forgotten', async () => {
    const before = await token();
    const seeded = payment('123456789012345', 'SEEDREF1');
    expect((await briCall(mock.url, PAYMENT, seeded, { token: before, secret })).json['responseCode']).toBe(
      '00',
    );
    expect((await briCall(mock.url, PAYMENT, seeded, { token: before, secret })).status).toBe(409);

    const reset = await fetch(`${mock.url}/kontrak/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(reset.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await reset.json()).toEqual({
      responseCode: '2000000',
      responseMessage: 'Successful. The mock bank is back to its seed state',
    });

    // the old token is gone: a reset bank has issued none
    const stale = await briCall(
      mock.url,
      INQUIRY,
      { billingCode: '123456789012345' },
      { token: before, secret },
    );
    expect(stale.status).toBe(401);
    // the seeded billing is unpaid again, and the same referenceNo is new again
    const after = await token();
    const inquiry = await briCall(
      mock.url,
      INQUIRY,
      { billingCode: '123456789012345' },
      { token: after, secret },
    );
    expect(inquiry.json).toMatchObject({ responseCode: '00', data: { status: 'UNPAID' } });
    expect((await briCall(mock.url, PAYMENT, seeded, { token: after, secret })).json['responseCode']).toBe(
      '00',
    );
  });

  it('is POST only', async () => {
    const res = await fetch(`${mock.url}/kontrak/reset`);
    expect(res.status).toBe(404);
  });
});

describe('POST /kontrak/auth-code', () => {
  it('mints a fresh one-time auth code for the customer token; a reset forgets unspent ones', async () => {
    const tp = bankPartner('snap', 'AUTHMINT01');
    const bank = await startMockBank({ partners: [tp.partner] });
    try {
      const c = await bankClient(bank.url, tp, '/v1.0/access-token/b2b');
      const mint = async (): Promise<string> => {
        const res = await fetch(`${bank.url}/kontrak/auth-code`, { method: 'POST' });
        expect(res.status).toBe(200);
        const body = (await res.json()) as Record<string, unknown>;
        expect(body).toMatchObject({ responseCode: '2000000' });
        return String(body['authCode']);
      };
      const customerToken = (authCode: string) =>
        c.tokenRequest('/v1.0/access-token/b2b2c', { grantType: 'AUTHORIZATION_CODE', authCode });
      const first = await mint();
      const second = await mint();
      expect(first).toMatch(/^AUTHCODE-[0-9A-F]{24}$/);
      expect(second).not.toBe(first);
      expect((await customerToken(first)).json['responseCode']).toBe('2007400');
      expect((await customerToken(first)).json['responseCode']).toBe('4017400');
      expect((await customerToken('AUTHCODE-0123456789ABCDEF01234567')).json['responseCode']).toBe('4017400');
      expect((await fetch(`${bank.url}/kontrak/reset`, { method: 'POST' })).status).toBe(200);
      const afterReset = await bankClient(bank.url, tp, '/v1.0/access-token/b2b');
      expect(
        (
          await afterReset.tokenRequest('/v1.0/access-token/b2b2c', {
            grantType: 'AUTHORIZATION_CODE',
            authCode: second,
          })
        ).json['responseCode'],
      ).toBe('4017400');
    } finally {
      await bank.close();
    }
  });
});
