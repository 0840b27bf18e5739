/**
 * A SNAP client for the profile-driven banks of the mock, signing with Node's crypto only (no
 * kontrak code): B2B token (RSA over `clientId|timestamp`), type B transactions (HMAC-SHA512 with
 * the token) and type C transactions (RSA without a token).
 */
import { createHash, createHmac, sign } from 'node:crypto';
import { call, jakartaTimestamp, makePartner, type JsonResponse, type TestPartner } from './helpers.ts';

let counter = 0;
/** A numeric X-EXTERNAL-ID unique within the test run (at most 16 digits). */
export function externalId(): string {
  counter += 1;
  return `${String(Date.now()).slice(-9)}${String(counter).padStart(7, '0')}`;
}

export function uniqueRef(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now()}${counter}`;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const rsa = (data: string, tp: TestPartner) =>
  sign('sha256', Buffer.from(data, 'utf8'), tp.privateKey).toString('base64');

export interface SendOptions {
  headers?: Record<string, string | undefined>;
  /** Sign type C (RSA, no token) instead of type B. */
  asymmetric?: boolean;
  encoding?: 'base64' | 'hex';
  method?: string;
}

export interface BankClient {
  partner: TestPartner;
  token: string;
  send(path: string, body: unknown, options?: SendOptions): Promise<JsonResponse>;
  /** POST a token request (73 or 74) signed with RSA over `clientId|timestamp`. */
  tokenRequest(path: string, body: unknown, headers?: Record<string, string>): Promise<JsonResponse>;
}

export function bankPartner(bank: string, clientId: string): TestPartner {
  return makePartner(clientId, `secret-${clientId}`, bank);
}

/** A client of `bank`; fetches a B2B token from `tokenPath` unless it is undefined (DANA). */
export async function bankClient(
  url: string,
  tp: TestPartner,
  tokenPath: string | undefined,
  defaults: { encoding?: 'base64' | 'hex'; headers?: Record<string, string>; asymmetric?: boolean } = {},
): Promise<BankClient> {
  const tokenRequest = (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const ts = jakartaTimestamp();
    return call(url + path, {
      headers: {
        'Content-Type': 'application/json',
        'X-TIMESTAMP': ts,
        'X-CLIENT-KEY': tp.partner.clientId,
        'X-SIGNATURE': rsa(`${tp.partner.clientId}|${ts}`, tp),
        ...headers,
      },
      body: JSON.stringify(body),
    });
  };
  let token = '';
  if (tokenPath !== undefined) {
    const res = await tokenRequest(tokenPath, { grantType: 'client_credentials' });
    if (res.status !== 200) throw new Error(`token: ${JSON.stringify(res.json)}`);
    token = res.json['accessToken'] as string;
  }
  const send = (path: string, body: unknown, options: SendOptions = {}) => {
    const ts = jakartaTimestamp();
    const text = JSON.stringify(body);
    const method = options.method ?? 'POST';
    const asymmetric = options.asymmetric ?? defaults.asymmetric ?? false;
    const signature = asymmetric
      ? rsa(`${method}:${path}:${sha256(text)}:${ts}`, tp)
      : createHmac('sha512', tp.partner.clientSecret)
          .update(`${method}:${path}:${token}:${sha256(text)}:${ts}`, 'utf8')
          .digest(options.encoding ?? defaults.encoding ?? 'base64');
    const headers: Record<string, string | undefined> = {
      'Content-Type': 'application/json',
      ...(asymmetric ? {} : { Authorization: `Bearer ${token}` }),
      'X-TIMESTAMP': ts,
      'X-SIGNATURE': signature,
      'X-PARTNER-ID': tp.partner.clientId,
      'X-EXTERNAL-ID': externalId(),
      'CHANNEL-ID': '95221',
      ...defaults.headers,
      ...options.headers,
    };
    return call(url + path, {
      method,
      headers: Object.fromEntries(
        Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined),
      ),
      body: text,
    });
  };
  return { partner: tp, token, send, tokenRequest };
}

export const IDR = (value: string) => ({ value, currency: 'IDR' });
