/**
 * Strings to sign of the SNAP schemes, as the mock bank recomputes them. Pure functions, no IO:
 * the report reuses them to show what a request should have signed.
 *
 * Deliberately independent of `scripts/` (the sandbox signer) so each checks the other.
 */
import { createHash } from 'node:crypto';

/** SHA-256 of the empty string: the body segment of a SNAP request without a body. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Lower-case hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The SNAP "minified" body: `JSON.stringify(JSON.parse(raw))` (key order and values kept).
 * An empty or whitespace-only body minifies to "". Throws `SyntaxError` on malformed JSON.
 */
export function minifyJsonBody(raw: string): string {
  if (raw.trim() === '') return '';
  return JSON.stringify(JSON.parse(raw));
}

/** SNAP access-token signature (SHA256withRSA): `clientKey|X-TIMESTAMP`. */
export function snapTokenStringToSign(clientKey: string, timestamp: string): string {
  return `${clientKey}|${timestamp}`;
}

/** Input of {@link snapTransactionStringToSign}. */
export interface SnapTransactionSigningInput {
  /** HTTP method; upper-cased before signing. */
  method: string;
  /** The signed path: relative, provider prefix already removed (NICEPAY drops `/nicepay`). */
  path: string;
  /** The bare access token, without `Bearer `. */
  token: string;
  /** The raw request body as received or sent; minified before hashing. */
  body: string;
  /** The X-TIMESTAMP header value, verbatim. */
  timestamp: string;
}

/**
 * SNAP symmetric transaction signature (HMAC-SHA512):
 * `METHOD:path:token:lowerhex(sha256(minified body)):X-TIMESTAMP`.
 * Throws `SyntaxError` when the body is not JSON (it cannot be minified).
 */
export function snapTransactionStringToSign(input: SnapTransactionSigningInput): string {
  const bodyHash = sha256Hex(minifyJsonBody(input.body));
  return [input.method.toUpperCase(), input.path, input.token, bodyHash, input.timestamp].join(':');
}

/** Options of {@link signedPath}. */
export interface SignedPathOptions {
  /** Prefix removed from the start of the path before signing ("" keeps the path). */
  stripPrefix: string;
  /** Whether the query string stays part of the signed path. */
  signQuery: boolean;
}

/**
 * The path that goes into a SNAP string to sign, from a raw request target
 * (`/nicepay/api/v1.0/x?a=1` → `/api/v1.0/x` for NICEPAY). The path is used as sent (no decoding).
 */
export function signedPath(rawUrl: string, options: SignedPathOptions): string {
  const queryAt = rawUrl.indexOf('?');
  let path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = queryAt === -1 ? '' : rawUrl.slice(queryAt);
  const prefix = options.stripPrefix;
  if (prefix !== '' && (path === prefix || path.startsWith(`${prefix}/`))) {
    path = path.slice(prefix.length) || '/';
  }
  return options.signQuery ? path + query : path;
}

/** Input of {@link briSignatureStringToSign}. */
export interface BriSigningInput {
  /** The request path as sent, without the query string (`/v2.0/mpn/inquiryBilling`). */
  path: string;
  /** HTTP method; upper-cased before signing. */
  method: string;
  /** The bare access token; the payload carries `Bearer <token>`. */
  token: string;
  /** The BRI-Timestamp header value, verbatim. */
  timestamp: string;
  /** The raw request body as transmitted ("" for none); not minified, not hashed. */
  body: string;
}

/**
 * BRI API v2 BRI-Signature payload (HMAC-SHA256 with the consumer secret, base64):
 * `path=<path>&verb=<METHOD>&token=Bearer <token>&timestamp=<ts>&body=<raw body>` (protocols.md §2.2).
 */
export function briSignatureStringToSign(input: BriSigningInput): string {
  return `path=${input.path}&verb=${input.method.toUpperCase()}&token=Bearer ${input.token}&timestamp=${input.timestamp}&body=${input.body}`;
}
