/**
 * The part of CryptoJS the signer uses (SHA-256, HMAC-SHA256, HMAC-SHA512, hex and base64), in
 * plain code that needs nothing from the sandbox but BigInt: for a Postman sandbox without
 * CryptoJS (postman-sandbox 6 deprecates it). Size budget: 2,500 bytes minified (test/scripts/
 * crypto-fallback.test.ts holds it to that); speed is secondary, the inputs are a few KB.
 *
 * One SHA-2 over BigInt words serves both widths. Its constants are computed, not listed: the
 * first 32 (SHA-256) or 64 (SHA-512) fraction bits of the square roots (initial hash) and cube
 * roots (round constants) of the first primes (FIPS 180-4 §4.2, §5.3).
 */
import { hexToBase64, type Bytes } from './encoding.ts';
import type { CryptoJSLike, WordArray } from './types.ts';

const big = BigInt;

/** floor(n ** (1/k)) by Newton's method, starting above the root. */
const root = (n: bigint, k: bigint): bigint => {
  let x = 1n << (big(n.toString(2).length) / k + 1n);
  for (;;) {
    const y = ((k - 1n) * x + n / x ** (k - 1n)) / k;
    if (y >= x) return x;
    x = y;
  }
};

const PRIMES: number[] = [];
for (let c = 2; PRIMES.length < 80; c++) if (PRIMES.every((p) => c % p)) PRIMES.push(c);

type Triple = readonly [number, number, number];

interface Sha2 {
  /** Word size in bits. */
  w: bigint;
  h: bigint[];
  k: bigint[];
  /** Rotations of Σ0 and Σ1, then of σ0 and σ1 (whose third is a shift). */
  r: readonly [Triple, Triple, Triple, Triple];
}

const sha2 = (w: number, rounds: number, r: Sha2['r']): Sha2 => {
  const fraction = (p: number, k: bigint) => root(big(p) << (k * big(w)), k) & ((1n << big(w)) - 1n);
  return {
    w: big(w),
    h: PRIMES.slice(0, 8).map((p) => fraction(p, 2n)),
    k: PRIMES.slice(0, rounds).map((p) => fraction(p, 3n)),
    r,
  };
};

const SHA256 = sha2(32, 64, [
  [2, 13, 22],
  [6, 11, 25],
  [7, 18, 3],
  [17, 19, 10],
]);
const SHA512 = sha2(64, 80, [
  [28, 34, 39],
  [14, 18, 41],
  [1, 8, 7],
  [19, 61, 6],
]);

const hash = ({ w, h, k, r: [S0, S1, s0, s1] }: Sha2, message: Bytes): Bytes => {
  const bytes = Number(w) / 8;
  const block = 16 * bytes;
  const mask = (1n << w) - 1n;
  const rotr = (x: bigint, n: number) => ((x >> big(n)) | (x << (w - big(n)))) & mask;
  const sum = (x: bigint, [a, b, c]: Triple) => rotr(x, a) ^ rotr(x, b) ^ rotr(x, c);
  const small = (x: bigint, [a, b, c]: Triple) => rotr(x, a) ^ rotr(x, b) ^ (x >> big(c));
  // Padding: 0x80, zeros, then the bit length in the last two words.
  const data = [...message, 128];
  while ((data.length + 2 * bytes) % block) data.push(0);
  let length = big(message.length * 8);
  const tail: Bytes = [];
  for (let i = 0; i < 2 * bytes; i++, length >>= 8n) tail.unshift(Number(length & 255n));
  data.push(...tail);
  let state = [...h];
  for (let at = 0; at < data.length; at += block) {
    const m: bigint[] = [];
    const word = (i: number) => m[i] ?? 0n;
    for (let i = 0; i < k.length; i++) {
      if (i < 16) {
        let x = 0n;
        for (let j = 0; j < bytes; j++) x = (x << 8n) | big(data[at + i * bytes + j] ?? 0);
        m.push(x);
      } else m.push((small(word(i - 2), s1) + word(i - 7) + small(word(i - 15), s0) + word(i - 16)) & mask);
    }
    let [a = 0n, b = 0n, c = 0n, d = 0n, e = 0n, f = 0n, g = 0n, hh = 0n] = state;
    k.forEach((ki, i) => {
      const t1 = (hh + sum(e, S1) + ((e & f) ^ (~e & mask & g)) + ki + word(i)) & mask;
      const t2 = (sum(a, S0) + ((a & b) ^ (a & c) ^ (b & c))) & mask;
      [hh, g, f, e, d, c, b, a] = [g, f, e, (d + t1) & mask, c, b, a, (t1 + t2) & mask];
    });
    const added = [a, b, c, d, e, f, g, hh];
    state = state.map((v, i) => (v + (added[i] ?? 0n)) & mask);
  }
  const out: Bytes = [];
  for (const v of state) for (let j = bytes - 1; j >= 0; j--) out.push(Number((v >> big(8 * j)) & 255n));
  return out;
};

/** UTF-8 bytes of a string, as CryptoJS reads string inputs (`%XX` escapes are its bytes). */
const utf8 = (s: string): Bytes => {
  const out: Bytes = [];
  encodeURIComponent(s).replace(/%(..)|[^]/g, (ch, hex?: string) => {
    out.push(hex ? parseInt(hex, 16) : ch.charCodeAt(0));
    return '';
  });
  return out;
};

const hmac = (sha: Sha2, key: string, message: string): Bytes => {
  const block = Number(sha.w) * 2;
  let k = utf8(key);
  if (k.length > block) k = hash(sha, k);
  const pad = (x: number) => Array.from({ length: block }, (_, i) => (k[i] ?? 0) ^ x);
  return hash(sha, [...pad(0x5c), ...hash(sha, [...pad(0x36), ...utf8(message)])]);
};

const Base64 = {};
const words = (b: Bytes): WordArray => {
  const hex = b.map((x) => (x < 16 ? '0' : '') + x.toString(16)).join('');
  return { toString: (encoder?: unknown) => (encoder === Base64 ? hexToBase64(hex) : hex) };
};

export const cryptoFallback: CryptoJSLike = {
  SHA256: (message) => words(hash(SHA256, utf8(message))),
  HmacSHA256: (message, key) => words(hmac(SHA256, key, message)),
  HmacSHA512: (message, key) => words(hmac(SHA512, key, message)),
  enc: { Base64, Hex: { parse: (hex) => words(hex.match(/../g)?.map((x) => parseInt(x, 16)) ?? []) } },
};

/**
 * The sandbox's CryptoJS when it has one (`load` is `() => require('crypto-js')`), else the
 * fallback above: the one place the signer picks its crypto.
 */
export const pickCryptoJS = (load: () => unknown): CryptoJSLike => {
  try {
    const c = load() as Partial<CryptoJSLike> | undefined;
    if (typeof c?.HmacSHA512 == 'function' && c.enc?.Hex) return c as CryptoJSLike;
  } catch {
    // no crypto-js in this sandbox
  }
  return cryptoFallback;
};
