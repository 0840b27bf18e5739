/**
 * How a partner checks that a callback really comes from its bank. Three ways banks sign:
 *
 * - token + HMAC (BCA's VA flow): the bank first asks *the partner* for an access token, signing
 *   `clientId|X-TIMESTAMP` with its RSA key; later calls carry `Authorization: Bearer <token>` and
 *   an HMAC-SHA512 (key: the client secret) over `METHOD:path:token:sha256(body):X-TIMESTAMP`.
 * - asymmetric, "type C" (Bank Neo VA, DANA and Midtrans notifications): SHA256withRSA with the
 *   bank's private key over `METHOD:path:sha256(body):X-TIMESTAMP`; no token.
 * - token + HMAC in lower-case hex (BRI's BRIVA Online and QRIS notification), UTC timestamps.
 * - NICEPAY notifications: SHA256withRSA over `clientId|X-TIMESTAMP` only (the body is not signed).
 * - BRI's direct-debit notification: lower-case hex HMAC-SHA256 (client secret) over
 *   `clientId|X-TIMESTAMP`, X-TIMESTAMP as `Y-m-d H:i:s` Jakarta time, after a token it got from us.
 *
 * The strings to sign come from the same contract kontrak signs with (scripts/signing-contract.ts):
 * the path as received, the body hashed minified as SNAP says (whitespace the bank's JSON library
 * adds does not matter).
 */
import {
  createHash,
  createHmac,
  createPublicKey,
  timingSafeEqual,
  verify,
  type KeyObject,
} from 'node:crypto';
import { stringToSign, type SigningPolicy } from '../../scripts/signing-contract.ts';

/** What the partner knows of its bank: agreed when the integration is set up. */
export interface BankCredentials {
  /** The client id the partner issued to the bank (X-PARTNER-ID / X-CLIENT-KEY). */
  clientId: string;
  /** Shared secret: the HMAC key of the token flow. */
  clientSecret: string;
  /** The bank's RSA public key (SPKI PEM), for the token request and type C signatures. */
  publicKeyPem: string;
}

export type SigningScheme =
  'token-request' | 'token-hmac' | 'token-hmac-hex' | 'asymmetric' | 'nicepay-notify' | 'bri-notify';

/** What a verifier is given: the request as received. */
export interface SignedRequest {
  method: string;
  /** Path and query exactly as received. */
  path: string;
  rawBody: string;
  timestamp: string;
  signature: string;
  clientKey: string;
  /** The bearer token, already checked by the caller (token-hmac only). */
  accessToken: string;
}

/** True when the signature is the bank's. Never throws: a malformed signature is just false. */
export type SignatureVerifier = (scheme: SigningScheme, request: SignedRequest) => boolean;

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Compares in constant time, so response timing does not leak a valid HMAC byte by byte. */
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function rsaValid(key: KeyObject, message: string, signatureBase64: string): boolean {
  try {
    return verify('sha256', Buffer.from(message, 'utf8'), key, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}

/** The partner's side of the contract: the path as received, the body hashed minified. */
const POLICY: Pick<SigningPolicy, 'signedPathStripPrefix' | 'signQuery' | 'bodyHash'> = {
  signedPathStripPrefix: '',
  signQuery: 'as-sent',
  bodyHash: 'minified',
};

/** Which contract scheme each way of signing is. */
const CONTRACT_SCHEME = {
  'token-request': 'snap-token',
  'nicepay-notify': 'snap-token',
  asymmetric: 'snap-asymmetric',
  'token-hmac': 'snap-transaction',
  'token-hmac-hex': 'snap-transaction',
  'bri-notify': 'snap-token',
} as const;

/** The verifier a correct partner uses: every scheme checked against the bank's credentials. */
export function bankSignatureVerifier(bank: BankCredentials): SignatureVerifier {
  const publicKey = createPublicKey(bank.publicKeyPem);
  return (scheme, r) => {
    const signed = stringToSign(
      {
        scheme: CONTRACT_SCHEME[scheme],
        method: r.method,
        pathWithQuery: r.path,
        body: r.rawBody,
        timestamp: r.timestamp,
        clientKey: r.clientKey,
        accessToken: r.accessToken,
      },
      POLICY,
      sha256Hex,
    );
    if (scheme === 'bri-notify')
      return sameText(
        createHmac('sha256', bank.clientSecret).update(signed, 'utf8').digest('hex'),
        r.signature,
      );
    if (scheme !== 'token-hmac' && scheme !== 'token-hmac-hex')
      return rsaValid(publicKey, signed, r.signature);
    // BCA sends the HMAC in base64, BRI in lower-case hex.
    const encoding = scheme === 'token-hmac-hex' ? 'hex' : 'base64';
    const expected = createHmac('sha512', bank.clientSecret).update(signed, 'utf8').digest(encoding);
    return sameText(expected, r.signature);
  };
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
/** BRI's direct-debit notification writes Jakarta wall time with no zone: `2024-03-05 17:37:16`. */
const PLAIN_JAKARTA = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/** A `Y-m-d H:i:s` Jakarta time as ISO-8601 with its offset; any other text as it is. */
export const zonedTimestamp = (value: string): string => value.replace(PLAIN_JAKARTA, '$1T$2+07:00');

/** Why an X-TIMESTAMP is refused, or undefined when it is fresh (within ±skew). */
export function timestampProblem(value: string, nowMs: number, skewSeconds: number): string | undefined {
  if (!TIMESTAMP.test(value)) return 'X-TIMESTAMP is not an ISO-8601 time with an offset';
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return 'X-TIMESTAMP is not a valid time';
  if (Math.abs(ms - nowMs) > skewSeconds * 1000)
    return `X-TIMESTAMP is more than ${skewSeconds} s away from the partner's clock`;
  return undefined;
}
