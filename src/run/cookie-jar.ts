import { createRequire } from 'node:module';

/**
 * The cookie jar of one kontrak run: newman's own (a tough-cookie CookieJar in loose mode, what
 * `request.jar()` gives), except that reading it while it holds no cookie answers at once. Bank
 * APIs rarely set cookies, yet tough-cookie works out every domain and path permutation of the
 * URL (punycode included) twice per request, before sending and after: about a tenth of the CPU
 * of a request on loopback. Once a response or a script stores a cookie, every read goes to the
 * real jar, so cookies behave exactly as in newman.
 */
type Callback<T> = (error: Error | null, value?: T) => void;

interface ToughJar {
  store: { idx?: Record<string, unknown> };
  getCookies(url: unknown, ...rest: unknown[]): unknown;
  getCookieString(url: unknown, ...rest: unknown[]): unknown;
}

const require = createRequire(import.meta.url);

function newmanJar(): ToughJar {
  const request = require(require.resolve('postman-request', { paths: [require.resolve('newman')] })) as {
    jar(): ToughJar;
  };
  return request.jar();
}

/** Answers like the jar's method would, from `empty`, in the callback or promise style asked for. */
function answerEmpty(args: unknown[], empty: [] | ''): unknown {
  const callback = args.at(-1);
  if (typeof callback !== 'function') return Promise.resolve(empty);
  (callback as Callback<[] | ''>)(null, empty);
  return undefined;
}

export function createRunCookieJar(): ToughJar {
  const jar = newmanJar();
  const index = jar.store.idx;
  // Only the in-memory store has an index to look at; any other store is read as usual.
  if (index === undefined) return jar;
  const holdsNothing = (): boolean => {
    for (const _domain in index) return false;
    return true;
  };
  const getCookies = jar.getCookies.bind(jar);
  const getCookieString = jar.getCookieString.bind(jar);
  jar.getCookies = (url, ...rest) => (holdsNothing() ? answerEmpty(rest, []) : getCookies(url, ...rest));
  jar.getCookieString = (url, ...rest) =>
    holdsNothing() ? answerEmpty(rest, '') : getCookieString(url, ...rest);
  return jar;
}
