import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { call, jakartaTimestamp, makePartner, rsaSign, TOKEN_PATH, type TestPartner } from './helpers.ts';

const EXPECTED = 'x-kontrak-expected-string-to-sign';
const BODY = JSON.stringify({ grantType: 'client_credentials', additionalInfo: {} });

let mock: RunningMock;
let tp: TestPartner;
let other: TestPartner;

beforeAll(async () => {
  tp = makePartner('IONPAYTEST');
  other = makePartner('OTHERMERCH');
  mock = await startMockBank({ partners: [tp.partner, other.partner] });
});
afterAll(async () => {
  await mock.close();
});

function tokenRequest(options: {
  clientKey?: string;
  timestamp?: string;
  signature?: string;
  body?: string;
  signer?: TestPartner;
}) {
  const clientKey = options.clientKey ?? tp.partner.clientId;
  const ts = options.timestamp ?? jakartaTimestamp();
  const signature = options.signature ?? rsaSign(`${clientKey}|${ts}`, (options.signer ?? tp).privateKey);
  return call(mock.url + TOKEN_PATH, {
    headers: {
      'Content-Type': 'application/json',
      'X-TIMESTAMP': ts,
      'X-CLIENT-KEY': clientKey,
      'X-SIGNATURE': signature,
    },
    body: options.body ?? BODY,
  });
}

describe('NICEPAY access token (service 73)', () => {
  it('issues a token for a correct RSA signature', async () => {
    const res = await tokenRequest({});
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      responseCode: '2007300',
      responseMessage: 'Successful',
      tokenType: 'Bearer',
      expiresIn: '900',
    });
    expect(res.json['accessToken']).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(res.headers.get('x-timestamp')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(res.headers.get('x-client-key')).toBe(tp.partner.clientId);
    expect(res.headers.get(EXPECTED)).toBeNull();
  });

  it('accepts a timestamp with milliseconds', async () => {
    const res = await tokenRequest({ timestamp: jakartaTimestamp(Date.now(), true) });
    expect(res.json['responseCode']).toBe('2007300');
  });

  it('rejects a bad signature with 4017300 and shows the expected string to sign', async () => {
    const ts = jakartaTimestamp();
    const res = await tokenRequest({ timestamp: ts, signer: other });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ responseCode: '4017300', responseMessage: 'Unauthorized. Invalid Signature' });
    expect(res.headers.get(EXPECTED)).toBe(`${tp.partner.clientId}|${ts}`);
  });

  it('rejects a missing signature with 4017300', async () => {
    const res = await call(mock.url + TOKEN_PATH, {
      headers: {
        'Content-Type': 'application/json',
        'X-TIMESTAMP': jakartaTimestamp(),
        'X-CLIENT-KEY': tp.partner.clientId,
      },
      body: BODY,
    });
    expect(res.status).toBe(401);
    expect(res.json['responseCode']).toBe('4017300');
    expect(res.headers.get(EXPECTED)).toContain(`${tp.partner.clientId}|`);
  });

  it('rejects an unknown client key', async () => {
    const res = await tokenRequest({ clientKey: 'NOBODY' });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ responseCode: '4017300', responseMessage: 'Unauthorized. Unknown Client' });
  });

  it('rejects a stale timestamp, naming X-TIMESTAMP', async () => {
    const res = await tokenRequest({ timestamp: jakartaTimestamp(Date.now() - 10 * 60_000) });
    expect(res.status).toBe(401);
    expect(res.json['responseCode']).toBe('4017300');
    expect(res.json['responseMessage']).toMatch(/X-TIMESTAMP .*in the past/);
  });

  it('rejects a malformed timestamp, naming X-TIMESTAMP', async () => {
    const res = await tokenRequest({ timestamp: new Date().toUTCString() });
    expect(res.status).toBe(401);
    expect(res.json['responseCode']).toBe('4017300');
    expect(res.json['responseMessage']).toMatch(/X-TIMESTAMP format/);
  });

  it('requires grantType client_credentials', async () => {
    const missing = await tokenRequest({ body: '{"additionalInfo":{}}' });
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({
      responseCode: '4007302',
      responseMessage: 'Invalid Mandatory Field grantType',
    });
    const wrong = await tokenRequest({ body: '{"grantType":"password"}' });
    expect(wrong.json['responseCode']).toBe('4007302');
    const badType = await tokenRequest({ body: '{"grantType":42}' });
    expect(badType.status).toBe(400);
    expect(badType.json).toEqual({
      responseCode: '4007301',
      responseMessage: 'Invalid Field Format grantType',
    });
  });

  it('answers a malformed JSON body with 400 4007300', async () => {
    const res = await tokenRequest({ body: '{"grantType":"client_credentials",' });
    expect(res.status).toBe(400);
    expect(res.json['responseCode']).toBe('4007300');
    expect(res.json['responseMessage']).toMatch(/^Bad Request\. Malformed JSON body/);
  });
});
