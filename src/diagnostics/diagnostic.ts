/** Diagnostics are data: stages return them, only the CLI prints them and picks an exit code. */

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable code, e.g. E_UNKNOWN_KEY. */
  code: string;
  severity: Severity;
  message: string;
  /** What to do about it. */
  hint?: string;
  file?: string;
  line?: number;
  column?: number;
}

export function error(code: string, message: string, at: Partial<Diagnostic> = {}): Diagnostic {
  return { code, severity: 'error', message, ...at };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** A stage outcome: a value when it could be built, and what was found on the way. */
export interface Outcome<T> {
  value?: T;
  diagnostics: Diagnostic[];
}
