/** Diagnostics are data: stages return them, only the CLI prints them and picks an exit code. */
import { CODES, type Code } from './codes.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable code from the table in codes.ts, e.g. E_UNKNOWN_KEY. */
  code: Code;
  severity: Severity;
  message: string;
  /** What to do about it. */
  hint?: string;
  file?: string;
  line?: number;
  column?: number;
}

export function error(code: Code, message: string, at: Partial<Diagnostic> = {}): Diagnostic {
  return { code, severity: 'error', message, ...at };
}

/** A warning: said, with the table's hint unless it has its own, but it changes no exit code. */
export function warning(code: Code, message: string, at: Partial<Diagnostic> = {}): Diagnostic {
  return { code, severity: 'warning', message, hint: CODES[code].hint, ...at };
}

/** The exit code diagnostics lead to: the highest of their codes' (errors only). */
export function exitCodeOf(diagnostics: readonly Diagnostic[]): ExitCode {
  let code: ExitCode = EXIT.OK;
  for (const d of diagnostics)
    if (d.severity === 'error' && CODES[d.code].exit > code) code = CODES[d.code].exit;
  return code;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** A stage outcome: a value when it could be built, and what was found on the way. */
export interface Outcome<T> {
  value?: T;
  diagnostics: Diagnostic[];
}
