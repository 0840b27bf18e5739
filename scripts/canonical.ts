/**
 * Pure canonicalisation: body minification, URL percent-encoding, the signed path and the
 * strings to sign of each scheme. No sandbox or CryptoJS needed; the Node side can import these
 * too (e.g. `kontrak explain`) to show exactly what the sandbox signs.
 */

/**
 * Removes insignificant whitespace from a JSON text and nothing else: key order, string contents
 * (escapes included) and number spellings stay byte-for-byte. For bodies rendered with
 * JSON.stringify this equals JSON.stringify(JSON.parse(text)); unlike it, it never rewrites
 * `1.50`, big integers or `\u00e9`. A text that is not JSON is returned unchanged.
 */
export function minifyJson(text: string): string {
  try {
    JSON.parse(text);
  } catch {
    return text;
  }
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charAt(i);
    if (c === '"') {
      let j = i + 1;
      while (j < n) {
        const d = text.charAt(j);
        if (d === '\\') j += 2;
        else if (d === '"') break;
        else j++;
      }
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') out += c;
      i++;
    }
  }
  return out;
}

const HEX = '0123456789ABCDEF';

function pctByte(b: number): string {
  return '%' + HEX.charAt(b >> 4) + HEX.charAt(b & 15);
}

/** Percent-encodes one character (a whole code point, as UTF-8). */
function pctChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) return pctByte(cp);
  if (cp < 0x800) return pctByte(0xc0 | (cp >> 6)) + pctByte(0x80 | (cp & 63));
  if (cp < 0x10000) {
    return pctByte(0xe0 | (cp >> 12)) + pctByte(0x80 | ((cp >> 6) & 63)) + pctByte(0x80 | (cp & 63));
  }
  return (
    pctByte(0xf0 | (cp >> 18)) + pctByte(0x80 | ((cp >> 12) & 63)) +
    pctByte(0x80 | ((cp >> 6) & 63)) + pctByte(0x80 | (cp & 63))
  );
}

// RFC 3986 unreserved + reserved characters that may stay literal in a path / a query. The
// query set leaves out `'` because postman-url-encoder encodes it there; everything else outside
// these sets (space, non-ASCII, "<>\^`{|}, a `%` not starting an escape) is encoded here, so the
// runtime's own encoding pass finds nothing left to change.
const PATH_OK = /[A-Za-z0-9\-._~:/@!$&'()*+,;=[\]]/;
const QUERY_OK = /[A-Za-z0-9\-._~:/?@!$&()*+,;=[\]]/;

function encodePart(s: string, ok: RegExp): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (ok.test(ch) || (ch === '%' && /^%[0-9A-Fa-f]{2}/.test(s.slice(i, i + 3)))) out += ch;
    else out += pctChar(ch);
    i += ch.length;
  }
  return out;
}

/**
 * Percent-encodes a resolved URL the way it will be sent. Scheme and authority are kept as they
 * are (not signed; the runtime punycodes hosts); path and query are encoded with encodePart; an
 * existing `%XX` is kept (never double-encoded); a fragment is dropped (never sent).
 */
export function encodeUrl(url: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*|\/\/[^/?#]*|[^/?#]*)([^?#]*)(\?[^#]*)?/.exec(url)!;
  const head = m[1] || '';
  const path = m[2] || '';
  const query = m[3];
  return head + encodePart(path, PATH_OK) + (query === undefined ? '' : '?' + encodePart(query.slice(1), QUERY_OK));
}

/**
 * The path that goes into a string to sign: `pathWithQuery` (path, then `?query` when there is
 * one) minus the query unless `signQuery`, minus `stripPrefix` at its start ("/nicepay").
 */
export function signedPath(pathWithQuery: string, stripPrefix: string, signQuery: boolean): string {
  let p = pathWithQuery;
  if (!signQuery) {
    const q = p.indexOf('?');
    if (q >= 0) p = p.slice(0, q);
  }
  // "/nicepay" (or "/nicepay/") comes off "/nicepay/api/…" but never off "/nicepayx/…".
  const prefix = stripPrefix.replace(/\/+$/, '');
  if (prefix && p.indexOf(prefix) === 0) {
    const rest = p.slice(prefix.length);
    if (rest === '' || rest.charAt(0) === '/' || rest.charAt(0) === '?') {
      p = rest.charAt(0) === '/' ? rest : '/' + rest;
    }
  }
  return p;
}

/** SNAP type A (access token): `clientKey|timestamp`. */
export function snapTokenStringToSign(clientKey: string, timestamp: string): string {
  return clientKey + '|' + timestamp;
}

/** SNAP type B (symmetric, with token): `METHOD:path:token:sha256hex(body):timestamp`. */
export function snapTransactionStringToSign(
  method: string, path: string, accessToken: string, bodySha256Hex: string, timestamp: string,
): string {
  return method.toUpperCase() + ':' + path + ':' + accessToken + ':' + bodySha256Hex.toLowerCase() + ':' + timestamp;
}

/** SNAP type C (asymmetric, without token): `METHOD:path:sha256hex(body):timestamp`. */
export function snapAsymmetricStringToSign(
  method: string, path: string, bodySha256Hex: string, timestamp: string,
): string {
  return method.toUpperCase() + ':' + path + ':' + bodySha256Hex.toLowerCase() + ':' + timestamp;
}

/** BRI API v2 BRI-Signature payload; `body` is the raw body as sent ('' for GET). */
export function briV2Payload(path: string, method: string, accessToken: string, timestamp: string, body: string): string {
  return 'path=' + path + '&verb=' + method.toUpperCase() + '&token=Bearer ' + accessToken +
    '&timestamp=' + timestamp + '&body=' + body;
}
