/**
 * A request as a curl command that sends the same bytes: method, URL, every header as sent (the
 * bearer token masked by the evidence policy), and the body verbatim with --data-binary.
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
  const lines = [`curl -X ${request.method} ${shellQuote(request.url)}`];
  for (const h of evidenceHeaders(request)) {
    if (LEFT_TO_CURL.has(h.key.toLowerCase())) continue;
    lines.push(`  -H ${shellQuote(`${h.key}: ${h.value}`)}`);
  }
  if (request.body !== '') lines.push(`  --data-binary ${shellQuote(request.body)}`);
  return lines.join(' \\\n');
}
