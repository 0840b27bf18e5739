/**
 * RSASSA-PKCS1-v1_5 with SHA-256 ("SHA256withRSA") on BigInt, with CRT and a 4-bit fixed-window
 * modular exponentiation: ~7 ms per 2048-bit signature in the sandbox (reference/sandbox.md §2).
 * Not constant-time: this is a test client, not an HSM.
 */
import type { RsaPrivateKey } from './der.ts';

/** DER of DigestInfo { AlgorithmIdentifier sha256, NULL } up to the 32-byte OCTET STRING contents. */
const SHA256_DIGEST_INFO = '3031300d060960864801650304020105000420';

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  if (mod === 1n) return 0n;
  base %= mod;
  if (base < 0n) base += mod;
  const table: bigint[] = [1n, base];
  for (let i = 2; i < 16; i++) table.push((table[i - 1]! * base) % mod);
  const hex = exp.toString(16);
  let r = 1n;
  for (let i = 0; i < hex.length; i++) {
    if (i > 0) {
      r = (r * r) % mod;
      r = (r * r) % mod;
      r = (r * r) % mod;
      r = (r * r) % mod;
    }
    const w = parseInt(hex.charAt(i), 16);
    if (w) r = (r * table[w]!) % mod;
  }
  return r;
}

/** The raw RSA private operation m^d mod n through the CRT, checked with the public exponent. */
export function rsaPrivate(key: RsaPrivateKey, m: bigint): bigint {
  const m1 = modPow(m, key.dp, key.p);
  const m2 = modPow(m, key.dq, key.q);
  let h = ((m1 - m2) * key.qinv) % key.p;
  if (h < 0n) h += key.p;
  const s = m2 + h * key.q;
  // A key whose CRT parameters do not belong together would give a wrong signature silently.
  if (modPow(s, key.e, key.n) !== m) throw new Error('kontrak: RSA key parameters are inconsistent');
  return s;
}

/**
 * Signs a SHA-256 digest given as 64 lower-case hex characters; returns the signature as
 * lower-case hex of exactly k bytes.
 */
export function rsaSignDigestHex(key: RsaPrivateKey, digestHex: string): string {
  if (!/^[0-9a-f]{64}$/.test(digestHex)) throw new Error('kontrak: expected a SHA-256 digest in hex');
  const t = SHA256_DIGEST_INFO + digestHex;
  const padLen = key.k - 3 - t.length / 2;
  if (padLen < 8) throw new Error('kontrak: RSA key too short for SHA-256');
  let em = '0001';
  for (let i = 0; i < padLen; i++) em += 'ff';
  em += '00' + t;
  const s = rsaPrivate(key, BigInt('0x' + em)).toString(16);
  let out = s;
  while (out.length < key.k * 2) out = '0' + out;
  return out;
}
