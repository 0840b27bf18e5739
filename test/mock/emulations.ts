/**
 * Test clients of the SNAP bank emulations (`snap`, `bri-snap`) and BRI API v2 (`bri`), signing
 * with Node's crypto independently of the mock's code.
 */
import { createHmac, randomInt } from 'node:crypto';
import {
  call,
  getToken,
  jakartaTimestamp,
  makePartner,
  transactionHeaders,
  type JsonResponse,
  type TestPartner,
} from './helpers.ts';

/** Where an emulation serves its services, and how it signs. */
export interface SnapLayout {
  emulation: 'snap' | 'bri-snap';
  tokenPath: string;
  base: string;
  intrabase: string;
  encoding: 'base64' | 'hex';
  tokenType: string;
  expiresIn: string;
  /** A valid create-VA body builder for this emulation. */
  createVaBody(overrides?: Record<string, unknown>): Record<string, unknown>;
}

let sequence = 0;
/** A number unique within the test run (customerNo, trxId suffixes). */
export function unique(digits = 10): string {
  sequence += 1;
  return `${String(Date.now()).slice(-6)}${String(sequence).padStart(4, '0')}`
    .slice(-digits)
    .padStart(digits, '0');
}

function baseCreateVa(overrides: Record<string, unknown>, bri: boolean): Record<string, unknown> {
  const customerNo = unique(10);
  const body: Record<string, unknown> = {
    partnerServiceId: '   12345',
    customerNo,
    virtualAccountNo: `   12345${customerNo}`,
    virtualAccountName: 'Setya Wardana',
    trxId: `TRX${customerNo}`,
    totalAmount: { value: '150000.00', currency: 'IDR' },
    expiredDate: jakartaTimestamp(Date.now() + 86_400_000),
  };
  if (bri) body['additionalInfo'] = { description: 'Tagihan' };
  return { ...body, ...overrides };
}

export const SNAP_LAYOUTS: Record<'snap' | 'bri-snap', SnapLayout> = {
  snap: {
    emulation: 'snap',
    tokenPath: '/v1.0/access-token/b2b',
    base: '/v1.0',
    intrabase: '/v1.0',
    encoding: 'base64',
    tokenType: 'Bearer',
    expiresIn: '900',
    createVaBody: (o = {}) => baseCreateVa(o, false),
  },
  'bri-snap': {
    emulation: 'bri-snap',
    tokenPath: '/snap/v1.0/access-token/b2b',
    base: '/snap/v1.0',
    intrabase: '/intrabank/snap/v1.0',
    encoding: 'hex',
    tokenType: 'BearerToken',
    expiresIn: '899',
    createVaBody: (o = {}) => baseCreateVa(o, true),
  },
};

/** Options of one signed SNAP call. */
export interface SnapCallOptions {
  method?: string;
  /** Signed path; default the request path. */
  signedPath?: string;
  token?: string;
  secret?: string;
  timestamp?: string;
  externalId?: string;
  encoding?: 'base64' | 'hex';
  headers?: Record<string, string | undefined>;
}

/** A partner of a SNAP emulation holding a token. */
export interface SnapClient {
  url: string;
  layout: SnapLayout;
  tp: TestPartner;
  token: string;
  /** Signs and sends `body` to `path` (full request path). */
  send(
    path: string,
    body: Record<string, unknown> | string,
    options?: SnapCallOptions,
  ): Promise<JsonResponse>;
}

/** Registers nothing: makes the partner object to pass to startMockBank. */
export function snapPartner(layout: SnapLayout, clientId: string): TestPartner {
  return makePartner(clientId, `secret-of-${clientId}`, layout.emulation);
}

/** A client with a fresh token (BRI SNAP timestamps carry milliseconds, as BRI's SDK sends). */
export async function snapClient(url: string, layout: SnapLayout, tp: TestPartner): Promise<SnapClient> {
  const millis = layout.emulation === 'bri-snap';
  const token = await getToken(url, tp, layout.tokenPath, jakartaTimestamp(Date.now(), millis));
  const client: SnapClient = {
    url,
    layout,
    tp,
    token,
    send(path, body, options = {}) {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const method = options.method ?? 'POST';
      const headers = transactionHeaders({
        token: options.token ?? client.token,
        body: text,
        secret: options.secret ?? tp.partner.clientSecret,
        partnerId: tp.partner.clientId,
        signedPath: options.signedPath ?? path,
        method,
        encoding: options.encoding ?? layout.encoding,
        timestamp: options.timestamp ?? jakartaTimestamp(Date.now(), millis),
        ...(options.externalId === undefined ? {} : { externalId: options.externalId }),
        headers: { 'CHANNEL-ID': '95221', ...options.headers },
      });
      return call(url + path, { method, headers, body: text });
    },
  };
  return client;
}

// ---- BRI API v2 ----

export const BRI_TOKEN_URL = '/oauth/client_credential/accesstoken?grant_type=client_credentials';

/** `2024-01-25T06:36:23.000Z`. */
export function briTimestamp(epochMs = Date.now()): string {
  return new Date(epochMs).toISOString();
}

let briExternal = randomInt(1, 400_000_000);
/** Sequential 9-digit external ids (never repeat within a run). */
export function nextBriExternalId(): string {
  briExternal += 1;
  return String(briExternal).padStart(9, '1');
}

/** `POST` a form-encoded BRI token request. */
export function briTokenRequest(
  url: string,
  fields: Record<string, string>,
  path = BRI_TOKEN_URL,
): Promise<JsonResponse> {
  return call(url + path, {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Options of one signed BRI API v2 call. */
export interface BriCallOptions {
  token: string;
  secret: string;
  method?: string;
  timestamp?: string;
  externalId?: string;
  /** Overrides or removes (undefined) headers after signing. */
  headers?: Record<string, string | undefined>;
  /** Signs this payload instead of the real one. */
  signPayload?: string;
}

/** Headers of a correctly signed BRI API v2 call. */
export function briHeaders(path: string, body: string, o: BriCallOptions): Record<string, string> {
  const timestamp = o.timestamp ?? briTimestamp();
  const payload =
    o.signPayload ??
    `path=${path}&verb=${o.method ?? 'POST'}&token=Bearer ${o.token}&timestamp=${timestamp}&body=${body}`;
  const headers: Record<string, string | undefined> = {
    'Content-Type': 'application/json',
    Authorization: `Bearer ${o.token}`,
    'BRI-Timestamp': timestamp,
    'BRI-Signature': createHmac('sha256', o.secret).update(payload, 'utf8').digest('base64'),
    'BRI-External-Id': o.externalId ?? nextBriExternalId(),
    ...o.headers,
  };
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Signs and sends a BRI API v2 call. */
export function briCall(
  url: string,
  path: string,
  body: Record<string, unknown> | string,
  o: BriCallOptions,
): Promise<JsonResponse> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return call(url + path, { method: o.method ?? 'POST', headers: briHeaders(path, text, o), body: text });
}
