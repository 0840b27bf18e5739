/**
 * A request as a curl command that sends the same bytes: method, URL, every header as sent (the
 * bearer token masked by the evidence policy), and the body verbatim with --data-raw. Pasted into
 * a shell it runs curl and nothing else: every argument is quoted, a URL is never read as an
 * option, and a body starting with @ is sent as it is, never read from a file.
 */
import type { ExchangeRequest } from '../../model/results.ts';
import { evidenceHeaderValue } from './policy.ts';

/** Headers curl writes itself from the command (values equal to what was sent), or that would change the reply's bytes. */
const LEFT_TO_CURL = new Set(['host', 'content-length', 'connection', 'accept-encoding']);

/** POSIX single-quoting: the text comes out byte for byte, whatever it holds. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The headers of a request as evidence shows them (policy applied), in the order sent. */
export function evidenceHeaders(request: ExchangeRequest): Array<{ key: string; value: string }> {
  return request.headers.map((h) => ({ key: h.key, value: evidenceHeaderValue(h.key, h.value, request) }));
}

export function curlOf(request: ExchangeRequest): string {
  // A URL starting with "-" would be an option of curl's (-o writes a file): --url takes it as a URL.
  const url = `${request.url.startsWith('-') ? '--url ' : ''}${shellQuote(request.url)}`;
  const lines = [`curl -X ${shellQuote(request.method)} ${url}`];
  for (const h of evidenceHeaders(request)) {
    if (LEFT_TO_CURL.has(h.key.toLowerCase())) continue;
    lines.push(`  -H ${shellQuote(`${h.key}: ${h.value}`)}`);
  }
  // --data-binary would read "@file" from disk; --data-raw sends the same bytes and never reads a file.
  if (request.body !== '') lines.push(`  --data-raw ${shellQuote(request.body)}`);
  return lines.join(' \\\n');
}
