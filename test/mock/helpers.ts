/**
 * Test helpers for the mock bank: a partner with an RSA key pair generated at test time, and
 * request builders that sign with Node's crypto (independently of the mock's own code paths).
 */
import { createHash, createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { MockPartner } from '../../src/mock/server.ts';

export interface TestPartner {
  partner: MockPartner;
  privateKey: KeyObject;
}

/** A partner (NICEPAY unless told) with a fresh 2048-bit key; the private key never leaves memory. */
export function makePartner(
  clientId = 'IONPAYTEST',
  clientSecret = 'test-client-secret-é',
  provider = 'nicepay',
): TestPartner {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    partner: {
      provider,
      clientId,
      clientSecret,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    },
    privateKey,
  };
}

/** `2024-03-05T17:37:16+07:00` for an instant (Jakarta time). */
export function jakartaTimestamp(epochMs = Date.now(), millis = false): string {
  const d = new Date(epochMs + 7 * 3600_000);
  const iso = d.toISOString(); // yyyy-MM-ddTHH:mm:ss.SSSZ of the shifted instant
  return `${millis ? iso.slice(0, 23) : iso.slice(0, 19)}+07:00`;
}

export function rsaSign(data: string, privateKey: KeyObject): string {
  return sign('sha256', Buffer.from(data, 'utf8'), privateKey).toString('base64');
}

export function hmacSign(data: string, secret: string, encoding: 'base64' | 'hex' = 'base64'): string {
  return createHmac('sha512', secret).update(data, 'utf8').digest(encoding);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

/** Sends a request and parses the JSON answer (fails the test if it is not JSON). */
export async function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<JsonResponse> {
  const res = await fetch(url, {
    method: init.method ?? 'POST',
    headers: init.headers ?? {},
    body: init.body ?? null,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: JSON.parse(text) as Record<string, unknown> };
}

export const TOKEN_PATH = '/nicepay/v1.0/access-token/b2b';
export const CREATE_VA_PATH = '/nicepay/api/v1.0/transfer-va/create-va';
export const CREATE_VA_SIGNED_PATH = '/api/v1.0/transfer-va/create-va';

/** Requests a token with a correct signature and returns it. */
export async function getToken(
  baseUrl: string,
  tp: TestPartner,
  tokenPath = TOKEN_PATH,
  ts = jakartaTimestamp(),
): Promise<string> {
  const res = await call(baseUrl + tokenPath, {
    headers: {
      'Content-Type': 'application/json',
      'X-TIMESTAMP': ts,
      'X-CLIENT-KEY': tp.partner.clientId,
      'X-SIGNATURE': rsaSign(`${tp.partner.clientId}|${ts}`, tp.privateKey),
    },
    body: JSON.stringify({ grantType: 'client_credentials', additionalInfo: {} }),
  });
  if (res.status !== 200) throw new Error(`token request failed: ${JSON.stringify(res.json)}`);
  return res.json['accessToken'] as string;
}

let externalCounter = 0;

/** A numeric X-EXTERNAL-ID unique within the test run. */
export function nextExternalId(): string {
  externalCounter += 1;
  return `${Date.now()}${String(externalCounter).padStart(6, '0')}`;
}

export interface TransactionOptions {
  token: string;
  body: string;
  secret: string;
  partnerId: string;
  /** Path signed; default the NICEPAY path without /nicepay. */
  signedPath?: string;
  /** Method signed; default POST. */
  method?: string;
  /** X-SIGNATURE encoding; default base64. */
  encoding?: 'base64' | 'hex';
  /** Body hashed: `minified` (JSON.parse + JSON.stringify, the default) or `as-sent`. */
  bodyHash?: 'minified' | 'as-sent';
  timestamp?: string;
  externalId?: string;
  /** Overrides or removes (undefined) headers after signing. */
  headers?: Record<string, string | undefined>;
}

/** Headers of a correctly signed SNAP transactional call (HMAC over the minified body). */
export function transactionHeaders(o: TransactionOptions): Record<string, string> {
  const ts = o.timestamp ?? jakartaTimestamp();
  const minified =
    o.bodyHash === 'as-sent' || o.body.trim() === ''
      ? o.body.trim() === ''
        ? ''
        : o.body
      : JSON.stringify(JSON.parse(o.body));
  const sts = `${o.method ?? 'POST'}:${o.signedPath ?? CREATE_VA_SIGNED_PATH}:${o.token}:${sha256(minified)}:${ts}`;
  const headers: Record<string, string | undefined> = {
    'Content-Type': 'application/json',
    Authorization: `Bearer ${o.token}`,
    'X-TIMESTAMP': ts,
    'X-SIGNATURE': hmacSign(sts, o.secret, o.encoding),
    'X-PARTNER-ID': o.partnerId,
    'X-EXTERNAL-ID': o.externalId ?? nextExternalId(),
    'CHANNEL-ID': `${o.partnerId}01`,
    ...o.headers,
  };
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
}

let trxCounter = 0;

/** A valid NICEPAY Create VA body with a fresh trxId. */
export function createVaBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  trxCounter += 1;
  return {
    partnerServiceId: '',
    customerNo: '',
    virtualAccountNo: '',
    virtualAccountName: 'Setya Wardana',
    trxId: `TRX${Date.now()}${trxCounter}`,
    totalAmount: { value: '10000.00', currency: 'IDR' },
    additionalInfo: {
      bankCd: 'BMRI',
      goodsNm: 'Test',
      dbProcessUrl: 'https://merchant.example/notify',
      msId: '',
      msFee: '',
      msFeeType: '',
      mbFee: '',
      mbFeeType: '',
    },
    ...overrides,
  };
}
