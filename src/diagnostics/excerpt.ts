import type { Code } from './codes.ts';
import type { Diagnostic } from './diagnostic.ts';
import { maskUserinfo } from '../redact.ts';

/**
 * Codes that refuse a whole file: it is named, never quoted, whatever text a reader could give
 * (a link out of the project may lead to /proc/self/environ, whose one line is every secret).
 */
const REFUSALS: ReadonlySet<Code> = new Set<Code>([
  'E_SYMLINK_OUTSIDE',
  'E_SYMLINK_LOOP',
  'E_SYMLINK_BROKEN',
  'E_FILE_TOO_LARGE',
  'E_NOT_UTF8',
  'E_NOT_A_FILE',
  'E_RESULTS_JSON',
]);

/**
 * The source line a diagnostic points at, with carets under the offending token, as rustc and
 * Hurl show it:
 *
 *      |
 *    9 |       sgin: snap-token
 *      |       ^^^^
 *
 * Empty when the diagnostic has no line, the text has no such line, or the diagnostic refuses
 * the file.
 */
export function sourceExcerpt(d: Diagnostic, text: string): string[] {
  if (d.line === undefined || REFUSALS.has(d.code)) return [];
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
