/**
 * Seeded pseudo-random numbers for everything the mock bank generates that a suite may see
 * (VA numbers, reference numbers, NTPN…). One generator per partner, seeded from the bank's
 * seed and the partner's key, so concurrent suites on different partners stay deterministic
 * whatever the interleaving of their requests.
 */

/** A source of uniformly distributed numbers in [0, 1). */
export interface Prng {
  next(): number;
}

/** mulberry32: tiny, fast, good enough for identifiers (not for secrets). */
export function mulberry32(seed: number): Prng {
  let a = seed >>> 0;
  return {
    next(): number {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** 32-bit FNV-1a of a string, to derive per-partner seeds. */
export function fnv1a(text: string, basis = 0x811c9dc5): number {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The generator of one partner, derived from the bank seed. */
export function partnerPrng(seed: number, emulation: string, clientId: string): Prng {
  return mulberry32(fnv1a(`${emulation}\u0000${clientId}`, fnv1a(String(seed))));
}

/** An integer in [0, bound). */
export function nextInt(prng: Prng, bound: number): number {
  return Math.floor(prng.next() * bound);
}

const DIGITS = '0123456789';
const UPPER_ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `count` characters drawn from `alphabet`. */
export function randomString(prng: Prng, count: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < count; i++) out += alphabet.charAt(nextInt(prng, alphabet.length));
  return out;
}

/** `count` decimal digits (leading zeros allowed). */
export function randomDigits(prng: Prng, count: number): string {
  return randomString(prng, count, DIGITS);
}

/** `count` characters of [0-9A-Z]. */
export function randomAlnum(prng: Prng, count: number): string {
  return randomString(prng, count, UPPER_ALNUM);
}

/** A version-4-shaped UUID from the generator. */
export function randomUuid(prng: Prng): string {
  const hex = randomString(prng, 32, '0123456789abcdef').split('');
  hex[12] = '4';
  hex[16] = '89ab'[nextInt(prng, 4)] as string;
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
