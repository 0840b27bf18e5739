/**
 * Postman variables in an imported request: a collection variable with a value carries over as
 * that value; `{{<provider>_x}}` becomes the suite's `{{@x}}`; Postman's `{{$…}}` and captured
 * values stay; any other is reported (a suite may name only what kontrak can resolve).
 */
import { providerVariable } from '../model/types.ts';

export interface VariableScope {
  provider: string;
  /** Collection variables with a value. */
  values: ReadonlyMap<string, string>;
  /** Names a request before captured (the provider prefix already taken off: `@x`). */
  captured: ReadonlySet<string>;
}

/** The variable name in the suite's terms: `dana_customer_token` → `@customer_token`. */
export function suiteVariable(name: string, provider: string): string {
  const prefix = providerVariable(provider, '');
  return name.startsWith(prefix) ? `@${name.slice(prefix.length)}` : name;
}

/** One string with its variables mapped; `unknown` collects what cannot be. */
export function mapString(text: string, scope: VariableScope, unknown: Set<string>): string {
  return text.replace(/\{\{([^{}]+)\}\}/g, (whole, raw: string) => {
    const name = raw.trim();
    if (name.startsWith('$')) return whole;
    const value = scope.values.get(name);
    if (value !== undefined) return value;
    const mapped = suiteVariable(name, scope.provider);
    if (mapped.startsWith('@') || scope.captured.has(mapped)) return `{{${mapped}}}`;
    unknown.add(name);
    return whole;
  });
}

/** A JSON value with every string's variables mapped. */
export function mapValue(value: unknown, scope: VariableScope, unknown: Set<string>): unknown {
  if (typeof value === 'string') return mapString(value, scope, unknown);
  if (Array.isArray(value)) return value.map((v) => mapValue(v, scope, unknown));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, mapValue(v, scope, unknown)]),
    );
  return value;
}
