/**
 * signRequest(pm, CryptoJS): the collection-level pre-request entry point. Reads the
 * X-Kontrak-Sign directive, pins URL and body to the exact bytes that will be sent, signs them
 * and sets the scheme's headers. `pm` is a parameter on purpose: the bundle object outlives the
 * request that created it (sandbox.md §3).
 */
import { providerVariable, SIGN_DIRECTIVE_HEADER, type ProviderSigning } from '../src/model/types.ts';
import { briV2Payload, encodeUrl, minifyJson, signedPath, snapAsymmetricStringToSign, snapTokenStringToSign, snapTransactionStringToSign } from './canonical.ts';
import { hmacSha256, hmacSha512, rsaSignBase64, sha256Hex, tamperSignature } from './crypto.ts';
import type { ExternalIdGenerator } from './external-id.ts';
import { formatTimestamp } from './timestamp.ts';
import type { CryptoJSLike, PmLike } from './types.ts';

export interface SignDirective {
  scheme: 'none' | 'snap-token' | 'snap-transaction' | 'snap-asymmetric' | 'bri-v2';
  provider: string;
  tamper?: 'signature';
}

const SCHEMES = ['none', 'snap-token', 'snap-transaction', 'snap-asymmetric', 'bri-v2'];

/** `<scheme>; provider=<name>[; tamper=signature]` */
export function parseDirective(value: string): SignDirective {
  const parts = value.split(';').map((s) => s.trim()).filter((s) => s !== '');
  const scheme = parts.shift() || '';
  if (SCHEMES.indexOf(scheme) < 0) {
    throw new Error('kontrak: ' + SIGN_DIRECTIVE_HEADER + ' names unknown scheme "' + scheme + '"');
  }
  const d: SignDirective = { scheme: scheme as SignDirective['scheme'], provider: '' };
  for (const p of parts) {
    const eq = p.indexOf('=');
    const k = (eq < 0 ? p : p.slice(0, eq)).trim();
    const v = eq < 0 ? '' : p.slice(eq + 1).trim();
    if (k === 'provider') d.provider = v;
    else if (k === 'tamper' && v === 'signature') d.tamper = 'signature';
    else throw new Error('kontrak: ' + SIGN_DIRECTIVE_HEADER + ' has unknown parameter "' + p + '"');
  }
  if (!d.provider && scheme !== 'none') throw new Error('kontrak: ' + SIGN_DIRECTIVE_HEADER + ' lacks provider=<name>');
  return d;
}

function fail(why: string): never {
  throw new Error(why);
}

/** Reads and checks `kontrak_provider_<name>`. */
export function readProvider(pm: PmLike, name: string): ProviderSigning {
  const varName = 'kontrak_provider_' + name;
  const raw = pm.variables.get(varName);
  if (raw === undefined || raw === null || raw === '') fail('kontrak: variable "' + varName + '" is missing: provider "' + name + '" has no signing profile');
  let p: ProviderSigning;
  try {
    p = (typeof raw === 'string' ? JSON.parse(raw) : raw) as ProviderSigning;
  } catch {
    return fail('kontrak: variable "' + varName + '" is not valid JSON');
  }
  const bad = (field: string) => fail('kontrak: variable "' + varName + '" has a bad or missing "' + field + '"');
  if (!p || typeof p !== 'object') fail('kontrak: variable "' + varName + '" is not a JSON object');
  if (p.signatureEncoding !== 'base64' && p.signatureEncoding !== 'hex') bad('signatureEncoding');
  if (typeof p.signedPathStripPrefix !== 'string') bad('signedPathStripPrefix');
  if (typeof p.signQuery !== 'boolean') bad('signQuery');
  if (p.timestampFormat !== 'snap' && p.timestampFormat !== 'snap-millis' && p.timestampFormat !== 'utc-millis') bad('timestampFormat');
  if (typeof p.externalIdHeader !== 'string' || !p.externalIdHeader) bad('externalIdHeader');
  if (typeof p.externalIdDigits !== 'number' || !(p.externalIdDigits >= 1 && p.externalIdDigits <= 64)) bad('externalIdDigits');
  return p;
}

/** A provider credential, e.g. `nicepay_client_secret`; empty → Error naming the variable. */
export function credential(pm: PmLike, provider: string, field: string): string {
  const name = providerVariable(provider, field);
  let v = pm.variables.get(name);
  if (typeof v === 'string' && v.indexOf('{{') >= 0) v = pm.variables.replaceIn(v);
  if (v === undefined || v === null || String(v).trim() === '') fail('kontrak: variable "' + name + '" is empty');
  return String(v);
}

/** The value of an enabled header (case-insensitive), or undefined. */
export function getHeader(pm: PmLike, name: string): string | undefined {
  const lower = name.toLowerCase();
  let found: string | undefined;
  pm.request.headers.each((h) => {
    if (found === undefined && !h.disabled && h.key && h.key.toLowerCase() === lower) found = String(h.value == null ? '' : h.value);
  });
  return found;
}

export function removeHeader(pm: PmLike, name: string): void {
  const lower = name.toLowerCase();
  pm.request.headers.remove((h) => !!h && typeof h.key === 'string' && h.key.toLowerCase() === lower);
}

/** Replaces every header called `name` (any case) by one with this value. */
export function setHeader(pm: PmLike, name: string, value: string): void {
  removeHeader(pm, name);
  pm.request.headers.add({ key: name, value });
}

// The runtime drops the body of these methods (postman-runtime core.js METHODS_WITHOUT_BODY).
const METHODS_WITHOUT_BODY: Record<string, boolean> = { GET: true, COPY: true, HEAD: true, PURGE: true, UNLOCK: true };

/**
 * Resolves variables in the URL (path variables `:name` included), percent-encodes it and writes
 * it back, so that the runtime sends exactly it. Returns the path with query as it will be sent.
 */
export function pinUrl(pm: PmLike): string {
  const url = pm.request.url;
  let resolved = pm.variables.replaceIn(url.toString());
  const pathVars: Record<string, string> = {};
  let hasPathVars = false;
  if (url.variables) {
    url.variables.each((v) => {
      if (v && v.key && !v.disabled && v.value !== undefined && v.value !== null && v.value !== '') {
        pathVars[v.key] = pm.variables.replaceIn(String(v.value));
        hasPathVars = true;
      }
    });
  }
  if (hasPathVars) {
    const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*|[^/?#]*)([^?#]*)([\s\S]*)$/.exec(resolved)!;
    const path = (m[2] || '').split('/').map((seg) => {
      const k = seg.charAt(0) === ':' ? seg.slice(1) : '';
      return k && Object.prototype.hasOwnProperty.call(pathVars, k) ? pathVars[k] : seg;
    }).join('/');
    resolved = (m[1] || '') + path + (m[3] || '');
  }
  url.update(encodeUrl(resolved));
  // Mirror postman-url-encoder's toNodeUrl, which builds what is sent from these same calls.
  let out = url.getPath();
  if (url.query && url.query.count()) {
    const qs = url.getQueryString();
    if (qs !== '' || url.query.find((p) => !(p && p.disabled))) out += '?' + qs;
  }
  return out;
}

/**
 * Resolves the raw body once (so `{{$guid}}` gets one value), minifies JSON and writes it back.
 * Returns the body as it will be sent: '' when there is none or the method sends none.
 */
export function pinBody(pm: PmLike): string {
  const body = pm.request.body;
  if (!body || !body.mode || body.disabled) return '';
  if (METHODS_WITHOUT_BODY[String(pm.request.method).toUpperCase()]) return '';
  if (body.mode !== 'raw') {
    if (body.isEmpty && body.isEmpty()) return '';
    fail('kontrak: only raw bodies can be signed, this request has a "' + body.mode + '" body');
  }
  const raw = body.raw == null ? '' : String(body.raw);
  const sent = minifyJson(pm.variables.replaceIn(raw));
  body.update({ mode: 'raw', raw: sent, options: body.options });
  return sent;
}

export interface SignResult {
  scheme: string;
  timestamp: string;
  path: string;
  body: string;
  stringToSign: string;
  signature: string;
}

export function signRequest(pm: PmLike, CryptoJS: CryptoJSLike, externalId: ExternalIdGenerator): SignResult | undefined {
  const directive = getHeader(pm, SIGN_DIRECTIVE_HEADER);
  removeHeader(pm, SIGN_DIRECTIVE_HEADER); // never sent, signed or not
  if (directive === undefined) return undefined;
  const d = parseDirective(directive);
  if (d.scheme === 'none') return undefined;
  const prov = readProvider(pm, d.provider);
  const name = d.provider;
  const method = String(pm.request.method || 'GET').toUpperCase();
  const now = Date.now();

  const pathWithQuery = pinUrl(pm);
  const body = pinBody(pm);
  const path = signedPath(pathWithQuery, prov.signedPathStripPrefix, prov.signQuery);

  const tsHeader = d.scheme === 'bri-v2' ? 'BRI-Timestamp' : 'X-TIMESTAMP';
  // A timestamp the request sets itself (a negative case with a stale one) is signed as given.
  const given = getHeader(pm, tsHeader);
  const timestamp = given ? pm.variables.replaceIn(given) : formatTimestamp(now, prov.timestampFormat);

  let stringToSign: string;
  let signature: string;
  const headers: Array<[string, string]> = [[tsHeader, timestamp]];
  const label = providerVariable(name, 'private_key');

  if (d.scheme === 'snap-token') {
    const clientId = credential(pm, name, 'client_id');
    const key = credential(pm, name, 'private_key');
    stringToSign = snapTokenStringToSign(clientId, timestamp);
    signature = rsaSignBase64(CryptoJS, key, stringToSign, label);
    headers.push(['X-CLIENT-KEY', clientId], ['Content-Type', 'application/json']);
  } else if (d.scheme === 'snap-transaction') {
    const secret = credential(pm, name, 'client_secret');
    const token = credential(pm, name, 'access_token');
    stringToSign = snapTransactionStringToSign(method, path, token, sha256Hex(CryptoJS, body), timestamp);
    signature = hmacSha512(CryptoJS, secret, stringToSign, prov.signatureEncoding);
    headers.push(['Authorization', 'Bearer ' + token], ['Content-Type', 'application/json']);
  } else if (d.scheme === 'snap-asymmetric') {
    const key = credential(pm, name, 'private_key');
    stringToSign = snapAsymmetricStringToSign(method, path, sha256Hex(CryptoJS, body), timestamp);
    signature = rsaSignBase64(CryptoJS, key, stringToSign, label);
    headers.push(['Content-Type', 'application/json']);
  } else {
    const secret = credential(pm, name, 'client_secret');
    const token = credential(pm, name, 'access_token');
    stringToSign = briV2Payload(path, method, token, timestamp, body);
    signature = hmacSha256(CryptoJS, secret, stringToSign, 'base64');
    headers.push(['Authorization', 'Bearer ' + token]);
    if (body !== '' && getHeader(pm, 'Content-Type') === undefined) headers.push(['Content-Type', 'application/json']);
  }
  if (d.tamper === 'signature') signature = tamperSignature(signature);
  headers.push([d.scheme === 'bri-v2' ? 'BRI-Signature' : 'X-SIGNATURE', signature]);

  if (d.scheme !== 'snap-token') {
    const idHeader = prov.externalIdHeader;
    const own = getHeader(pm, idHeader);
    headers.push([idHeader, own ? pm.variables.replaceIn(own) : externalId(now, prov.externalIdDigits)]);
  }
  for (const [k, v] of headers) setHeader(pm, k, v);
  return { scheme: d.scheme, timestamp, path, body, stringToSign, signature };
}
