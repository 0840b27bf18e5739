/**
 * An exchange's request as a curl command, for pasting into a ticket. Built from the recorded
 * request, whose headers, body and URL were masked by value when it was recorded
 * (src/run/exchange.ts): a secret shows as its mask, never as itself.
 */
import type { HttpMessage } from '../model/results.ts';

/** POSIX shell single quotes: nothing inside is expanded. */
const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** Headers curl sets from what it sends: a recorded value would contradict it. */
const CURL_SETS = new Set(['content-length', 'host']);

export function curlCommand(request: HttpMessage & { method: string; url: string }): string {
  const lines = [`curl -X ${request.method} ${quote(request.url)}`];
  for (const h of request.headers)
    if (!CURL_SETS.has(h.key.toLowerCase())) lines.push(`  -H ${quote(`${h.key}: ${h.value}`)}`);
  if (request.bodyBytes > 0) lines.push(`  --data-raw ${quote(request.body)}`);
  const command = lines.join(' \\\n');
  return request.truncated
    ? `# the body below is cut at ${request.body.length} of ${request.bodyBytes} bytes\n${command}`
    : command;
}
