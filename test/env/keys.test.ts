import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkPrivateKey } from '../../src/env/keys.ts';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

describe('checkPrivateKey', () => {
  it.each([
    ['PKCS#8 PEM', pkcs8],
    ['PKCS#1 PEM', pkcs1],
    ['PEM with literal \\n escapes', pkcs8.replace(/\n/g, '\\n')],
    ['bare base64 DER, PKCS#8', privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64')],
    ['bare base64 DER, PKCS#1', privateKey.export({ type: 'pkcs1', format: 'der' }).toString('base64')],
  ])('accepts %s', (_form, text) => {
    expect(checkPrivateKey('NICEPAY_PRIVATE_KEY', text)).toBeUndefined();
  });

  it('refuses an encrypted key, naming the variable and how to fix it', () => {
    const encrypted = privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString();
    expect(checkPrivateKey('NICEPAY_PRIVATE_KEY', encrypted)).toMatchObject({
      code: 'E_KEY_ENCRYPTED',
      message: 'NICEPAY_PRIVATE_KEY holds an encrypted private key',
    });
  });

  it('refuses garbage, non-RSA and short keys', () => {
    expect(checkPrivateKey('K', 'not a key at all')).toMatchObject({ code: 'E_KEY_INVALID' });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(checkPrivateKey('K', ec)).toMatchObject({ code: 'E_KEY_TYPE' });
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(checkPrivateKey('K', short)).toMatchObject({ code: 'E_KEY_SIZE' });
  });
});
