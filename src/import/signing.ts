/**
 * Which of kontrak's signing schemes a request's headers show, and which headers the signer makes
 * itself (dropped on import: kontrak signs every request when it is sent).
 */
import type { SuiteRequest } from './types.ts';

export type Sign = NonNullable<SuiteRequest['sign']>;

/** Headers kontrak's signer sets, or derives from the body: never carried into a suite. */
const SIGNER_HEADERS = new Set([
  'x-signature',
  'x-timestamp',
  'x-external-id',
  'x-client-key',
  'bri-signature',
  'bri-timestamp',
  'bri-external-id',
  'content-type',
  'content-length',
  'x-kontrak-sign',
]);

export interface SigningFound {
  sign: Sign;
  tamper?: 'signature' | 'token';
  /** The provider a kontrak-rendered request names (`X-Kontrak-Sign: …; provider=dana`). */
  provider?: string;
  /** The headers left for the suite. */
  headers: Record<string, string>;
}

/** Every scheme the format names: typed as a record over `Sign`, so a scheme added to the format
 * schema (and its generated types) fails to compile here until a directive can name it. */
const SCHEME_NAMES: Record<Sign, true> = {
  none: true,
  'snap-token': true,
  'snap-transaction': true,
  'snap-asymmetric': true,
  'bri-v2': true,
  'bri-notify': true,
};
const SCHEMES = Object.keys(SCHEME_NAMES);

/** kontrak's own directive, as `kontrak render` writes it: `snap-transaction; provider=snap; tamper=signature`. */
function directive(value: string): Omit<SigningFound, 'headers'> | undefined {
  const [scheme = '', ...params] = value.split(';').map((p) => p.trim());
  if (!SCHEMES.includes(scheme)) return undefined;
  const found: Omit<SigningFound, 'headers'> = { sign: scheme as Sign };
  for (const [key, val] of params.map((p) => p.split('='))) {
    if (key === 'provider' && val) found.provider = val;
    if (key === 'tamper' && (val === 'signature' || val === 'token')) found.tamper = val;
  }
  return found;
}

/** The scheme SNAP's and BRI's headers name, as the bank's own documents describe them. */
function fromHeaders(has: (name: string) => boolean, bearer: boolean, path: string): Sign {
  if (has('bri-signature') && has('bri-timestamp')) return 'bri-v2';
  if (!has('x-signature') || !has('x-timestamp')) return 'none';
  if (bearer) return 'snap-transaction'; // HMAC-SHA512 with the B2B token (type B)
  if (has('x-client-key') && /access-token/.test(path)) return 'snap-token'; // RSA over clientId|timestamp
  return 'snap-asymmetric'; // SHA256withRSA without a token (type C)
}

/** The signing scheme and the headers a suite keeps, from a request's headers and path. */
export function signingOf(
  headers: ReadonlyArray<{ key: string; value: string }>,
  path: string,
  providerHeaders: ReadonlySet<string> = new Set(),
): SigningFound {
  const lower = new Map(headers.map((h) => [h.key.toLowerCase(), h.value]));
  const has = (name: string): boolean => lower.has(name);
  const authorization = lower.get('authorization') ?? '';
  const bearer = /^bearer\s/i.test(authorization);
  const kontrak = lower.get('x-kontrak-sign');
  const found = (kontrak !== undefined ? directive(kontrak) : undefined) ?? {
    sign: fromHeaders(has, bearer, path),
  };
  const signed = found.sign !== 'none';
  const kept: Record<string, string> = {};
  for (const { key, value } of headers) {
    const name = key.toLowerCase();
    if (SIGNER_HEADERS.has(name)) continue;
    // The B2B token is the signer's to send; a customer's own Authorization-Customer stays.
    if (signed && name === 'authorization' && bearer) continue;
    // The provider sends its own X-PARTNER-ID, CHANNEL-ID… on signed calls.
    if (signed && providerHeaders.has(name)) continue;
    kept[key] = value;
  }
  return { ...found, headers: kept };
}
