import { createPrivateKey, type KeyObject } from 'node:crypto';
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';

/**
 * Accepts the forms banks and SDKs hand out: PKCS#8 or PKCS#1 PEM, PEM whose newlines arrived as
 * literal "\n" (environment variables), and bare base64 DER without armour (NICEPAY's SDKs).
 */
export function parsePrivateKey(text: string): KeyObject {
  const value = text.trim().replace(/\\n/g, '\n');
  if (value.includes('-----BEGIN')) return createPrivateKey({ key: value, format: 'pem' });
  const der = Buffer.from(value.replace(/\s+/g, ''), 'base64');
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  }
}

/** A private key that cannot sign is an input error, found before any request is sent. */
export function checkPrivateKey(variable: string, text: string): Diagnostic | undefined {
  if (/ENCRYPTED/.test(text)) {
    return error('E_KEY_ENCRYPTED', `${variable} holds an encrypted private key`, {
      hint: 'decrypt it first: openssl pkcs8 -in key.pem -out plain.pem (kontrak signs inside the Postman sandbox, which cannot prompt for a passphrase)',
    });
  }
  try {
    const key = parsePrivateKey(text);
    if (key.asymmetricKeyType !== 'rsa') {
      return error(
        'E_KEY_TYPE',
        `${variable} is not an RSA key (it is ${key.asymmetricKeyType ?? 'of an unknown type'}); SNAP signatures need RSA`,
        { hint: 'use the RSA key pair registered with the bank' },
      );
    }
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 2048) {
      return error('E_KEY_SIZE', `${variable} is a ${bits}-bit RSA key; banks require at least 2048 bits`, {
        hint: 'generate a 2048-bit key and register its public half',
      });
    }
    return undefined;
  } catch (e) {
    return error('E_KEY_INVALID', `${variable} is not a readable RSA private key (${(e as Error).message})`, {
      hint: 'use an unencrypted RSA key as PEM (PKCS#8 or PKCS#1), PEM with \\n escapes, or base64 DER',
    });
  }
}
