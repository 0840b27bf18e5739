/**
 * Signature verification with Node's crypto: the mock bank's half of every signing scheme.
 * Never throws on hostile input; a malformed signature simply does not verify.
 */
import { createHmac, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

/** How an HMAC signature is written in X-SIGNATURE. */
export type SignatureEncoding = 'base64' | 'hex';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 decoding (Node's decoder silently skips junk characters). */
function decodeBase64(value: string): Buffer | undefined {
  return value !== '' && BASE64.test(value) ? Buffer.from(value, 'base64') : undefined;
}

/** Verifies a base64 SHA256withRSA (PKCS#1 v1.5) signature over a UTF-8 string. */
export function verifyRsaSha256(options: {
  data: string;
  signatureBase64: string;
  publicKey: KeyObject | string;
}): boolean {
  const signature = decodeBase64(options.signatureBase64);
  if (signature === undefined) return false;
  try {
    return verify('sha256', Buffer.from(options.data, 'utf8'), options.publicKey, signature);
  } catch {
    return false;
  }
}

/** HMAC-SHA512 of a UTF-8 string with a UTF-8 secret, in the given encoding. */
export function hmacSha512(data: string, secret: string, encoding: SignatureEncoding): string {
  return createHmac('sha512', Buffer.from(secret, 'utf8')).update(data, 'utf8').digest(encoding);
}

/** Verifies an HMAC-SHA512 signature in constant time. Hex is compared case-insensitively. */
export function verifyHmacSha512(options: {
  data: string;
  signature: string;
  secret: string;
  encoding: SignatureEncoding;
}): boolean {
  const expected = Buffer.from(hmacSha512(options.data, options.secret, options.encoding), 'utf8');
  const given = Buffer.from(
    options.encoding === 'hex' ? options.signature.toLowerCase() : options.signature,
    'utf8',
  );
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Makes a value safe for an HTTP header (printable ASCII only): other characters are
 * written as %XX code units so that echoing client input never breaks the response.
 */
export function headerSafe(value: string): string {
  return value.replace(
    /[^\x20-\x7e]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** Base64 HMAC-SHA256 of a UTF-8 string with a UTF-8 secret (BRI-Signature). */
export function hmacSha256Base64(data: string, secret: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(data, 'utf8').digest('base64');
}

/** Verifies a base64 HMAC-SHA256 signature in constant time. */
export function verifyHmacSha256Base64(options: {
  data: string;
  signature: string;
  secret: string;
}): boolean {
  const expected = Buffer.from(hmacSha256Base64(options.data, options.secret), 'utf8');
  const given = Buffer.from(options.signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
