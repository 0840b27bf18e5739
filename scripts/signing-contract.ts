/**
 * The signing contract: everything that decides which bytes are signed, in one place for the
 * sandbox bundle, the Node signer (src/run/node-signer.ts), the mock bank's verifier
 * (src/mock/gate/signature.ts) and the reports. Schemes and their strings to sign, path
 * canonicalisation (prefix strip, query policy), the body-hash policy, timestamp formats and
 * signature encodings. Pure: hashing is passed in, so the module runs in the Postman sandbox
 * (ES2020, no Node) and in Node alike.
 * (Arrow functions throughout: they minify shorter than `function … return`.)
 */
import { formatTimestamp, type TimestampFormat } from './timestamp.ts';

export { formatTimestamp };
export type { TimestampFormat };

/** The schemes that sign (`none` does not). */
/**
 * `bri-notify`: BRI's direct-debit notification to a partner: hex HMAC-SHA256 (client secret) over
 * `clientId|X-TIMESTAMP`, X-TIMESTAMP as `Y-m-d H:i:s` (bri-oss/bridex-api-php-sdk
 * PrepareRequest::DirectDebitOutbound).
 */
export type SigningScheme = 'snap-token' | 'snap-transaction' | 'snap-asymmetric' | 'bri-v2' | 'bri-notify';

/** How HMAC signatures are written (RSA signatures are always base64). */
export type SignatureEncoding = 'base64' | 'hex';

/**
 * What the query string contributes to the signed path: `as-sent` (the SNAP spec's "complete
 * endpoint URL including all parameters"), `sorted` (parameters in name order, as some signers
 * do) or `excluded` (the path alone).
 */
export type SignQuery = 'as-sent' | 'sorted' | 'excluded';

/** What the bank hashes (SNAP) or embeds (BRI API v2): the minified body, or the bytes it received. */
export type BodyHash = 'minified' | 'as-sent';

export const SIGN_QUERY_VALUES: readonly SignQuery[] = ['as-sent', 'sorted', 'excluded'];
export const BODY_HASH_VALUES: readonly BodyHash[] = ['minified', 'as-sent'];
export const SIGNATURE_ENCODINGS: readonly SignatureEncoding[] = ['base64', 'hex'];
export const TIMESTAMP_FORMATS: readonly TimestampFormat[] = ['snap', 'snap-millis', 'utc-millis'];

/**
 * The per-provider signing knobs. This exact object (JSON) is what the signer reads inside the
 * Postman sandbox, from the collection variable `kontrak_provider_<name>`.
 */
export interface ProviderSigning {
  /** Provider name; also the prefix of its variables (`nicepay_client_id`). */
  provider: string;
  /** Encoding of HMAC signatures (RSA signatures are always base64). */
  signatureEncoding: SignatureEncoding;
  /** Removed from the start of the request path before signing (NICEPAY: "/nicepay"); "" keeps it. */
  signedPathStripPrefix: string;
  /** What the query string contributes to the signed path (scripts/signing-contract.ts). */
  signQuery: SignQuery;
  /** What the bank hashes (SNAP) or embeds (BRI API v2): the minified body or the bytes it received. */
  bodyHash: BodyHash;
  timestampFormat: TimestampFormat;
  /** Header carrying the per-day unique external id. */
  externalIdHeader: string;
  /** Number of digits of generated external ids. */
  externalIdDigits: number;
}

/** Variable name of a provider field: `nicepay` + `client_secret` → `nicepay_client_secret`. */
export const providerVariable = (provider: string, field: string): string =>
  `${provider}_${field}`.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase();

/** Header through which a rendered request tells the collection-level signer what to do. Never sent. */
export const SIGN_DIRECTIVE_HEADER = 'X-Kontrak-Sign';

/** The knobs of a provider profile that shape a string to sign and its signature. */
export interface SigningPolicy {
  /** Removed from the start of the path before signing (NICEPAY: "/nicepay"); "" keeps the path. */
  signedPathStripPrefix: string;
  signQuery: SignQuery;
  bodyHash: BodyHash;
  signatureEncoding: SignatureEncoding;
}

/** Just the policy knobs of a profile (a provider's `signing` carries more). */
export const signingPolicyOf = (p: SigningPolicy): SigningPolicy => ({
  signedPathStripPrefix: p.signedPathStripPrefix,
  signQuery: p.signQuery,
  bodyHash: p.bodyHash,
  signatureEncoding: p.signatureEncoding,
});

/** Header carrying the timestamp that is signed, per scheme. */
export const timestampHeader = (scheme: SigningScheme): string =>
  scheme === 'bri-v2' ? 'BRI-Timestamp' : 'X-TIMESTAMP';

/** Header carrying the signature, per scheme. */
export const signatureHeader = (scheme: SigningScheme): string =>
  scheme === 'bri-v2' ? 'BRI-Signature' : 'X-SIGNATURE';

/** Whether a scheme signs with the partner's RSA key (else an HMAC of its secret). */
export const isRsaScheme = (scheme: SigningScheme): boolean =>
  scheme === 'snap-token' || scheme === 'snap-asymmetric';

/**
 * Removes insignificant whitespace from a JSON text and nothing else: key order, string contents
 * (escapes included) and number spellings stay byte-for-byte. For bodies rendered with
 * JSON.stringify this equals JSON.stringify(JSON.parse(text)); unlike it, it never rewrites
 * `1.50`, big integers or `\u00e9`. Blank text is ''; a text that is not JSON is returned unchanged.
 */
export const minifyJson = (text: string): string => {
  if (!text.trim()) return '';
  try {
    JSON.parse(text);
  } catch {
    return text;
  }
  // Valid JSON (checked above) has whitespace outside strings only between tokens; strings are
  // matched whole (escapes included) and put back as they are.
  return text.replace(/("(?:[^"\\]|\\.)*")|\s+/g, '$1');
};

// What must be encoded: a `%` not starting an escape, `'` (postman-url-encoder encodes it in a
// query; the path keeps it, see encodeUrl) and everything outside RFC 3986 unreserved + reserved
// characters (space, non-ASCII, "<>\^`{|}). So the runtime's own encoding pass finds nothing left
// to change. A `?` never reaches the path: it starts the query. Matches are whole code points.
const UNSAFE = /%(?![\dA-Fa-f]{2})|[^\w\-.~:/?@!$&()*+,;=[\]%]/gu;

/** Scheme + authority (group 1) and path (group 2) of a URL; what follows is `?query#fragment`. */
export const URL_HEAD = /^((?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/[^/?#]*|[^/?#]*)([^?#]*)/;

/**
 * Percent-encodes a resolved URL the way it will be sent. Scheme and authority are kept as they
 * are (not signed; the runtime punycodes hosts); path and query are encoded as above; an
 * existing `%XX` is kept (never double-encoded); a fragment is dropped (never sent).
 */
export const encodeUrl = (url: string): string => {
  // URL_HEAD matches every string (both groups may be empty).
  const [head = '', authority = '', path = ''] = URL_HEAD.exec(url) ?? [];
  const query = /^\?[^#]*/.exec(url.slice(head.length));
  // encodeURIComponent writes UTF-8 %XX in upper case and leaves `'` alone, as the path wants it.
  return (
    authority +
    path.replace(UNSAFE, encodeURIComponent) +
    (query ? query[0].replace(UNSAFE, (ch) => (ch === "'" ? '%27' : encodeURIComponent(ch))) : '')
  );
};

/** `b=2&a=1` → `a=1&b=2`: parameters ordered by name, then by value, each kept as sent. */
export const sortQuery = (query: string): string =>
  query
    .split('&')
    .map((pair) => [pair.split('=', 1)[0] ?? '', pair] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map((x) => x[1])
    .join('&');

/**
 * The path that goes into a string to sign: `pathWithQuery` (path, then `?query` when there is
 * one) with `stripPrefix` taken off its start ("/nicepay" or "/nicepay/", at a segment boundary
 * only) and the query as `signQuery` says.
 */
export const signedPath = (pathWithQuery: string, stripPrefix: string, signQuery: SignQuery): string => {
  const at = pathWithQuery.indexOf('?');
  let path = at < 0 ? pathWithQuery : pathWithQuery.slice(0, at);
  const query = at < 0 ? '' : pathWithQuery.slice(at + 1);
  const prefix = stripPrefix.replace(/\/+$/, '');
  if (prefix && path.startsWith(prefix) && /^(\/|$)/.test(path.slice(prefix.length)))
    path = '/' + path.slice(prefix.length).replace(/^\//, '');
  return signQuery === 'excluded' || at < 0
    ? path
    : path + '?' + (signQuery === 'sorted' ? sortQuery(query) : query);
};

/** The body as it enters the string to sign: minified (whitespace between tokens removed) or as sent. */
export const signedBody = (body: string, bodyHash: BodyHash): string =>
  bodyHash === 'as-sent' ? body : minifyJson(body);

/** SNAP type A (access token): `clientKey|timestamp`. */
export const snapTokenStringToSign = (clientKey: string, timestamp: string): string =>
  clientKey + '|' + timestamp;

/** SNAP type C (asymmetric, without token): `METHOD:path:sha256hex(body):timestamp`. */
export const snapAsymmetricStringToSign = (
  method: string,
  path: string,
  bodySha256Hex: string,
  timestamp: string,
): string => method.toUpperCase() + ':' + path + ':' + bodySha256Hex.toLowerCase() + ':' + timestamp;

/** SNAP type B (symmetric, with token): `METHOD:path:token:sha256hex(body):timestamp`, i.e. type C with `path:token`. */
export const snapTransactionStringToSign = (
  method: string,
  path: string,
  accessToken: string,
  bodySha256Hex: string,
  timestamp: string,
): string => snapAsymmetricStringToSign(method, path + ':' + accessToken, bodySha256Hex, timestamp);

/** BRI API v2 BRI-Signature payload; `body` is the raw body as sent ('' for GET). */
export const briV2Payload = (
  path: string,
  method: string,
  accessToken: string,
  timestamp: string,
  body: string,
): string =>
  'path=' +
  path +
  '&verb=' +
  method.toUpperCase() +
  '&token=Bearer ' +
  accessToken +
  '&timestamp=' +
  timestamp +
  '&body=' +
  body;

/** What a signature covers, as sent (or received). */
export interface SignedParts {
  scheme: SigningScheme;
  method: string;
  /** Path and query as sent, not decoded (`/nicepay/api/v1.0/x?a=1`). */
  pathWithQuery: string;
  /** The body as sent ('' for none). */
  body: string;
  /** The timestamp header's value, verbatim. */
  timestamp: string;
  /** X-CLIENT-KEY (snap-token). */
  clientKey: string;
  /** The bare access token, without `Bearer ` (snap-transaction, bri-v2). */
  accessToken: string;
}

/** The string to sign of `parts` under `policy`; `sha256Hex` hashes UTF-8 text to lower-case hex. */
export const stringToSign = (
  parts: SignedParts,
  policy: Pick<SigningPolicy, 'signedPathStripPrefix' | 'signQuery' | 'bodyHash'>,
  sha256Hex: (text: string) => string,
): string => {
  const { scheme, method, timestamp, accessToken } = parts;
  if (scheme === 'snap-token' || scheme === 'bri-notify')
    return snapTokenStringToSign(parts.clientKey, timestamp);
  const path = signedPath(parts.pathWithQuery, policy.signedPathStripPrefix, policy.signQuery);
  const body = signedBody(parts.body, policy.bodyHash);
  return scheme === 'bri-v2'
    ? briV2Payload(path, method, accessToken, timestamp, body)
    : scheme === 'snap-asymmetric'
      ? snapAsymmetricStringToSign(method, path, sha256Hex(body), timestamp)
      : snapTransactionStringToSign(method, path, accessToken, sha256Hex(body), timestamp);
};
