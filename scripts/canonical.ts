/**
 * Pure canonicalisation: body minification, URL percent-encoding, the signed path and the
 * strings to sign of each scheme. No sandbox or CryptoJS needed; the Node side can import these
 * too (e.g. `kontrak explain`) to show exactly what the sandbox signs.
 * (Arrow functions throughout: they minify shorter than `function … return`.)
 */

/**
 * Removes insignificant whitespace from a JSON text and nothing else: key order, string contents
 * (escapes included) and number spellings stay byte-for-byte. For bodies rendered with
 * JSON.stringify this equals JSON.stringify(JSON.parse(text)); unlike it, it never rewrites
 * `1.50`, big integers or `\u00e9`. A text that is not JSON is returned unchanged.
 */
export const minifyJson = (text: string): string => {
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
  const [head, origin = '', path = ''] = URL_HEAD.exec(url) ?? [''];
  const query = /^\?[^#]*/.exec(url.slice(head.length));
  // encodeURIComponent writes UTF-8 %XX in upper case and leaves `'` alone, as the path wants it.
  return (
    origin +
    path.replace(UNSAFE, encodeURIComponent) +
    (query ? query[0].replace(UNSAFE, (ch) => (ch === "'" ? '%27' : encodeURIComponent(ch))) : '')
  );
};

/**
 * The path that goes into a string to sign: `pathWithQuery` (path, then `?query` when there is
 * one) minus the query unless `signQuery`, minus `stripPrefix` at its start ("/nicepay").
 */
export const signedPath = (pathWithQuery: string, stripPrefix: string, signQuery: boolean): string => {
  const p = signQuery ? pathWithQuery : (pathWithQuery.split('?')[0] ?? '');
  // "/nicepay" (or "/nicepay/") comes off "/nicepay/api/…" but never off "/nicepayx/…".
  const prefix = stripPrefix.replace(/\/+$/, '');
  const rest = p.slice(prefix.length);
  return prefix && p.startsWith(prefix) && /^([/?]|$)/.test(rest) ? '/' + rest.replace(/^\//, '') : p;
};

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
