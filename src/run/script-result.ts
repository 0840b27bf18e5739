/**
 * What kontrak reads from a script's result (the `execution` of newman's `script` event): the
 * variable scopes the script left behind, and the signal it sent (render/script-signals.ts).
 */
import { parseSignal, SIGNAL_VARIABLE, type ScriptSignal } from '../render/script-signals.ts';
import type { VariableView } from './node-signer.ts';

/** The parts of a script's execution kontrak reads; the runtime hands them over as postman-collection objects. */
export interface ScriptExecution extends Partial<VariableView> {
  /** `pm.variables` after the script, with the changes the script made tracked in `mutations`. */
  _variables?: unknown;
}

/** The variable scopes a script left behind. */
export function scopesLeftBy(execution: ScriptExecution): Partial<VariableView> {
  const picked: Partial<VariableView> = {};
  for (const name of ['environment', 'collectionVariables', 'globals'] as const) {
    const scope = execution[name];
    if (scope && typeof scope.has === 'function') picked[name] = scope;
  }
  return picked;
}

const items = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (Reflect.get(value, key) as unknown) : undefined;

/**
 * The signal this script sent: the value it last set `kontrak_signal` to, read from the changes
 * the sandbox tracked during this script alone (postman-collection's MutationTracker keeps them as
 * `[key, value]` for a set and `[key]` for an unset, in `stream`, or per key in `compacted`). The
 * variable itself outlives the script, so its current value may be an earlier script's signal.
 */
export function signalOf(execution: ScriptExecution): ScriptSignal | undefined {
  const mutations = field(execution._variables, 'mutations');
  const stream = field(mutations, 'stream');
  const compacted = field(mutations, 'compacted');
  const changes = [
    ...items(stream),
    ...items(typeof compacted === 'object' && compacted !== null ? Object.values(compacted) : []),
  ].filter((change): change is unknown[] => Array.isArray(change) && change[0] === SIGNAL_VARIABLE);
  const last = changes.at(-1);
  return last?.length === 2 ? parseSignal(last[1]) : undefined;
}
