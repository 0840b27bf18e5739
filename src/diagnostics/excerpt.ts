import type { Diagnostic } from './diagnostic.ts';
import { maskUserinfo } from '../redact.ts';

/**
 * The source line a diagnostic points at, with carets under the offending token, as rustc and
 * Hurl show it:
 *
 *      |
 *    9 |       sgin: snap-token
 *      |       ^^^^
 *
 * Empty when the diagnostic has no line, or the text has no such line.
 */
export function sourceExcerpt(d: Diagnostic, text: string): string[] {
  if (d.line === undefined) return [];
  const line = text.split(/\r?\n/)[d.line - 1];
  if (line === undefined) return [];
  // A URL's user:password in the file must not reach a terminal or a CI log through the excerpt.
  const shown = maskUserinfo(line.replace(/\t/g, ' '));
  const column = Math.min(Math.max(d.column ?? 1, 1), shown.length + 1);
  const gutter = ' '.repeat(String(d.line).length);
  const carets = '^'.repeat(tokenLength(shown.slice(column - 1)));
  return [`${gutter} |`, `${d.line} | ${shown}`, `${gutter} | ${' '.repeat(column - 1)}${carets}`];
}

/** The token at the start of `rest`: a key (up to its colon), a quoted string or a plain word. */
function tokenLength(rest: string): number {
  const quoted = /^"(?:[^"\\]|\\.)*"|^'(?:[^']|'')*'/.exec(rest);
  if (quoted) return quoted[0].length;
  const key = /^[^\s:#,[\]{}]+(?=:(\s|$))/.exec(rest);
  if (key) return key[0].length;
  const word = /^[^\s,[\]{}]+/.exec(rest);
  return Math.max(1, word ? word[0].length : 1);
}
