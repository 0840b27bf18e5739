import { createRequire } from 'node:module';
import type { NewmanRunOptions } from 'newman';

/**
 * The cookie jar of one kontrak run: newman's own (a tough-cookie CookieJar in loose mode, what
 * `request.jar()` gives), except that reading it while it holds no cookie answers at once. Bank
 * APIs rarely set cookies, yet tough-cookie works out every domain and path permutation of the
 * URL (punycode included) twice per request, before sending and after: about a tenth of the CPU
 * of a request on loopback. Once a response or a script stores a cookie, every read goes to the
 * real jar, so cookies behave exactly as in newman.
 */
type Callback<T> = (error: Error | null, value?: T) => void;

/** The jar newman takes: tough-cookie's CookieJar (postman-request's jar is @postman/tough-cookie's, a fork). */
export type RunCookieJar = Exclude<NewmanRunOptions['cookieJar'], string | undefined>;

const require = createRequire(import.meta.url);

/** newman's own jar: what `request.jar()` gives it. */
function newmanJar(): RunCookieJar {
  const request = require(require.resolve('postman-request', { paths: [require.resolve('newman')] })) as {
    jar(): RunCookieJar;
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

/** Puts an answer of `empty` in front of the jar's reader `name` while `holdsNothing()`. */
function answerFirst(
  jar: RunCookieJar,
  name: 'getCookies' | 'getCookieString',
  empty: [] | '',
  holdsNothing: () => boolean,
): void {
  const read: unknown = Reflect.get(jar, name);
  if (typeof read !== 'function') return;
  // An own property over the prototype's method, taking both its callback and promise forms.
  Reflect.set(jar, name, (url: unknown, ...rest: unknown[]): unknown => {
    if (holdsNothing()) return answerEmpty(rest, empty);
    const answer: unknown = Reflect.apply(read, jar, [url, ...rest]);
    return answer;
  });
}

export function createRunCookieJar(): RunCookieJar {
  const jar = newmanJar();
  const store: unknown = Reflect.get(jar, 'store');
  const index: unknown = typeof store === 'object' && store !== null ? Reflect.get(store, 'idx') : undefined;
  // Only the in-memory store has an index to look at; any other store is read as usual.
  if (typeof index !== 'object' || index === null) return jar;
  const holdsNothing = (): boolean => {
    for (const _domain in index) return false;
    return true;
  };
  answerFirst(jar, 'getCookies', [], holdsNothing);
  answerFirst(jar, 'getCookieString', '', holdsNothing);
  return jar;
}
