/**
 * `exchanges.har`: every exchange of a run as HTTP Archive 1.2 (http://www.softwareishard.com/blog/har-12-spec/),
 * for browsers' network panels and HAR viewers. Built from the run's results, whose headers, bodies
 * and URLs were masked by value when each exchange was recorded (src/run/exchange.ts), so the
 * archive holds what the other reports hold: no secret. Written an entry at a time.
 */
import type { ExchangeResult, RunResult } from '../model/results.ts';
import { kontrakVersion } from '../project/version.ts';

type Header = { name: string; value: string };

const headersOf = (list: ReadonlyArray<{ key: string; value: string }>): Header[] =>
  list.map((h) => ({ name: h.key, value: h.value }));

const headerIn = (list: readonly Header[], name: string): string | undefined =>
  list.find((h) => h.name.toLowerCase() === name)?.value;

/** The query of a URL as HAR lists it; none when the URL cannot be read. */
function queryOf(url: string): Header[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

/** What HAR readers should know that its fields cannot say. */
function commentOf(x: ExchangeResult, suite: string): string {
  const parts = [`${suite}: ${x.name} (${x.passed ? 'passed' : 'failed'})`];
  if (x.error) parts.push(x.error);
  if (x.request.truncated)
    parts.push(`request body cut at ${x.request.body.length} of ${x.request.bodyBytes} bytes`);
  if (x.response?.truncated)
    parts.push(`response body cut at ${x.response.body.length} of ${x.response.bodyBytes} bytes`);
  if (x.attempts?.length) parts.push(`sent ${x.attempts.length + 1} times; the last attempt is shown`);
  return parts.join('; ');
}

/** One exchange as a HAR entry; a request never sent or never answered has status 0. */
export function harEntry(x: ExchangeResult, suite: string, startedAt: string): object {
  const requestHeaders = headersOf(x.request.headers);
  const res = x.response;
  const responseHeaders = res ? headersOf(res.headers) : [];
  const requestType = headerIn(requestHeaders, 'content-type') ?? 'application/octet-stream';
  const responseType = headerIn(responseHeaders, 'content-type') ?? '';
  const time = res?.timeMs ?? 0;
  return {
    // Exchanges carry no clock time of their own: each is dated at the run's start.
    startedDateTime: startedAt,
    time,
    request: {
      method: x.request.method,
      url: x.request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: requestHeaders,
      queryString: queryOf(x.request.url),
      ...(x.request.bodyBytes > 0 ? { postData: { mimeType: requestType, text: x.request.body } } : {}),
      headersSize: -1,
      bodySize: x.request.bodyBytes,
    },
    response: {
      status: res?.status ?? 0,
      statusText: res?.statusText ?? '',
      httpVersion: res ? 'HTTP/1.1' : '',
      cookies: [],
      headers: responseHeaders,
      content: { size: res?.bodyBytes ?? 0, mimeType: responseType, ...(res ? { text: res.body } : {}) },
      redirectURL: headerIn(responseHeaders, 'location') ?? '',
      headersSize: -1,
      bodySize: res ? res.bodyBytes : -1,
    },
    cache: {},
    timings: { send: 0, wait: time, receive: 0 },
    comment: commentOf(x, suite),
  };
}

/** The archive in chunks: its head, then an entry per exchange. */
export function* harChunks(result: RunResult): Generator<string> {
  const head = {
    version: '1.2',
    creator: { name: 'kontrak', version: kontrakVersion() },
    pages: [],
    comment: `kontrak run against ${result.environment}, started ${result.startedAt}`,
  };
  const opening = JSON.stringify({ log: { ...head, entries: [] } }, null, 2);
  // Everything up to the (empty) entries list; its closing `]` and the rest follow the entries.
  const at = opening.lastIndexOf('[]');
  yield `${opening.slice(0, at)}[\n`;
  let first = true;
  for (const suite of result.suites) {
    for (const x of suite.exchanges) {
      yield `${first ? '' : ',\n'}${JSON.stringify(harEntry(x, suite.name, result.startedAt))}`;
      first = false;
    }
  }
  yield `\n${opening.slice(at + 1)}\n`;
}
