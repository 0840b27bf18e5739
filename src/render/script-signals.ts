/**
 * What kontrak's item scripts tell its runner, as data and never as console text: a script sets
 * the local variable `kontrak_signal` (`pm.variables`, which lives for one run and is never
 * exported) to a JSON signal, and the runner reads what that script set from the script's own
 * result (src/run/script-result.ts). Console lines the scripts print are for people only.
 */
import type { RetryCause } from '../model/types.ts';

export const SIGNAL_VARIABLE = 'kontrak_signal';

/** Every signal a script can send. */
export type ScriptSignal =
  /** The test script decided to send the request again. */
  | { kind: 'retry'; cause: RetryCause; attempt: number; waitMs: number }
  /** The token request skipped itself: an earlier token is still valid. */
  | { kind: 'reused'; note: string }
  /** The signer could not sign, so the request is skipped (never sent unsigned). */
  | { kind: 'unsigned'; why: string };

/** The script statement that sends a signal; `object` is JavaScript source of the signal object. */
export function signalStatement(object: string): string {
  return `pm.variables.set('${SIGNAL_VARIABLE}', JSON.stringify(${object}));`;
}

const RETRY_CAUSES: readonly string[] = ['transport', '5xx', '429'] satisfies readonly RetryCause[];
const isRetryCause = (value: unknown): value is RetryCause =>
  typeof value === 'string' && RETRY_CAUSES.includes(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && Number(value) >= 0;

/** A signal from the variable's text, or undefined when the text is not a signal kontrak sends. */
export function parseSignal(text: unknown): ScriptSignal | undefined {
  if (typeof text !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || !('kind' in value)) return undefined;
  if (value.kind === 'reused' && 'note' in value && typeof value.note === 'string')
    return { kind: 'reused', note: value.note };
  if (value.kind === 'unsigned' && 'why' in value && typeof value.why === 'string')
    return { kind: 'unsigned', why: value.why };
  if (
    value.kind === 'retry' &&
    'cause' in value &&
    isRetryCause(value.cause) &&
    'attempt' in value &&
    isCount(value.attempt) &&
    'waitMs' in value &&
    isCount(value.waitMs)
  )
    return { kind: 'retry', cause: value.cause, attempt: value.attempt, waitMs: value.waitMs };
  return undefined;
}
