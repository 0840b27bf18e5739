/** Schema violations as kontrak reports them: from ajv's errors, and as people read them. */
import type { ErrorObject } from 'ajv';
import type { SchemaViolation } from '../model/results.ts';
import { toText } from '../to-text.ts';

/** ajv errors → violations that name the pointer, the rule and the offending value. */
export function toViolations(errors: readonly ErrorObject[] | null | undefined): SchemaViolation[] {
  return (errors ?? []).map((e) => {
    const extra =
      e.keyword === 'additionalProperties'
        ? `/${(e.params as { additionalProperty: string }).additionalProperty}`
        : '';
    return {
      pointer: e.instancePath + extra,
      rule: e.keyword,
      message: e.message ?? e.keyword,
      value: e.keyword === 'required' ? undefined : e.data,
    };
  });
}

// JSON.stringify gives undefined for a function or a symbol, whatever its declared type says.
const stringify = (value: unknown): string | undefined =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** A violation's offending value as short JSON text ("" when absent). */
export function formatValue(value: unknown, max = 120): string {
  if (value === undefined) return '';
  let text: string;
  try {
    text = stringify(value) ?? toText(value);
  } catch {
    text = toText(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A JSON Pointer as shown to people: the root pointer "" reads as `(root)`. */
export function formatPointer(pointer: string): string {
  return pointer === '' ? '(root)' : pointer;
}
