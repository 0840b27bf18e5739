/**
 * The mock bank's signature check: recomputes the string to sign with the signing contract
 * (scripts/signing-contract.ts, the very code the signer runs) under the partner's policy and
 * verifies the signature. When it does not verify, the known variant axes (signature-axes.ts,
 * combined in signature-variants.ts) are tried and the one the client's signature matches is
 * named, so a rejection says what the client did differently, not only that it failed.
 */
import { createHash, createHmac, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import {
  isRsaScheme,
  stringToSign,
  type SignedParts,
  type SigningPolicy,
} from '../../../scripts/signing-contract.ts';
import type { Variant } from './signature-axes.ts';
import { describeVariant, signingVariants } from './signature-variants.ts';

/** Response header with the expected string to sign, on signature failures. */
export const EXPECTED_STRING_TO_SIGN_HEADER = 'X-Kontrak-Expected-String-To-Sign';
/** Response header with the mock's explanation of a rejection (printable ASCII). */
export const DIAGNOSIS_HEADER = 'X-Kontrak-Diagnosis';
/** Response header naming the variant axes of a diagnosis (`query,body`), for tools. */
export const DIAGNOSIS_AXES_HEADER = 'X-Kontrak-Diagnosis-Axes';

/** The partner's verification key: an HMAC secret, or an RSA public key. */
export type VerificationKey = { secret: string } | { publicKey: KeyObject };

export interface SignatureInput {
  /** What was received, as the contract names it. */
  parts: SignedParts;
  policy: SigningPolicy;
  /** The signature header's value. */
  signature: string;
  key: VerificationKey;
}

/** Outcome of {@link checkSignature}: the string the bank signs, and on failure what went wrong. */
export type SignatureVerdict =
  { ok: true; stringToSign: string } | { ok: false; stringToSign: string; diagnosis: string; axes: string[] };

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 decoding (Node's decoder silently skips junk characters). */
function decodeBase64(value: string): Buffer | undefined {
  return value !== '' && BASE64.test(value) ? Buffer.from(value, 'base64') : undefined;
}

function sameText(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether `signature` signs `data` for `scheme` with `key`, written in `encoding` (RSA signatures
 * are base64 by the standard; `hex` is only tried by the diagnosis). Hex compares case-insensitively.
 */
export function signatureMatches(
  scheme: SignedParts['scheme'],
  data: string,
  signature: string,
  key: VerificationKey,
  encoding: 'base64' | 'hex',
): boolean {
  if ('publicKey' in key) {
    if (!isRsaScheme(scheme)) return false;
    const bytes =
      encoding === 'hex'
        ? /^(?:[0-9a-fA-F]{2})+$/.test(signature)
          ? Buffer.from(signature, 'hex')
          : undefined
        : decodeBase64(signature);
    if (bytes === undefined) return false;
    try {
      return verify('sha256', Buffer.from(data, 'utf8'), key.publicKey, bytes);
    } catch {
      return false;
    }
  }
  if (isRsaScheme(scheme)) return false;
  const algorithm = scheme === 'bri-v2' ? 'sha256' : 'sha512';
  const expected = createHmac(algorithm, Buffer.from(key.secret, 'utf8'))
    .update(data, 'utf8')
    .digest(encoding);
  return sameText(expected, encoding === 'hex' ? signature.toLowerCase() : signature);
}

/** The encoding the policy expects of a scheme: RSA and BRI-Signature are always base64. */
export function expectedEncoding(scheme: SignedParts['scheme'], policy: SigningPolicy): 'base64' | 'hex' {
  return scheme === 'snap-transaction' ? policy.signatureEncoding : 'base64';
}

/** Verifies a received signature; on failure, names the variant the client signed, if any. */
export function checkSignature(input: SignatureInput): SignatureVerdict {
  const { parts, policy, signature, key } = input;
  const expected = stringToSign(parts, policy, sha256Hex);
  if (signatureMatches(parts.scheme, expected, signature, key, expectedEncoding(parts.scheme, policy)))
    return { ok: true, stringToSign: expected };
  const shape = signatureShape(parts.scheme, signature, key);
  if (shape !== undefined) return { ok: false, stringToSign: expected, axes: ['format'], diagnosis: shape };
  const match = findVariant(input);
  if (match === undefined) {
    const what = 'secret' in key ? 'client secret' : 'private key';
    return {
      ok: false,
      stringToSign: expected,
      axes: ['key'],
      diagnosis:
        `signature matches none of the known variants (query string, body form, path prefix, hex/base64, ` +
        `"Bearer " in the token, timestamp format): the ${what} differs from the one registered for this ` +
        `client, or the string to sign is built another way; compare it with ${EXPECTED_STRING_TO_SIGN_HEADER}`,
    };
  }
  return {
    ok: false,
    stringToSign: expected,
    axes: match.deviations.map((d) => d.axis),
    diagnosis: describeVariant(match),
  };
}

/**
 * Why a signature cannot be one at all (neither base64 nor hex of the right length), before any
 * variant is tried: garbage is answered at once.
 */
function signatureShape(
  scheme: SignedParts['scheme'],
  signature: string,
  key: VerificationKey,
): string | undefined {
  const bytes =
    'publicKey' in key
      ? (key.publicKey.asymmetricKeyDetails?.modulusLength ?? 2048) / 8
      : scheme === 'bri-v2'
        ? 32
        : 64;
  const base64 = decodeBase64(signature)?.length === bytes;
  const hex = signature.length === bytes * 2 && /^[0-9a-fA-F]+$/.test(signature);
  if (base64 || hex) return undefined;
  const what =
    'publicKey' in key ? 'an RSA signature' : scheme === 'bri-v2' ? 'an HMAC-SHA256' : 'an HMAC-SHA512';
  return `the signature is not ${what} (${bytes} bytes as base64 or hex); got ${signature.length} characters`;
}

/** The variant with the fewest deviations whose string to sign the signature matches. */
function findVariant(input: SignatureInput): Variant | undefined {
  for (const variant of signingVariants(input.parts, input.policy, sha256Hex)) {
    if (
      signatureMatches(input.parts.scheme, variant.stringToSign, input.signature, input.key, variant.encoding)
    )
      return variant;
  }
  return undefined;
}
