import type { Diagnostic } from './diagnostic.ts';

/** `file:line:col error[CODE] message — hint`, one line per diagnostic (greppable, clickable). */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.column ?? 1}` : ''} ` : '';
  const hint = d.hint ? ` — ${d.hint}` : '';
  return `${where}${d.severity}[${d.code}] ${d.message}${hint}`;
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map(formatDiagnostic).join('\n');
}
