/**
 * The bundle's entry for Bruno (src/render/opencollection/): the same signer as the Postman
 * bundle, over Bruno's script API instead of Postman's `pm`. Runs in Bruno's safe sandbox
 * (QuickJS), where each script starts in a fresh context: `req` and `bru` are that script's, and
 * `require('crypto-js')` is Bruno's bundled CryptoJS.
 *
 * Bruno resolves `{{variables}}` after the pre-request scripts; the signer resolves them itself
 * (`bru.interpolate`) and writes back the exact URL and body that are signed, so Bruno's own pass
 * finds nothing left to change.
 */
import { pickCryptoJS } from './crypto-fallback.ts';
import { signRequest } from './sign-request.ts';
import type { CryptoJSLike, PmBody, PmHeader, PmLike, PmUrl } from './types.ts';

/** The little of Bruno's `req` (safe sandbox) the adapter uses. */
export interface BrunoReq {
  getUrl(): string;
  setUrl(url: string): void;
  getMethod(): string;
  getHeaders(): Record<string, unknown> | null | undefined;
  setHeader(name: string, value: string): void;
  setHeaders(headers: Record<string, unknown>): void;
  getBody(options?: { raw?: boolean }): unknown;
  setBody(data: unknown, options?: { raw?: boolean }): void;
}

/** The little of Bruno's `bru` the adapter uses. */
export interface BrunoBru {
  interpolate(text: string): unknown;
}

/** Bruno's values as text: strings as they are, anything else (a number) in its JSON form. */
const asText = (v: unknown): string => (typeof v == 'string' ? v : v == null ? '' : JSON.stringify(v));

/** The request's headers as Postman's list: find, remove and add by name, any case. */
const headerList = (req: BrunoReq): PmLike['request']['headers'] => {
  const all = (): PmHeader[] =>
    Object.entries(req.getHeaders() ?? {}).map(([key, value]) => ({ key, value }));
  return {
    find: (fn) => all().find(fn),
    // Not req.deleteHeader: Bruno deletes such a name again after the scripts, whatever set it since.
    remove: (predicate) => {
      const kept = all().filter((h) => !predicate(h));
      req.setHeaders(Object.fromEntries(kept.map((h) => [h.key, h.value])));
    },
    add: ({ key, value }) => req.setHeader(key, value),
  };
};

/** Origin, path and query of the URL as it stands (after the signer pinned it, the one sent). */
const urlOf = (req: BrunoReq): PmUrl => {
  const parts = () => {
    const text = asText(req.getUrl()).split('#')[0] ?? '';
    const q = text.indexOf('?');
    const beforeQuery = q < 0 ? text : text.slice(0, q);
    const origin = /^(?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/[^/]*/.exec(beforeQuery)?.[0] ?? '';
    return { text, path: beforeQuery.slice(origin.length), query: q < 0 ? '' : text.slice(q + 1) };
  };
  return {
    toString: () => asText(req.getUrl()),
    update: (url) => req.setUrl(url),
    getPath: () => parts().path || '/',
    getQueryString: () => parts().query,
  };
};

/** A raw (JSON, text) body as Postman's; a form body is not raw, and is never signed. */
const bodyOf = (req: BrunoReq): PmBody | undefined => {
  const raw = req.getBody({ raw: true });
  if (raw == null || raw === '') return undefined;
  if (typeof raw != 'string') return { mode: 'urlencoded', update: () => {}, isEmpty: () => false };
  return {
    mode: 'raw',
    // Read each time: the signer writes the body (minted ids, pinned bytes) and reads it again.
    get raw() {
      return asText(req.getBody({ raw: true }));
    },
    update: (body) => req.setBody(body.raw, { raw: true }),
  };
};

/**
 * Postman's dynamic variables whose Bruno namesake means something else, resolved as Postman
 * resolves them (suites are written for Postman's, src/load/dynamic-variables.ts).
 */
const POSTMAN_MEANING: Record<string, (() => string) | undefined> = {
  // Postman: four digits (the end of a card number); Bruno: a masked IBAN.
  randomCreditCardMask: () => String(Math.floor(Math.random() * 10000)).padStart(4, '0'),
};

const postmanDynamic = (template: string): string =>
  template.replace(/\{\{\$(\w+)\}\}/g, (token, name: string) => POSTMAN_MEANING[name]?.() ?? token);

/** Postman's `pm`, as the signer reads and writes it, over Bruno's `req` and `bru`. */
const brunoPm = (req: BrunoReq, bru: BrunoBru): PmLike => {
  const replaceIn = (template: string) => asText(bru.interpolate(postmanDynamic(template)));
  const body = bodyOf(req);
  return {
    request: {
      method: asText(req.getMethod()) || 'GET',
      url: urlOf(req),
      headers: headerList(req),
      ...(body ? { body } : {}),
    },
    variables: {
      // Every scope in Bruno's order (runtime over request, environment, collection); unset is undefined.
      get: (name) => {
        const token = '{{' + name + '}}';
        const value = replaceIn(token);
        return value === token ? undefined : value;
      },
      replaceIn,
    },
  };
};

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * A body that is not JSON (a malformed-JSON negative case) goes out as it is: Bruno's HTTP client
 * (axios) would send it as a JSON string whenever the Content-Type contains `application/json` as
 * written, so the type is written `application/JSON`, which the bank reads the same (media types
 * are case-insensitive, RFC 9110 8.3.1).
 */
const keepBodyAsWritten = (req: BrunoReq): void => {
  const body = req.getBody({ raw: true });
  if (typeof body != 'string' || body === '' || parses(body)) return;
  for (const [key, value] of Object.entries(req.getHeaders() ?? {}))
    if (key.toLowerCase() == 'content-type' && typeof value == 'string' && value.includes('application/json'))
      req.setHeader(key, value.replace('application/json', 'application/JSON'));
};

/** Signs Bruno's current request as its X-Kontrak-Sign header says (scripts/sign-request.ts). */
const signBruno = (req: BrunoReq, bru: BrunoBru, loadCryptoJS: () => unknown): void => {
  const CryptoJS: CryptoJSLike = pickCryptoJS(loadCryptoJS);
  signRequest(brunoPm(req, bru), CryptoJS);
  keepBodyAsWritten(req);
};

declare let api: object;

// eslint-disable-next-line prefer-const, @typescript-eslint/no-unused-vars -- `api` is the wrapper's variable, read after this runs
api = { signBruno };
