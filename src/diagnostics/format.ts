import type { Diagnostic } from './diagnostic.ts';
import { sourceExcerpt } from './excerpt.ts';
import { maskUserinfo } from '../redact.ts';

/** `file:line:col error[CODE] message — hint`, one line per diagnostic (greppable, clickable). */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.column ?? 1}` : ''} ` : '';
  const hint = d.hint ? ` — ${d.hint}` : '';
  // Messages quote values from the files; a URL's user:password is masked like everywhere else.
  return maskUserinfo(`${where}${d.severity}[${d.code}] ${d.message}${hint}`);
}

/**
 * Each diagnostic on its line, followed by its source line and a caret when `source` can read
 * the file it names.
 */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  source: (file: string) => string | undefined = () => undefined,
): string {
  return diagnostics
    .map((d) => {
      const text = d.file === undefined ? undefined : source(d.file);
      return [formatDiagnostic(d), ...(text === undefined ? [] : sourceExcerpt(d, text))].join('\n');
    })
    .join('\n');
}
