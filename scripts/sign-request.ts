/**
 * signRequest(pm, CryptoJS): the collection-level pre-request entry point. Reads the
 * X-Kontrak-Sign directive, pins URL and body to the exact bytes that will be sent, signs them
 * and sets the scheme's headers. `pm` is a parameter on purpose: the bundle object outlives the
 * request that created it (sandbox.md §3).
 */
import {
  providerVariable,
  SIGN_DIRECTIVE_HEADER,
  type ProviderSigning,
  type TimestampFormat,
} from '../src/model/types.ts';
import {
  briV2Payload,
  encodeUrl,
  minifyJson,
  signedPath,
  snapAsymmetricStringToSign,
  snapTokenStringToSign,
  snapTransactionStringToSign,
  URL_HEAD,
} from './canonical.ts';
import {
  hmacSha256,
  hmacSha512,
  rsaSignBase64,
  sha256Hex,
  tamperSignature,
  type SignatureEncoding,
} from './crypto.ts';
import { createExternalIdGenerator } from './external-id.ts';
import { fail } from './fail.ts';
import { formatTimestamp } from './timestamp.ts';
import type { CryptoJSLike, PmHeader, PmLike } from './types.ts';

export interface SignDirective {
  scheme: 'none' | 'snap-token' | 'snap-transaction' | 'snap-asymmetric' | 'bri-v2';
  provider: string;
  tamper?: 'signature' | 'token';
}

/** `<scheme>; provider=<name>[; tamper=signature|token]` */
export const parseDirective = (value: string): SignDirective => {
  // Split on `;` with the blanks around it; empty parts are ignored.
  const [scheme = '', ...params] = value
    .trim()
    .split(/\s*;\s*/)
    .filter((s) => s);
  const problem = (what: string) => fail(SIGN_DIRECTIVE_HEADER + ' ' + what);
  if (!/^(none|snap-(token|transaction|asymmetric)|bri-v2)$/.test(scheme))
    problem('names unknown scheme "' + scheme + '"');
  const d: SignDirective = { scheme: scheme as SignDirective['scheme'], provider: '' };
  for (const p of params) {
    // `key = value` (blanks around `=` do not count); `provider` alone means an empty provider.
    const provider = /^provider\s*(?:=\s*([^]*))?$/.exec(p);
    if (provider) d.provider = provider[1] ?? '';
    else if (/^tamper\s*=\s*(signature|token)$/.test(p))
      d.tamper = p.slice(-5) == 'token' ? 'token' : 'signature';
    else problem('has unknown parameter "' + p + '"');
  }
  if (!d.provider && scheme !== 'none') problem('lacks provider=<name>');
  return d;
};

const badVariable: (name: string, why: string) => never = (name, why) =>
  fail('variable "' + name + '" ' + why);

const isString = (v: unknown): v is string => typeof v === 'string';

/** A variable's value as text, converted the way JavaScript does (values set by scripts may be anything). */
const text = (v: unknown): string => String(v);

/**
 * What each field of a signing profile (ProviderSigning) must be, in the order readProvider checks
 * them and returns their values.
 */
const PROFILE_CHECKS: Record<Exclude<keyof ProviderSigning, 'provider'>, (v: unknown) => boolean> = {
  signatureEncoding: (v) => v === 'base64' || v === 'hex',
  signedPathStripPrefix: isString,
  signQuery: (v) => typeof v === 'boolean',
  timestampFormat: (v) => v === 'snap' || v === 'snap-millis' || v === 'utc-millis',
  externalIdHeader: (v) => !!v && isString(v),
  externalIdDigits: (v) => typeof v === 'number' && v >= 1 && v <= 64,
};

type Profile = [
  signatureEncoding: SignatureEncoding,
  signedPathStripPrefix: string,
  signQuery: boolean,
  timestampFormat: TimestampFormat,
  externalIdHeader: string,
  externalIdDigits: number,
];

/**
 * Reads and checks `kontrak_provider_<name>`; returns its fields in the order of PROFILE_CHECKS
 * (a tuple, so that the long field names appear only once in the minified bundle).
 */
export const readProvider = (pm: PmLike, name: string): Profile => {
  const varName = 'kontrak_provider_' + name;
  const raw = pm.variables.get(varName);
  if ((raw ?? '') === '') badVariable(varName, 'is missing: provider "' + name + '" has no signing profile');
  let parsed: unknown;
  try {
    parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    badVariable(varName, 'is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object') badVariable(varName, 'is not a JSON object');
  const p = parsed as Record<string, unknown>;
  return Object.entries(PROFILE_CHECKS).map(([field, ok]) =>
    ok(p[field]) ? p[field] : badVariable(varName, 'has a bad or missing "' + field + '"'),
  ) as Profile;
};

const resolve = (pm: PmLike, template: string) => pm.variables.replaceIn(template);

/** A provider credential, e.g. `nicepay_client_secret`; empty → Error naming the variable. */
export const credential = (pm: PmLike, provider: string, field: string): string => {
  const name = providerVariable(provider, field);
  let v = pm.variables.get(name);
  if (isString(v)) v = resolve(pm, v);
  if (v == null || !text(v).trim()) badVariable(name, 'is empty');
  return text(v);
};

const isHeader = (h: PmHeader | null, name: string) =>
  isString(h?.key) && h.key.toLowerCase() === name.toLowerCase();

/** The value of the first enabled header called `name` (any case), or undefined. */
export const getHeader = (pm: PmLike, name: string): string | undefined => {
  const h = pm.request.headers.find((x) => !x.disabled && isHeader(x, name));
  return h && text(h.value ?? '');
};

export const removeHeader = (pm: PmLike, name: string): void =>
  pm.request.headers.remove((h) => isHeader(h, name));

/**
 * Resolves variables in the URL (path variables `:name` included), percent-encodes it and writes
 * it back, so that the runtime sends exactly it. Returns the path with query as it will be sent.
 */
export const pinUrl = (pm: PmLike): string => {
  const { url } = pm.request;
  const resolved = resolve(pm, url.toString());
  const pathVars = new Map<string, string>();
  url.variables?.each((v) => {
    if (v?.key && !v.disabled && (v.value ?? '') !== '') pathVars.set(v.key, resolve(pm, text(v.value)));
  });
  // URL_HEAD matches every string (both groups may be empty).
  const [head, origin = '', rawPath = ''] = URL_HEAD.exec(resolved) ?? [''];
  // A path segment `:name` with a value becomes that value.
  const path = rawPath.replace(/(?<=^|\/):([^/]*)/g, (seg, name: string) => pathVars.get(name) ?? seg);
  url.update(encodeUrl(origin + path + resolved.slice(head.length)));
  // Mirror postman-url-encoder's toNodeUrl, which builds what is sent from these same calls: a
  // `?` follows when the query string is not empty or some parameter is enabled.
  const qs = url.getQueryString();
  return url.getPath() + (qs || url.query?.find((p) => !p?.disabled) ? '?' + qs : '');
};

/**
 * Resolves the raw body once (so `{{$guid}}` gets one value), minifies JSON and writes it back.
 * Returns the body as it will be sent: '' when there is none or the method sends none.
 */
export const pinBody = (pm: PmLike): string => {
  const { body, method } = pm.request;
  // The runtime drops the body of these methods (postman-runtime core.js METHODS_WITHOUT_BODY).
  if (!body?.mode || body.disabled || /^(GET|COPY|HEAD|PURGE|UNLOCK)$/.test(text(method).toUpperCase()))
    return '';
  if (body.mode !== 'raw')
    return body.isEmpty?.()
      ? ''
      : fail('only raw bodies can be signed, this request has a "' + body.mode + '" body');
  const sent = minifyJson(resolve(pm, text(body.raw ?? '')));
  body.update({ mode: 'raw', raw: sent, options: body.options });
  return sent;
};

export interface SignResult {
  scheme: string;
  timestamp: string;
  path: string;
  body: string;
  stringToSign: string;
  signature: string;
}

// The external ids of this run: the bundle, and so this generator, lives for one run.
const externalId = createExternalIdGenerator(Math.random);

/** SHA256withRSA, base64: the sandbox's BigInt signer unless the caller brings a faster one. */
export type RsaSigner = (CryptoJS: CryptoJSLike, keyText: string, message: string, label: string) => string;

/**
 * Signs `pm.request` as its X-Kontrak-Sign header says; does nothing without that header. kontrak's
 * own runs call it in Node (src/run/node-signer.ts) with node:crypto behind `CryptoJS` and `rsaSign`.
 */
export const signRequest = (
  pm: PmLike,
  CryptoJS: CryptoJSLike,
  rsaSign: RsaSigner = rsaSignBase64,
): SignResult | undefined => {
  const directive = getHeader(pm, SIGN_DIRECTIVE_HEADER);
  removeHeader(pm, SIGN_DIRECTIVE_HEADER); // never sent, signed or not
  if (directive == null) return undefined;
  const { scheme, provider, tamper } = parseDirective(directive);
  if (scheme === 'none') return undefined;
  const [signatureEncoding, stripPrefix, signQuery, timestampFormat, idHeader, idDigits] = readProvider(
    pm,
    provider,
  );
  const method = text(pm.request.method || 'GET').toUpperCase();
  const now = Date.now();
  const path = signedPath(pinUrl(pm), stripPrefix, signQuery);
  const body = pinBody(pm);

  const bri = scheme === 'bri-v2';
  const token = scheme === 'snap-token';
  const rsa = token || scheme === 'snap-asymmetric';
  const tsHeader = bri ? 'BRI-Timestamp' : 'X-TIMESTAMP';
  // A timestamp or external id the request sets itself (a negative case with a stale one) is
  // signed / sent as given.
  const timestamp = givenOr(pm, tsHeader, () => formatTimestamp(now, timestampFormat));
  // Credentials in the order the messages about missing ones should come.
  const clientId = token ? credential(pm, provider, 'client_id') : '';
  const secret = credential(pm, provider, rsa ? 'private_key' : 'client_secret');
  // tamper=token: a token the server never issued, correctly signed, so only the token is wrong.
  const accessToken = rsa ? '' : (tamper == 'token' ? 'x' : '') + credential(pm, provider, 'access_token');
  const stringToSign = stringToSignFor(
    scheme,
    CryptoJS,
    method,
    path,
    accessToken,
    timestamp,
    body,
    clientId,
  );
  const signed = signWith(CryptoJS, rsaSign, scheme, secret, stringToSign, provider, signatureEncoding);
  const signature = tamper == 'signature' ? tamperSignature(signed) : signed;
  // BRI v2 sends a Content-Type only with a body, and keeps one the request already has.
  const contentType = !bri || (body !== '' && getHeader(pm, 'Content-Type') == null);
  const id = token ? '' : givenOr(pm, idHeader, () => externalId(now, idDigits));

  // Nothing can fail from here on: the headers change all together or not at all.
  setHeaders(pm, [
    [tsHeader, timestamp],
    [clientId && 'X-CLIENT-KEY', clientId],
    [accessToken && 'Authorization', 'Bearer ' + accessToken],
    [contentType && 'Content-Type', 'application/json'],
    [bri ? 'BRI-Signature' : 'X-SIGNATURE', signature],
    [!token && idHeader, id],
  ]);
  return { scheme, timestamp, path, body, stringToSign, signature };
};

/** The header's value as the request sets it (variables resolved), else `make()`. */
const givenOr = (pm: PmLike, header: string, make: () => string): string => {
  const given = getHeader(pm, header);
  return given ? resolve(pm, given) : make();
};

/** What `scheme` signs: token requests sign client id and time, the others method, path, body. */
const stringToSignFor = (
  scheme: string,
  CryptoJS: CryptoJSLike,
  method: string,
  path: string,
  accessToken: string,
  timestamp: string,
  body: string,
  clientId: string,
): string =>
  scheme === 'snap-token'
    ? snapTokenStringToSign(clientId, timestamp)
    : scheme === 'bri-v2'
      ? briV2Payload(path, method, accessToken, timestamp, body)
      : scheme === 'snap-asymmetric'
        ? snapAsymmetricStringToSign(method, path, sha256Hex(CryptoJS, body), timestamp)
        : snapTransactionStringToSign(method, path, accessToken, sha256Hex(CryptoJS, body), timestamp);

/** The signature of `stringToSign`: RSA for the SNAP token and asymmetric schemes, else an HMAC. */
const signWith = (
  CryptoJS: CryptoJSLike,
  rsaSign: RsaSigner,
  scheme: string,
  secret: string,
  stringToSign: string,
  provider: string,
  signatureEncoding: SignatureEncoding,
): string =>
  scheme === 'snap-token' || scheme === 'snap-asymmetric'
    ? rsaSign(CryptoJS, secret, stringToSign, providerVariable(provider, 'private_key'))
    : scheme === 'bri-v2'
      ? hmacSha256(CryptoJS, secret, stringToSign, 'base64')
      : hmacSha512(CryptoJS, secret, stringToSign, signatureEncoding);

/** Sets each header whose name is not falsy, replacing one of that name (any case). */
const setHeaders = (pm: PmLike, headers: Array<[key: string | false, value: string]>): void => {
  for (const [key, value] of headers) {
    if (!key) continue;
    removeHeader(pm, key);
    pm.request.headers.add({ key, value });
  }
};
