import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockPartner, type RunningMock } from '../../src/mock/server.ts';
import {
  BRI_TOKEN_URL,
  briCall,
  briHeaders,
  briTimestamp,
  briTokenRequest,
  nextBriExternalId,
} from './emulations.ts';
import { call, getToken, jakartaTimestamp, makePartner } from './helpers.ts';

const EXPECTED = 'x-kontrak-expected-string-to-sign';
const INQUIRY = '/v2.0/mpn/inquiryBilling';
const PAYMENT = '/v2.0/mpn/payment';

const bri: MockPartner = {
  provider: 'bri',
  clientId: 'briConsumerKey01',
  clientSecret: 'briConsumerSecret01',
  publicKeyPem: '',
};
const esbOnly: MockPartner = {
  provider: 'bri',
  clientId: 'briEsbOnly',
  clientSecret: 'esb-secret',
  publicKeyPem: '',
  products: ['mpn-esb-sandbox'],
};
const snapPartner = makePartner('BRISNAPX01', 'snap-secret', 'bri-snap');

let mock: RunningMock;
let now = Date.now();
let token: string;

async function tokenFor(partner: MockPartner): Promise<string> {
  const res = await briTokenRequest(mock.url, {
    client_id: partner.clientId,
    client_secret: partner.clientSecret,
  });
  expect(res.status).toBe(200);
  return res.json['access_token'] as string;
}

beforeAll(async () => {
  mock = await startMockBank({ partners: [bri, esbOnly, snapPartner.partner], now: () => now, seed: 1 });
  token = await tokenFor(bri);
});
afterAll(async () => {
  await mock.close();
});

const secret = bri.clientSecret;

describe('BRI API v2 token', () => {
  it('answers like BRI: all strings, BearerToken, 179999 s, product list', async () => {
    const res = await briTokenRequest(mock.url, { client_id: bri.clientId, client_secret: bri.clientSecret });
    expect(res.json).toMatchObject({
      token_type: 'BearerToken',
      expires_in: '179999',
      api_product_list: '[mpn-v2-sandbox]',
      api_product_list_json: ['mpn-v2-sandbox'],
      status: 'approved',
      client_id: bri.clientId,
      refresh_count: '0',
      organization_name: 'bri',
    });
    expect(res.json['issued_at']).toMatch(/^\d{13}$/);
    expect(res.json['application_name']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    for (const [key, value] of Object.entries(res.json))
      if (key !== 'api_product_list_json') expect(typeof value, key).toBe('string');
    const esb = await briTokenRequest(mock.url, {
      client_id: esbOnly.clientId,
      client_secret: esbOnly.clientSecret,
    });
    expect(esb.json['api_product_list']).toBe('[mpn-esb-sandbox]');
  });

  it('refuses bad credentials, other emulations’ partners and a missing grant type', async () => {
    const badSecret = await briTokenRequest(mock.url, { client_id: bri.clientId, client_secret: 'nope' });
    expect(badSecret.status).toBe(401);
    expect(badSecret.json).toEqual({ ErrorCode: 'invalid_client', Error: 'Client credentials are invalid' });
    const snap = await briTokenRequest(mock.url, {
      client_id: snapPartner.partner.clientId,
      client_secret: 'snap-secret',
    });
    expect(snap.status).toBe(401);
    expect(snap.json['ErrorCode']).toBe('invalid_client');
    const noGrant = await briTokenRequest(
      mock.url,
      { client_id: bri.clientId, client_secret: bri.clientSecret },
      '/oauth/client_credential/accesstoken',
    );
    expect(noGrant.status).toBe(400);
    expect(noGrant.json['ErrorCode']).toBe('invalid_request');
  });
});

describe('BRI MPN v2.0', () => {
  it('inquires a seeded billing and pays it from a seeded account', async () => {
    const inquiry = await briCall(mock.url, INQUIRY, { billingCode: '123456789012345' }, { token, secret });
    expect(inquiry.status).toBe(200);
    expect(inquiry.json).toMatchObject({
      responseCode: '00',
      data: {
        billingCode: '123456789012345',
        amount: '150000.00',
        currency: 'IDR',
        status: 'UNPAID',
        taxpayerName: 'CV MAJU JAYA',
      },
    });
    const body = {
      billingCode: '123456789012345',
      amount: '150000.00',
      currency: 'IDR',
      referenceNo: 'REF000001',
      sourceAccountNo: '0011223344',
    };
    const paid = await briCall(mock.url, PAYMENT, body, { token, secret });
    expect(paid.json).toMatchObject({
      responseCode: '00',
      responseDescription: 'Payment success',
      data: { billingCode: '123456789012345', amount: '150000.00', referenceNo: 'REF000001' },
    });
    const data = paid.json['data'] as Record<string, unknown>;
    expect(data['ntpn']).toMatch(/^[0-9A-Z]{16}$/);
    expect(data['ntb']).toMatch(/^\d{12}$/);
    const again = await briCall(mock.url, PAYMENT, { ...body, referenceNo: 'REF000002' }, { token, secret });
    expect(again.status).toBe(409);
    expect(again.json['responseCode']).toBe('88');
    const duplicate = await briCall(
      mock.url,
      PAYMENT,
      { ...body, billingCode: '987654321098765', amount: '2500000.00' },
      { token, secret },
    );
    expect(duplicate.json['responseCode']).toBe('94');
  });

  it('answers business errors with product codes', async () => {
    const unknown = await briCall(mock.url, INQUIRY, { billingCode: '000000000000000' }, { token, secret });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ responseCode: '14', data: null });
    const paid = await briCall(mock.url, INQUIRY, { billingCode: '111122223333444' }, { token, secret });
    expect(paid.json['responseCode']).toBe('88');
    const pay = (extra: Record<string, unknown>) =>
      briCall(
        mock.url,
        PAYMENT,
        {
          billingCode: '987654321098765',
          amount: '2500000.00',
          referenceNo: `R${nextBriExternalId()}`,
          sourceAccountNo: '0011223344',
          ...extra,
        },
        { token, secret },
      );
    expect((await pay({ amount: '2499999.99' })).json['responseCode']).toBe('13');
    expect((await pay({ sourceAccountNo: '1234567890' })).json['responseCode']).toBe('51');
    expect((await pay({ sourceAccountNo: '9988776655' })).json['responseCode']).toBe('62');
  });

  it('answers 0109 naming a missing or malformed field, and for malformed JSON', async () => {
    const missing = await briCall(mock.url, INQUIRY, {}, { token, secret });
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({
      status: { code: '0109', desc: 'Invalid request parameter (billingCode is mandatory)' },
    });
    const short = await briCall(
      mock.url,
      PAYMENT,
      { billingCode: '123', amount: '1.00', referenceNo: 'R', sourceAccountNo: '1' },
      { token, secret },
    );
    expect((short.json['status'] as Record<string, string>)['desc']).toMatch(/billingCode must be 15 digits/);
    const amount = await briCall(
      mock.url,
      PAYMENT,
      { billingCode: '987654321098765', amount: 2500000, referenceNo: 'R', sourceAccountNo: '1' },
      { token, secret },
    );
    expect((amount.json['status'] as Record<string, string>)['desc']).toMatch(
      /amount must be a string with two decimals/,
    );
    const malformed = await briCall(mock.url, INQUIRY, '{"billingCode":', { token, secret });
    expect(malformed.status).toBe(400);
    expect((malformed.json['status'] as Record<string, string>)['code']).toBe('0109');
  });
});

describe('BRI API v2 gateway checks', () => {
  const inquiry = (o: Partial<Parameters<typeof briCall>[3]> = {}) =>
    briCall(mock.url, INQUIRY, { billingCode: '987654321098765' }, { token, secret, ...o });

  it('answers 0601 for a missing, unknown or expired token', async () => {
    const missing = await inquiry({ headers: { Authorization: undefined } });
    expect(missing.status).toBe(401);
    expect((missing.json['status'] as Record<string, string>)['code']).toBe('0601');
    const unknown = await inquiry({ token: 'UP9mQjOXnotatoken' });
    expect(unknown.json['status']).toMatchObject({ code: '0601' });
    const emptyBearer = await inquiry({ headers: { Authorization: 'Bearer ' } });
    expect(emptyBearer.json['status']).toMatchObject({ code: '0601' });
    // A BRI SNAP token is never valid in the BRI API v2 family.
    const snapToken = await getToken(mock.url, snapPartner, '/snap/v1.0/access-token/b2b');
    const crossFamily = await inquiry({ token: snapToken });
    expect(crossFamily.json['status']).toMatchObject({
      code: '0601',
      desc: 'Invalid token (token unknown to this server)',
    });
  });

  it('reproduces the sandbox failure: a token whose products do not cover MPN v2.0 gets 0601', async () => {
    const esbToken = await tokenFor(esbOnly);
    const res = await briCall(
      mock.url,
      INQUIRY,
      { billingCode: '987654321098765' },
      { token: esbToken, secret: esbOnly.clientSecret },
    );
    expect(res.status).toBe(401);
    expect(res.json['status']).toMatchObject({ code: '0601' });
    expect((res.json['status'] as Record<string, string>)['desc']).toMatch(
      /^Invalid token \(.*\[mpn-esb-sandbox\].*mpn-v2-sandbox/,
    );
  });

  it('answers 0602 for a wrong BRI-Signature, with the expected payload', async () => {
    const ts = briTimestamp();
    const body = JSON.stringify({ billingCode: '987654321098765' });
    const noBearer = `path=${INQUIRY}&verb=POST&token=${token}&timestamp=${ts}&body=${body}`;
    const res = await briCall(mock.url, INQUIRY, body, {
      token,
      secret,
      timestamp: ts,
      signPayload: noBearer,
    });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      status: { code: '0602', desc: 'Invalid signature (BRI-Signature does not match)' },
    });
    expect(res.headers.get(EXPECTED)).toBe(
      `path=${INQUIRY}&verb=POST&token=Bearer ${token}&timestamp=${ts}&body=${body}`,
    );
    expect(res.headers.get(EXPECTED)).not.toContain(secret);
    const wrongSecret = await inquiry({ secret: 'other' });
    expect((wrongSecret.json['status'] as Record<string, string>)['code']).toBe('0602');
  });

  it('checks BRI-Timestamp format (0109) and window (0602)', async () => {
    const jakarta = await inquiry({ timestamp: jakartaTimestamp() });
    expect(jakarta.status).toBe(400);
    expect(jakarta.json['status']).toMatchObject({ code: '0109' });
    expect((jakarta.json['status'] as Record<string, string>)['desc']).toMatch(/BRI-Timestamp format/);
    const stale = await inquiry({ timestamp: briTimestamp(Date.now() - 600_000) });
    expect(stale.status).toBe(401);
    expect((stale.json['status'] as Record<string, string>)['desc']).toMatch(
      /^Invalid signature \(BRI-Timestamp is \d+s in the past/,
    );
  });

  it('checks BRI-External-Id: ≤ 9 digits (0109), once a day (409)', async () => {
    const long = await inquiry({ externalId: '170616458363' });
    expect(long.status).toBe(400);
    expect(long.json).toEqual({
      status: {
        code: '0109',
        desc: 'Invalid request parameter (BRI-External-Id must be numeric, at most 9 digits)',
      },
    });
    const missing = await inquiry({ headers: { 'BRI-External-Id': undefined } });
    expect(missing.json['status']).toMatchObject({ code: '0109' });
    const externalId = nextBriExternalId();
    expect((await inquiry({ externalId })).status).toBe(200);
    const again = await inquiry({ externalId });
    expect(again.status).toBe(409);
    expect(again.json['status']).toMatchObject({ code: '0109' });
    const spelledAsInDoc = await inquiry({
      headers: { 'BRI-External-Id': undefined, 'BRI-ExternalId': nextBriExternalId() },
    });
    expect(spelledAsInDoc.status).toBe(200);
  });

  it('expires tokens after 179999 s', async () => {
    const t = await tokenFor(bri);
    now += 180_000_000;
    try {
      const headers = briHeaders(INQUIRY, '{}', { token: t, secret, timestamp: briTimestamp(now) });
      const res = await call(mock.url + INQUIRY, { headers, body: '{}' });
      expect(res.json['status']).toMatchObject({ code: '0601', desc: 'Invalid token (token expired)' });
    } finally {
      now = Date.now();
    }
  });

  it('answers BRI-shaped 404 and 405 under its prefixes', async () => {
    const notFound = await call(`${mock.url}/v2.0/mpn/nothing`, { body: '{}' });
    expect(notFound.status).toBe(404);
    expect(notFound.json['status']).toMatchObject({ code: '0109' });
    const get = await call(mock.url + INQUIRY, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(get.json['status']).toMatchObject({ code: '0109' });
    const tokenGet = await call(mock.url + BRI_TOKEN_URL, { method: 'GET' });
    expect(tokenGet.status).toBe(405);
  });
});
