/**
 * Randomised malformed requests for the robustness test: every emulation's paths plus junk
 * paths, odd methods, garbage headers, content types and bodies (truncated JSON, wrong types,
 * random bytes, form bodies where JSON is expected and the reverse).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { expect } from 'vitest';
import type { MockPartner } from '../../src/mock/server.ts';
import { CREATE_VA_PATH, createVaBody, jakartaTimestamp, TOKEN_PATH } from './helpers.ts';

export const FUZZ_COUNT = 5000;

export const BRI_PARTNER: MockPartner = {
  provider: 'bri',
  clientId: 'fuzzBriKey',
  clientSecret: 'fuzzBriSecret',
  publicKeyPem: '',
};

const ROUTES = [
  TOKEN_PATH,
  CREATE_VA_PATH,
  '/nicepay/api/v1.0/transfer-va/status',
  '/nicepay/api/v1.0/transfer-va/delete-va',
  '/v1.0/access-token/b2b',
  '/v1.0/balance-inquiry',
  '/v1.0/transfer-intrabank',
  '/v1.0/transfer-va/payment',
  '/snap/v1.0/access-token/b2b',
  '/snap/v1.0/transfer-va/create-va',
  '/snap/v1.0/transfer-va/inquiry',
  '/intrabank/snap/v1.0/transfer-intrabank',
  '/oauth/client_credential/accesstoken?grant_type=client_credentials',
  '/v2.0/mpn/inquiryBilling',
  '/v2.0/mpn/payment',
];
const JUNK_PATHS = [
  '/',
  '/nicepay',
  '/snap/v1.0/',
  '/v2.0/mpn/',
  `${CREATE_VA_PATH}?a=1&b=%zz`,
  '/%00',
  '/oauth/x',
  '/v1.0/access-token/b2b2c',
  '/snap/v9.9/balance-inquiry',
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  '@@@',
  '',
];
const HEADER_NAMES = [
  'authorization',
  'x-timestamp',
  'x-signature',
  'x-client-key',
  'x-partner-id',
  'x-external-id',
  'channel-id',
  'bri-timestamp',
  'bri-signature',
  'bri-external-id',
];

function pick<T>(items: readonly T[]): T {
  return items[randomInt(items.length)] as T;
}

function headerValue(token: string): string {
  switch (randomInt(6)) {
    case 0:
      return '';
    case 1:
      return randomBytes(randomInt(1, 40)).toString('base64');
    case 2:
      return jakartaTimestamp(Date.now() + randomInt(-1000, 1000) * 1000, randomInt(2) === 0);
    case 3:
      return `Bearer ${randomInt(2) === 0 ? token : randomBytes(8).toString('hex')}`;
    case 4:
      return new Date(Date.now() + randomInt(-1000, 1000) * 1000).toISOString();
    default:
      return String(randomInt(1e12));
  }
}

function body(): Buffer {
  switch (randomInt(10)) {
    case 0:
      return randomBytes(randomInt(1, 400));
    case 1:
      return Buffer.from(JSON.stringify(createVaBody()).slice(0, randomInt(1, 60)));
    case 2:
      return Buffer.from(
        JSON.stringify(
          createVaBody({
            totalAmount: randomInt(2) === 0 ? 'x' : null,
            trxId: { a: 1 },
            virtualAccountName: ['x'],
          }),
        ),
      );
    case 3:
      return Buffer.from(JSON.stringify([null, 1, 'a']));
    case 4:
      return Buffer.from(pick(['null', '"\\ud800"', '1e999', '{"a":', '{}']));
    case 5:
      return Buffer.from(
        JSON.stringify({ grantType: randomInt(2) === 0 ? 'client_credentials' : 7, additionalInfo: 'x' }),
      );
    case 6:
      return Buffer.from(
        `client_id=${pick([BRI_PARTNER.clientId, 'x', ''])}&client_secret=${randomBytes(4).toString('hex')}&grant_type=%zz`,
      );
    case 7:
      return Buffer.from(
        JSON.stringify({
          billingCode: pick(['123456789012345', '1', 123, null]),
          amount: pick(['1.00', 1, '']),
          partnerServiceId: '  1',
          paidAmount: { value: 5 },
        }),
      );
    case 8:
      return Buffer.from(
        JSON.stringify({
          accountNo: pick(['0011223344', 'abc', 12]),
          amount: { value: '1.00', currency: 'USD' },
          transactionDate: 'yesterday',
        }),
      );
    default:
      return Buffer.alloc(0);
  }
}

/** One random malformed request. */
export function fuzzRequest(token: string): {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
} {
  const method = randomInt(3) === 0 ? pick(METHODS) : 'POST';
  const path = randomInt(5) === 0 ? pick(JUNK_PATHS) : pick(ROUTES);
  const headers: Record<string, string> = {};
  for (const name of HEADER_NAMES) if (randomInt(2) === 0) headers[name] = headerValue(token);
  if (randomInt(20) === 0)
    headers['x-kontrak-fault'] = pick(['latency=abc', 'status=200', 'x=y;z', 'reset=now', '']);
  // Mostly the right content type, so the garbage reaches the protocol checks behind it.
  const contentType =
    randomInt(3) === 0
      ? pick(CONTENT_TYPES)
      : path.startsWith('/oauth/')
        ? 'application/x-www-form-urlencoded'
        : 'application/json';
  if (contentType !== '') headers['content-type'] = contentType;
  const payload = randomInt(6) === 0 ? undefined : body();
  // Frame every body explicitly: node:http sends GET/DELETE/OPTIONS bodies unframed otherwise.
  headers['content-length'] = String(payload?.length ?? 0);
  return payload === undefined ? { method, path, headers } : { method, path, headers, body: payload };
}

/** The body is one of the mock's protocol shapes and agrees with the HTTP status. */
export function expectProtocolShape(status: number, json: Record<string, unknown>, context: string): void {
  const code = json['responseCode'];
  if (typeof code === 'string' && code.length === 7) {
    expect(code, context).toMatch(/^\d{7}$/);
    expect(code.slice(0, 3), context).toBe(String(status));
    expect(typeof json['responseMessage'], context).toBe('string');
    return;
  }
  const gateway = json['status'];
  if (typeof gateway === 'object' && gateway !== null) {
    expect((gateway as Record<string, unknown>)['code'], context).toMatch(/^\d{4}$/);
    expect(typeof (gateway as Record<string, unknown>)['desc'], context).toBe('string');
    return;
  }
  if (typeof json['ErrorCode'] === 'string') {
    expect(typeof json['Error'], context).toBe('string');
    return;
  }
  expect(code, context).toMatch(/^\d{2}$/); // BRI product reply
  expect(typeof json['responseDescription'], context).toBe('string');
}

const FIELDS = [
  'partnerServiceId',
  'customerNo',
  'virtualAccountNo',
  'virtualAccountName',
  'trxId',
  'totalAmount',
  'feeAmount',
  'billDetails',
  'freeTexts',
  'virtualAccountTrxType',
  'expiredDate',
  'additionalInfo',
  'inquiryRequestId',
  'virtualAccountEmail',
];
const NICEPAY_SIGNED = [
  { method: 'POST', path: CREATE_VA_PATH },
  { method: 'POST', path: '/nicepay/api/v1.0/transfer-va/status' },
  { method: 'DELETE', path: '/nicepay/api/v1.0/transfer-va/delete-va' },
];

function randomValue(depth = 0): unknown {
  switch (randomInt(depth > 1 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return randomInt(-1e6, 1e6);
    case 2:
      return randomInt(2) === 0;
    case 3:
      return '';
    case 4:
      return pick([
        '   12345',
        '10000.00',
        'IDR',
        'C',
        'Z',
        '2024-01-01T00:00:00+07:00',
        'x'.repeat(randomInt(1, 300)),
      ]);
    case 5:
      return randomBytes(randomInt(1, 12)).toString('hex');
    case 6:
      return { value: randomValue(depth + 1), currency: randomValue(depth + 1) };
    case 7:
      return Array.from({ length: randomInt(0, 30) }, () => randomValue(depth + 1));
    default:
      return {
        tXidVA: randomValue(depth + 1),
        trxId: randomValue(depth + 1),
        totalAmount: randomValue(depth + 1),
      };
  }
}

/** A correctly signed NICEPAY call whose JSON body has random field values: fuzzes the field rules and handlers. */
export function signedFuzzRequest(
  sign: (method: string, path: string, body: string) => Record<string, string>,
): {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
} {
  const target = pick(NICEPAY_SIGNED);
  const body: Record<string, unknown> = {};
  for (const field of FIELDS) if (randomInt(2) === 0) body[field] = randomValue();
  const text = JSON.stringify(body);
  const headers = Object.fromEntries(
    Object.entries(sign(target.method, target.path, text)).map(([k, v]) => [k.toLowerCase(), v]),
  );
  headers['content-length'] = String(Buffer.byteLength(text));
  return { ...target, headers, body: Buffer.from(text) };
}
