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
const PRIVATE_KEY = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----|MIIE(?:v[A-Za-z]IBADAN|[op][A-Za-z]IBAAK)/;

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
