/** Hashes, HMACs and SHA256withRSA over UTF-8 strings, with CryptoJS from the sandbox. */
import { parsePrivateKey, type RsaPrivateKey } from './der.ts';
import { rsaSignDigestHex } from './rsa.ts';
import type { SignatureEncoding } from './signing-contract.ts';
import type { CryptoJSLike } from './types.ts';

/** Lower-case hex SHA-256 of the UTF-8 bytes of `message`. */
export const sha256Hex = (CryptoJS: CryptoJSLike, message: string): string =>
  CryptoJS.SHA256(message).toString(CryptoJS.enc.Hex);

const hmac =
  (algorithm: 'HmacSHA256' | 'HmacSHA512') =>
  (CryptoJS: CryptoJSLike, key: string, message: string, encoding: SignatureEncoding): string =>
    CryptoJS[algorithm](message, key).toString(encoding === 'hex' ? CryptoJS.enc.Hex : CryptoJS.enc.Base64);

export const hmacSha512 = hmac('HmacSHA512');
export const hmacSha256 = hmac('HmacSHA256');

// Parsed keys by key text, at most 32. Lives as long as the bundle object, i.e. one newman run.
const keyCache = new Map<string, RsaPrivateKey>();

export const privateKey = (keyText: string, label: string): RsaPrivateKey => {
  let key = keyCache.get(keyText);
  if (!key) {
    key = parsePrivateKey(keyText, label);
    if (keyCache.size >= 32) keyCache.clear();
    keyCache.set(keyText, key);
  }
  return key;
};

/** Base64 SHA256withRSA (PKCS#1 v1.5) of the UTF-8 bytes of `message`. */
export const rsaSignBase64 = (
  CryptoJS: CryptoJSLike,
  keyText: string,
  message: string,
  label = 'private key',
): string =>
  // CryptoJS turns the hex signature into base64 (encoding.ts hexToBase64 does the same in Node).
  CryptoJS.enc.Hex.parse(rsaSignDigestHex(privateKey(keyText, label), sha256Hex(CryptoJS, message))).toString(
    CryptoJS.enc.Base64,
  );

/** Deterministically corrupts a base64 or hex signature (first character changed), for negative tests. */
export const tamperSignature = (signature: string): string => {
  const c = signature[0];
  return (c === 'A' ? 'B' : c === '0' ? '1' : /^[0-9a-f]+$/.test(signature) ? '0' : 'A') + signature.slice(1);
};
