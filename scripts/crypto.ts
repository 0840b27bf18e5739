/** Hashes, HMACs and SHA256withRSA over UTF-8 strings, with CryptoJS from the sandbox. */
import { parsePrivateKey, type RsaPrivateKey } from './der.ts';
import { hexToBase64 } from './encoding.ts';
import { rsaSignDigestHex } from './rsa.ts';
import type { CryptoJSLike } from './types.ts';

export type SignatureEncoding = 'base64' | 'hex';

/** Lower-case hex SHA-256 of the UTF-8 bytes of `message`. */
export function sha256Hex(CryptoJS: CryptoJSLike, message: string): string {
  return CryptoJS.SHA256(message).toString(CryptoJS.enc.Hex);
}

export function hmacSha512(CryptoJS: CryptoJSLike, key: string, message: string, encoding: SignatureEncoding): string {
  return CryptoJS.HmacSHA512(message, key).toString(encoding === 'hex' ? CryptoJS.enc.Hex : CryptoJS.enc.Base64);
}

export function hmacSha256(CryptoJS: CryptoJSLike, key: string, message: string, encoding: SignatureEncoding): string {
  return CryptoJS.HmacSHA256(message, key).toString(encoding === 'hex' ? CryptoJS.enc.Hex : CryptoJS.enc.Base64);
}

// Parsed keys by key text. Lives as long as the bundle object, i.e. one newman run.
let keyCache: Record<string, RsaPrivateKey> = {};
let keyCacheSize = 0;

export function privateKey(keyText: string, label: string): RsaPrivateKey {
  let key = keyCache[keyText];
  if (!key) {
    key = parsePrivateKey(keyText, label);
    if (keyCacheSize >= 32) {
      keyCache = {};
      keyCacheSize = 0;
    }
    keyCache[keyText] = key;
    keyCacheSize++;
  }
  return key;
}

/** Base64 SHA256withRSA (PKCS#1 v1.5) of the UTF-8 bytes of `message`. */
export function rsaSignBase64(CryptoJS: CryptoJSLike, keyText: string, message: string, label = 'private key'): string {
  return hexToBase64(rsaSignDigestHex(privateKey(keyText, label), sha256Hex(CryptoJS, message)));
}

/** Deterministically corrupts a base64 or hex signature (first character changed), for negative tests. */
export function tamperSignature(signature: string): string {
  const c = signature.charAt(0);
  const swap = c === 'A' ? 'B' : c === '0' ? '1' : /[0-9a-f]/.test(c) && /^[0-9a-f]+$/.test(signature) ? '0' : 'A';
  return swap + signature.slice(1);
}
