/** The evidence pack's secret scan finds private keys in every encoding a body or env file holds them. */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretIn } from '../../src/report/evidence/policy.ts';

describe('the secret scan', () => {
  const der = (type: 'pkcs8' | 'pkcs1', bits: number): string =>
    generateKeyPairSync('rsa', { modulusLength: bits })
      .privateKey.export({ format: 'der', type })
      .toString('base64');

  it('finds a 4096-bit RSA key in base64 DER, PKCS#8 and PKCS#1, without PEM armour', () => {
    for (const type of ['pkcs8', 'pkcs1'] as const) {
      const key = der(type, 4096);
      expect(secretIn(`{"privateKey":"${key}"}`, [])).toBe('a private key');
      // Broken into 64-character lines, as a PEM body without its armour.
      expect(secretIn(key.replace(/(.{64})/g, '$1\n'), [])).toBe('a private key');
    }
  }, 60_000);

  it('finds EC and Ed25519 keys in base64 DER, and leaves public keys and signatures alone', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ed = generateKeyPairSync('ed25519');
    for (const key of [
      ec.privateKey.export({ format: 'der', type: 'pkcs8' }),
      ec.privateKey.export({ format: 'der', type: 'sec1' }),
      ed.privateKey.export({ format: 'der', type: 'pkcs8' }),
    ])
      expect(secretIn(`key=${key.toString('base64')}`, [])).toBe('a private key');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicKey = rsa.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(secretIn(publicKey, [])).toBeUndefined();
    expect(secretIn(Buffer.alloc(512, 7).toString('base64'), [])).toBeUndefined();
  });
});
