/**
 * signRequest(pm, CryptoJS): the collection-level pre-request entry point. Reads the
 * X-Kontrak-Sign directive, pins URL and body to the exact bytes that will be sent, signs them
 * and sets the scheme's headers. `pm` is a parameter on purpose: the bundle object outlives the
 * request that created it (https://learning.postman.com/docs/tests-and-scripts/write-scripts/postman-sandbox-reference/overview/).
 */
import {
  BODY_HASH_VALUES,
  providerVariable,
  SIGN_DIRECTIVE_HEADER,
  type ProviderSigning,
  type TimestampFormat,
  encodeUrl,
  minifyJson,
  SIGN_QUERY_VALUES,
  signatureHeader,
  signedPath,
  stringToSign as buildStringToSign,
  timestampHeader,
  URL_HEAD,
  type BodyHash,
  type SignatureEncoding,
  type SignQuery,
  type SigningScheme,
} from './signing-contract.ts';
import { hmacSha256, hmacSha512, rsaSignBase64, sha256Hex, tamperSignature } from './crypto.ts';
import { createExternalIdGenerator, isExternalIdDigits } from './external-id.ts';
import { fail } from './fail.ts';
import { formatTimestamp, plainJakartaTimestamp } from './timestamp.ts';
import { mintUniqueId } from './unique-id.ts';
import type { CryptoJSLike, PmHeader, PmLike } from './types.ts';

export interface SignDirective {
  scheme: 'none' | SigningScheme;
  provider: string;
  tamper?: 'signature' | 'token' | 'no-token';
}

/** `<scheme>; provider=<name>[; tamper=signature|token|no-token]` */
export const parseDirective = (value: string): SignDirective => {
  // Split on `;` with the blanks around it; empty parts are ignored.
  const [scheme = '', ...params] = value
    .trim()
    .split(/\s*;\s*/)
    .filter((s) => s);
  const problem = (what: string) => fail(SIGN_DIRECTIVE_HEADER + ' ' + what);
  if (!/^(none|snap-(token|transaction|asymmetric)|bri-(v2|notify))$/.test(scheme))
    problem('names unknown scheme "' + scheme + '"');
  const d: SignDirective = { scheme: scheme as SignDirective['scheme'], provider: '' };
  for (const p of params) {
    // `key = value` (blanks around `=` do not count); `provider` alone means an empty provider.
    const provider = /^provider\s*(?:=\s*([^]*))?$/.exec(p);
    if (provider) d.provider = provider[1] ?? '';
    else if (/^tamper\s*=\s*(signature|token|no-token)$/.test(p))
      d.tamper = p.slice(-8) == 'no-token' ? 'no-token' : p.slice(-5) == 'token' ? 'token' : 'signature';
    else problem('has unknown parameter "' + p + '"');
  }
  if (!d.provider && scheme !== 'none') problem('lacks provider=<name>');
  return d;
};

const badVariable: (name: string, why: string) => never = (name, why) =>
  fail('variable "' + name + '" ' + why);

const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * A value as the runtime sends it: a script may have set a header or variable to anything, and
 * what goes on the wire (and so what is signed) is its String().
 */
const asSent = (v: unknown): string => String(v);

/**
 * What each field of a signing profile (ProviderSigning) must be, in the order readProvider checks
 * them and returns their values.
 */
const PROFILE_CHECKS: Record<Exclude<keyof ProviderSigning, 'provider'>, (v: unknown) => boolean> = {
  signatureEncoding: (v) => v === 'base64' || v === 'hex',
  signedPathStripPrefix: isString,
  signQuery: (v) => SIGN_QUERY_VALUES.includes(v as SignQuery),
  bodyHash: (v) => BODY_HASH_VALUES.includes(v as BodyHash),
  timestampFormat: (v) => v === 'snap' || v === 'snap-millis' || v === 'utc-millis',
  externalIdHeader: (v) => !!v && isString(v),
  externalIdDigits: isExternalIdDigits,
};

type Profile = [
  signatureEncoding: SignatureEncoding,
  signedPathStripPrefix: string,
  signQuery: SignQuery,
  bodyHash: BodyHash,
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
  const raw = pm.variables.get(name);
  const v = isString(raw) ? resolve(pm, raw) : raw == null ? '' : asSent(raw);
  if (!v.trim()) badVariable(name, 'is empty');
  return v;
};

const isHeader = (h: PmHeader | null, name: string) =>
  !!h && isString(h.key) && h.key.toLowerCase() === name.toLowerCase();

/** The value of the first enabled header called `name` (any case), or undefined. */
export const getHeader = (pm: PmLike, name: string): string | undefined => {
  const h = pm.request.headers.find((x) => !x.disabled && isHeader(x, name));
  return h && asSent(h.value ?? '');
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
    if (v?.key && !v.disabled && (v.value ?? '') !== '') pathVars.set(v.key, resolve(pm, String(v.value)));
  });
  // Every part of URL_HEAD is optional: it matches any text.
  const [head = '', origin = '', rawPath = ''] = URL_HEAD.exec(resolved) ?? [];
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
  if (!body?.mode || body.disabled || /^(GET|COPY|HEAD|PURGE|UNLOCK)$/.test(method.toUpperCase())) return '';
  if (body.mode !== 'raw')
    return body.isEmpty?.()
      ? ''
      : fail('only raw bodies can be signed, this request has a "' + body.mode + '" body');
  const sent = minifyJson(resolve(pm, body.raw ?? ''));
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

/**
 * The access token to sign and send. tamper=token: a token the server never issued, correctly
 * signed, so only the token is wrong; tamper=no-token: none at all (signed over an empty token).
 */
const tokenToSend = (pm: PmLike, provider: string, tamper: SignDirective['tamper']): string =>
  tamper == 'no-token' ? '' : (tamper == 'token' ? 'x' : '') + credential(pm, provider, 'access_token');

/** BRI v2 sends a Content-Type only with a body, and keeps one the request already has. */
const setsContentType = (pm: PmLike, bri: boolean, body: string): boolean =>
  !bri || (body !== '' && getHeader(pm, 'Content-Type') == null);

// The external ids of this run: the bundle, and so this generator, lives for one run.
const externalId = createExternalIdGenerator(Math.random);

/** A fresh timestamp in the form the scheme sends: BRI's notification writes Jakarta time, no zone. */
const freshTimestamp = (scheme: SigningScheme, now: number, format: TimestampFormat): string =>
  scheme === 'bri-notify' ? plainJakartaTimestamp(now) : formatTimestamp(now, format);

/** The HMAC of a scheme signing with the client secret: BRI's in SHA-256, SNAP's in SHA-512. */
const hmacOf = (
  CryptoJS: CryptoJSLike,
  scheme: SigningScheme,
  secret: string,
  message: string,
  encoding: SignatureEncoding,
): string =>
  scheme === 'bri-v2'
    ? hmacSha256(CryptoJS, secret, message, 'base64')
    : scheme === 'bri-notify'
      ? hmacSha256(CryptoJS, secret, message, 'hex')
      : hmacSha512(CryptoJS, secret, message, encoding);

/** SHA256withRSA, base64: the sandbox's BigInt signer unless the caller brings a faster one. */
export type RsaSigner = (CryptoJS: CryptoJSLike, keyText: string, message: string, label: string) => string;

/**
 * Mints `{{$kontrakId}}` (scripts/unique-id.ts), then signs `pm.request` as its X-Kontrak-Sign
 * header says; signs nothing without that header. kontrak's
 * own runs call it in Node (src/run/node-signer.ts) with node:crypto behind `CryptoJS` and `rsaSign`.
 */
export const signRequest = (
  pm: PmLike,
  CryptoJS: CryptoJSLike,
  rsaSign: RsaSigner = rsaSignBase64,
): SignResult | undefined => {
  const directive = getHeader(pm, SIGN_DIRECTIVE_HEADER);
  removeHeader(pm, SIGN_DIRECTIVE_HEADER); // never sent, signed or not
  const now = Date.now();
  mintUniqueId(pm, now); // unsigned requests too: their ids must not repeat either
  if (directive == null) return undefined;
  const { scheme, provider, tamper } = parseDirective(directive);
  if (scheme === 'none') return undefined;
  const [signatureEncoding, stripPrefix, signQuery, bodyHash, timestampFormat, idHeader, idDigits] =
    readProvider(pm, provider);
  const method = (pm.request.method || 'GET').toUpperCase();
  const pathWithQuery = pinUrl(pm);
  const body = pinBody(pm);

  const bri = scheme === 'bri-v2';
  const token = scheme === 'snap-token';
  // Keyed by client id (X-CLIENT-KEY), with no X-EXTERNAL-ID: a token request, BRI's notification.
  const keyed = token || scheme === 'bri-notify';
  const rsa = token || scheme === 'snap-asymmetric';
  const tsHeader = timestampHeader(scheme);
  // A timestamp or external id the request sets itself (a negative case with a stale one) is
  // signed / sent as given.
  const givenTs = getHeader(pm, tsHeader);
  const timestamp = givenTs ? resolve(pm, givenTs) : freshTimestamp(scheme, now, timestampFormat);
  // Credentials in the order the messages about missing ones should come.
  const clientId = keyed ? credential(pm, provider, 'client_id') : '';
  const secret = credential(pm, provider, rsa ? 'private_key' : 'client_secret');
  const accessToken = rsa ? '' : tokenToSend(pm, provider, tamper);
  const stringToSign = buildStringToSign(
    { scheme, method, pathWithQuery, body, timestamp, clientKey: clientId, accessToken },
    { signedPathStripPrefix: stripPrefix, signQuery, bodyHash },
    (text) => sha256Hex(CryptoJS, text),
  );
  let signature = rsa
    ? rsaSign(CryptoJS, secret, stringToSign, providerVariable(provider, 'private_key'))
    : hmacOf(CryptoJS, scheme, secret, stringToSign, signatureEncoding);
  if (tamper == 'signature') signature = tamperSignature(signature);
  const contentType = setsContentType(pm, bri, body);
  const givenId = getHeader(pm, idHeader);
  const id = keyed ? '' : givenId ? resolve(pm, givenId) : externalId(now, idDigits);

  // Nothing can fail from here on: the headers change all together or not at all.
  const set = (key: string, value: string) => {
    removeHeader(pm, key);
    pm.request.headers.add({ key, value });
  };
  set(tsHeader, timestamp);
  if (clientId) set('X-CLIENT-KEY', clientId);
  if (accessToken) set('Authorization', 'Bearer ' + accessToken);
  if (contentType) set('Content-Type', 'application/json');
  set(signatureHeader(scheme), signature);
  if (!keyed) set(idHeader, id);
  return {
    scheme,
    timestamp,
    path: signedPath(pathWithQuery, stripPrefix, signQuery),
    body,
    stringToSign,
    signature,
  };
};
