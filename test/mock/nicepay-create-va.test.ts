import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import {
  call,
  CREATE_VA_PATH,
  CREATE_VA_SIGNED_PATH,
  createVaBody,
  getToken,
  makePartner,
  sha256,
  transactionHeaders,
  type TestPartner,
  type TransactionOptions,
} from './helpers.ts';

const EXPECTED = 'x-kontrak-expected-string-to-sign';

let mock: RunningMock;
let tp: TestPartner;
let other: TestPartner;
let token: string;
let otherToken: string;

beforeAll(async () => {
  tp = makePartner('IONPAYTEST'); // default secret has a non-ASCII character: HMAC keys are UTF-8
  other = makePartner('OTHERMERCH', 'secret-of-other');
  mock = await startMockBank({ partners: [tp.partner, other.partner] });
  token = await getToken(mock.url, tp);
  otherToken = await getToken(mock.url, other);
});
afterAll(async () => {
  await mock.close();
});

function createVa(body: string, options: Partial<TransactionOptions> = {}) {
  const headers = transactionHeaders({
    token,
    body,
    secret: tp.partner.clientSecret,
    partnerId: tp.partner.clientId,
    ...options,
  });
  return call(mock.url + CREATE_VA_PATH, { headers, body });
}

describe('NICEPAY create VA (service 27)', () => {
  it('creates a VA and echoes it NICEPAY style', async () => {
    const body = createVaBody();
    const res = await createVa(JSON.stringify(body));
    expect(res.status).toBe(200);
    expect(res.json['responseCode']).toBe('2002700');
    expect(res.json['responseMessage']).toBe('Successful');
    const data = res.json['virtualAccountData'] as Record<string, unknown>;
    expect(data).toMatchObject({
      virtualAccountName: 'Setya Wardana',
      trxId: body['trxId'],
      totalAmount: { value: '10000.00', currency: 'IDR' },
    });
    const psid = data['partnerServiceId'] as string;
    const customerNo = data['customerNo'] as string;
    expect(psid).toHaveLength(8);
    expect(customerNo).toMatch(/^\d+$/);
    expect(data['virtualAccountNo']).toBe(psid + customerNo);
    const info = data['additionalInfo'] as Record<string, unknown>;
    expect(info['tXidVA']).toMatch(/^IONPAYTEST02\d{18}$/);
    expect(info).toMatchObject({
      bankCd: 'BMRI',
      trxId: body['trxId'],
      totalAmount: { value: '10000.00', currency: 'IDR' },
    });
    expect(info['vacctValidDt']).toMatch(/^\d{8}$/);
    expect(info['vacctValidTm']).toMatch(/^\d{6}$/);
  });

  it('builds the VA number from partnerServiceId padded to 8 and customerNo', async () => {
    const res = await createVa(
      JSON.stringify(createVaBody({ partnerServiceId: '12345', customerNo: '000111' })),
    );
    const data = res.json['virtualAccountData'] as Record<string, unknown>;
    expect(data).toMatchObject({
      partnerServiceId: '   12345',
      customerNo: '000111',
      virtualAccountNo: '   12345000111',
    });
  });

  it('hashes the body as received: a pretty-printed body signed as sent is accepted, one signed minified is explained', async () => {
    // NICEPAY's Python SDK hashes json.dumps() text (with spaces) and sends that same text.
    const pretty = JSON.stringify(createVaBody(), null, 2);
    const asSent = await createVa(pretty, { bodyHash: 'as-sent' });
    expect(asSent.json['responseCode']).toBe('2002700');
    const minified = await createVa(JSON.stringify(createVaBody(), null, 2));
    expect(minified.json).toEqual({
      responseCode: '4012700',
      responseMessage: 'Unauthorized. Invalid Signature',
    });
    expect(minified.headers.get('x-kontrak-diagnosis-axes')).toBe('body');
    expect(minified.headers.get('x-kontrak-diagnosis')).toMatch(
      /^signature is valid for the minified body, but the body was sent with whitespace between tokens; this bank hashes the body exactly as received/,
    );
  });

  it('accepts the HMAC over the path without /nicepay and rejects it with /nicepay', async () => {
    const body = JSON.stringify(createVaBody());
    const withPrefix = await createVa(body, { signedPath: CREATE_VA_PATH });
    expect(withPrefix.status).toBe(401);
    expect(withPrefix.json).toEqual({
      responseCode: '4012700',
      responseMessage: 'Unauthorized. Invalid Signature',
    });
    const expected = withPrefix.headers.get(EXPECTED) ?? '';
    expect(expected.startsWith(`POST:${CREATE_VA_SIGNED_PATH}:${token}:${sha256(body)}:`)).toBe(true);
    expect(expected).not.toContain(tp.partner.clientSecret);
    const withoutPrefix = await createVa(body);
    expect(withoutPrefix.json['responseCode']).toBe('2002700');
  });

  it('rejects an HMAC made with another secret (4012700)', async () => {
    const res = await createVa(JSON.stringify(createVaBody()), { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    expect(res.json['responseCode']).toBe('4012700');
    expect(res.headers.get(EXPECTED)).toMatch(/^POST:\/api\/v1\.0\/transfer-va\/create-va:/);
  });

  it('rejects a body changed after signing (4012700)', async () => {
    const signed = JSON.stringify(createVaBody());
    const headers = transactionHeaders({
      token,
      body: signed,
      secret: tp.partner.clientSecret,
      partnerId: tp.partner.clientId,
    });
    const res = await call(mock.url + CREATE_VA_PATH, { headers, body: signed.replace('10000.00', '1.00') });
    expect(res.json['responseCode']).toBe('4012700');
  });

  it('answers 4012703 without a token and 4012701 for an unknown token', async () => {
    const body = JSON.stringify(createVaBody());
    const missing = await createVa(body, { headers: { Authorization: undefined } });
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({ responseCode: '4012703', responseMessage: 'Token Not Found (B2B)' });
    const unknown = await createVa(body, { token: 'not-a-token-we-issued' });
    expect(unknown.status).toBe(401);
    expect(unknown.json['responseCode']).toBe('4012701');
    expect(unknown.json['responseMessage']).toMatch(/^Invalid Token \(B2B\)/);
  });

  it('requires X-PARTNER-ID to be the client of the token', async () => {
    const res = await createVa(JSON.stringify(createVaBody()), {
      token: otherToken,
      secret: other.partner.clientSecret,
    });
    expect(res.status).toBe(401);
    expect(res.json['responseCode']).toBe('4012700');
    expect(res.json['responseMessage']).toMatch(/X-PARTNER-ID/);
  });

  it('requires CHANNEL-ID and a numeric X-EXTERNAL-ID', async () => {
    const noChannel = await createVa(JSON.stringify(createVaBody()), {
      headers: { 'CHANNEL-ID': undefined },
    });
    expect(noChannel.json).toEqual({
      responseCode: '4002702',
      responseMessage: 'Invalid Mandatory Field CHANNEL-ID',
    });
    const alpha = await createVa(JSON.stringify(createVaBody()), { externalId: 'eXid2024' });
    expect(alpha.json).toEqual({
      responseCode: '4002701',
      responseMessage: 'Invalid Field Format X-EXTERNAL-ID',
    });
  });

  it('answers 4092700 when an X-EXTERNAL-ID is reused the same day', async () => {
    const externalId = `9${Date.now()}`;
    const first = await createVa(JSON.stringify(createVaBody()), { externalId });
    expect(first.json['responseCode']).toBe('2002700');
    const again = await createVa(JSON.stringify(createVaBody()), { externalId });
    expect(again.status).toBe(409);
    expect(again.json['responseCode']).toBe('4092700');
    // The same id is still free for another partner.
    const body = JSON.stringify(createVaBody());
    const headers = transactionHeaders({
      token: otherToken,
      body,
      secret: other.partner.clientSecret,
      partnerId: other.partner.clientId,
      externalId,
    });
    const otherPartner = await call(mock.url + CREATE_VA_PATH, { headers, body });
    expect(otherPartner.json['responseCode']).toBe('2002700');
  });

  it('answers 4092701 for a duplicate trxId', async () => {
    const body = createVaBody();
    expect((await createVa(JSON.stringify(body))).json['responseCode']).toBe('2002700');
    const again = await createVa(JSON.stringify(body));
    expect(again.status).toBe(409);
    expect(again.json['responseCode']).toBe('4092701');
  });

  it('names a missing mandatory field (4002702)', async () => {
    const body = createVaBody();
    delete body['virtualAccountName'];
    const res = await createVa(JSON.stringify(body));
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      responseCode: '4002702',
      responseMessage: 'Invalid Mandatory Field virtualAccountName',
    });
    const noTrx = await createVa(JSON.stringify(createVaBody({ trxId: '' })));
    expect(noTrx.json).toEqual({ responseCode: '4002702', responseMessage: 'Invalid Mandatory Field trxId' });
  });

  it('names a badly formatted amount (4002701)', async () => {
    const res = await createVa(
      JSON.stringify(createVaBody({ totalAmount: { value: '10000', currency: 'IDR' } })),
    );
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      responseCode: '4002701',
      responseMessage: 'Invalid Field Format totalAmount.value',
    });
    const numeric = await createVa(
      JSON.stringify(createVaBody({ totalAmount: { value: 10000, currency: 'IDR' } })),
    );
    expect(numeric.json['responseCode']).toBe('4002701');
    const currency = await createVa(
      JSON.stringify(createVaBody({ totalAmount: { value: '1.00', currency: 'USD' } })),
    );
    expect(currency.json['responseMessage']).toBe('Invalid Field Format totalAmount.currency');
  });

  it('answers a malformed JSON body with 400 4002700', async () => {
    const res = await call(mock.url + CREATE_VA_PATH, {
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: '{"virtualAccountName": "x", ',
    });
    expect(res.status).toBe(400);
    expect(res.json['responseCode']).toBe('4002700');
    const array = await call(mock.url + CREATE_VA_PATH, {
      headers: { 'Content-Type': 'application/json' },
      body: '[1,2]',
    });
    expect(array.json['responseCode']).toBe('4002700');
  });
});

describe('token expiry', () => {
  it('rejects a token after tokenTtlSeconds with 4012701', async () => {
    let now = Date.now();
    const tp2 = makePartner('CLOCKTEST1');
    const clocked = await startMockBank({ partners: [tp2.partner], tokenTtlSeconds: 60, now: () => now });
    try {
      const t = await getToken(clocked.url, tp2);
      const send = () => {
        const body = JSON.stringify(createVaBody());
        const headers = transactionHeaders({
          token: t,
          body,
          secret: tp2.partner.clientSecret,
          partnerId: tp2.partner.clientId,
        });
        return call(clocked.url + CREATE_VA_PATH, { headers, body });
      };
      expect((await send()).json['responseCode']).toBe('2002700');
      now += 61_000;
      const expired = await send();
      // The request's own timestamp is 61 s old but still inside the 300 s skew window.
      expect(expired.json['responseCode']).toBe('4012701');
      expect(expired.json['responseMessage']).toMatch(/expired/);
    } finally {
      await clocked.close();
    }
  });
});
