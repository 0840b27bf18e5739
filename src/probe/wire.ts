/**
 * Requests on the wire: X-TIMESTAMP in any offset, with or without milliseconds, and SNAP's
 * signatures made with Node's crypto over the signing contract's string to sign (the same
 * contract the signer in scripts/ and the mock use), so a variant changes one axis only.
 */
import { createHash, createHmac, createSign } from 'node:crypto';
import {
  stringToSign,
  type BodyHash,
  type SignatureEncoding,
  type SignQuery,
} from '../../scripts/signing-contract.ts';
import type { ProbeCredentials, WireRequest } from './types.ts';

/** An X-TIMESTAMP form: its offset (`Z`, `+07:00`…) and whether milliseconds follow the seconds. */
export interface StampForm {
  offset: string;
  millis: boolean;
}

/** The offsets the probe tries: Jakarta's, UTC written two ways, and one far from both. */
export const PROBED_OFFSETS = ['+07:00', 'Z', '+00:00', '-05:00'] as const;

/** `2024-03-05T17:37:16(.123)+07:00`: the instant `epochMs` in the form's offset. */
export function stamp(epochMs: number, form: StampForm): string {
  const minutes = offsetMinutes(form.offset);
  const local = new Date(epochMs + minutes * 60_000).toISOString();
  return local.slice(0, form.millis ? 23 : 19) + form.offset;
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (m === null) throw new Error(`probe: not a UTC offset: ${offset}`);
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3]));
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** A B2B token request (service 73): RSA signature over `clientKey|timestamp`. */
export function tokenRequest(input: {
  path: string;
  credentials: ProbeCredentials;
  timestamp: string;
  grantType?: string;
}): WireRequest {
  const { credentials, timestamp } = input;
  const signature = createSign('RSA-SHA256')
    .update(`${credentials.clientId}|${timestamp}`, 'utf8')
    .sign(credentials.privateKeyPem, 'base64');
  return {
    service: 'access-token/b2b',
    method: 'POST',
    pathWithQuery: input.path,
    headers: {
      'Content-Type': 'application/json',
      'X-TIMESTAMP': timestamp,
      'X-CLIENT-KEY': credentials.clientId,
      'X-SIGNATURE': signature,
    },
    body: JSON.stringify({ grantType: input.grantType ?? 'client_credentials' }),
  };
}

/** One transactional call, described axis by axis. */
export interface TransactionShape {
  service: string;
  method: string;
  path: string;
  /** A query string to send (and sign as `signQuery` says), without `?`. */
  query?: string;
  body: Record<string, unknown>;
  /** Send the body pretty-printed (whitespace between tokens) instead of minified. */
  pretty: boolean;
  timestamp: string;
  encoding: SignatureEncoding;
  signQuery: SignQuery;
  bodyHash: BodyHash;
  signedPathStripPrefix: string;
  /** CHANNEL-ID, X-PARTNER-ID, X-EXTERNAL-ID, device headers; `undefined` leaves one out. */
  headers: Record<string, string | undefined>;
  /** Sign `Bearer <token>` in the token segment (the header still carries `Bearer <token>`). */
  bearerInSignature?: boolean;
}

/** A SNAP type B call: HMAC-SHA512 with the client secret over `METHOD:path:token:sha256(body):timestamp`. */
export function transactionRequest(
  shape: TransactionShape,
  credentials: ProbeCredentials,
  accessToken: string,
): WireRequest {
  const body = shape.pretty ? JSON.stringify(shape.body, null, 2) : JSON.stringify(shape.body);
  const pathWithQuery = shape.query === undefined ? shape.path : `${shape.path}?${shape.query}`;
  const text = stringToSign(
    {
      scheme: 'snap-transaction',
      method: shape.method,
      pathWithQuery,
      body,
      timestamp: shape.timestamp,
      clientKey: '',
      accessToken: shape.bearerInSignature ? `Bearer ${accessToken}` : accessToken,
    },
    {
      signedPathStripPrefix: shape.signedPathStripPrefix,
      signQuery: shape.signQuery,
      bodyHash: shape.bodyHash,
    },
    sha256Hex,
  );
  const signature = createHmac('sha512', Buffer.from(credentials.clientSecret, 'utf8'))
    .update(text, 'utf8')
    .digest(shape.encoding);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Authorization: `Bearer ${accessToken}`,
    'X-TIMESTAMP': shape.timestamp,
    'X-SIGNATURE': signature,
  };
  for (const [name, value] of Object.entries(shape.headers)) if (value !== undefined) headers[name] = value;
  return { service: shape.service, method: shape.method, pathWithQuery, headers, body };
}
