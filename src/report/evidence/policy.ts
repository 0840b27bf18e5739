/**
 * The evidence redaction policy. Banks check what was sent, so signatures, timestamps, external
 * ids, partner ids and bodies stay visible. Client secrets and private keys never appear: they
 * are masked by value before results are recorded, and every evidence file is scanned for them
 * before it is written. The bearer token is masked but its header stays, with the token's last
 * four characters (`Authorization: Bearer ****…1a2b`), because validators check the header is there.
 */
import type { ExchangeRequest } from '../../model/results.ts';

/** What an Authorization header shows in evidence. */
export function maskedBearer(request: Pick<ExchangeRequest, 'bearerTail'>): string {
  return `Bearer ****…${request.bearerTail ?? ''}`;
}

export function evidenceHeaderValue(key: string, value: string, request: ExchangeRequest): string {
  if (key.toLowerCase() === 'authorization' && /^bearer\b/i.test(value.trim())) return maskedBearer(request);
  return value;
}

/** A secret kontrak knows of: its value, and the name reported if it would be written. */
export interface KnownSecret {
  name: string;
  value: string;
}

/** Values shorter than this are not searched for (a 4-character token tail is no secret). */
const MIN_SECRET_LENGTH = 8;
/**
 * A private key, PEM-armoured or as bare base64 DER (how keys sit in JSON and env files), whatever
 * its size: the DER opens with a SEQUENCE of any length, then version 0 and either the
 * rsaEncryption algorithm (PKCS#8) or the modulus (PKCS#1); EC (PKCS#8 P-256, SEC1) and
 * Ed25519/X25519 keys have fixed openings. Public keys and certificates open otherwise.
 */
const B64 = '[A-Za-z0-9+/]';
const PRIVATE_KEY = new RegExp(
  [
    '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----',
    // 30 82 LLLL 02 01 00, then 30 0D 06 09 2A864886F70D010101 (PKCS#8 RSA) or 02 82/81/41 (PKCS#1 modulus)
    `MII${B64}{3}IBA(?:DANBgkqhkiG9w0BAQEFAA|AK[BC]|AJB)`,
    // PKCS#8 EC (id-ecPublicKey), any curve
    `MI[E-H]${B64}AgEAMB[A-Za-z0-9+/]GByqGSM49AgEG`,
    // SEC1 EC: 30 LL 02 01 01 04 (P-256 "MHcCAQEE", P-384 "MIGkAgEBBD", P-521 "MIHcAgEBBE")
    'MHcCAQEEI',
    `MI[E-H]${B64}AgEBB[A-Za-z0-9+/]`,
    // PKCS#8 Ed25519, X25519, Ed448, X448
    'MC4CAQAwBQYDK2V[wu]BCIEI',
    'MEcCAQAwBQYDK2Vx',
    'MEYCAQAwBQYDK2Vv',
  ].join('|'),
);

/** Why `text` must not be written, or undefined when it may: a known secret or a private key in it. */
export function secretIn(text: string, secrets: readonly KnownSecret[]): string | undefined {
  for (const secret of secrets) {
    if (secret.value.length >= MIN_SECRET_LENGTH && text.includes(secret.value))
      return `the value of ${secret.name}`;
  }
  if (PRIVATE_KEY.test(text)) return 'a private key';
  return undefined;
}

/**
 * The secrets a run's process environment holds for a project: every credential variable marked
 * secret (`NICEPAY_CLIENT_SECRET`, `…_PRIVATE_KEY`) that is set.
 */
export function secretsFromEnvironment(
  names: readonly string[],
  env: Record<string, string | undefined>,
): KnownSecret[] {
  return names.flatMap((name) => (env[name] ? [{ name, value: env[name] }] : []));
}
