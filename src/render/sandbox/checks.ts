/**
 * Runs inside the Postman sandbox (4.7.1 in newman, 6.x in the Postman app): the checks of
 * `kontrak run` on one response, reported as `pm.test`s. The check logic is src/check/response.ts
 * itself (status, responseCode, JSON Schema, SNAP rules, BRI advice), bundled by esbuild; the
 * schemas are ajv standalone validators compiled when the collection is rendered
 * (`kontrak:validators`, src/render/bundle-checks.ts). Bundled once per collection into the
 * collection-level test script; each request's test script calls `kontrakChecks.check(pm, spec)`.
 */
import type { ValidateFunction } from 'ajv';
import { checkResponse, type ObservedResponse } from '../../check/response.ts';
import type { SchemaRegistry } from '../../schemas/registry.ts';
import type { CheckResult } from '../../model/results.ts';
import type { RequestSpec } from '../../model/types.ts';
import { formatPointer, formatValue } from '../../schemas/violations.ts';
import validators from 'kontrak:validators';

/** What a request's test script passes: the parts of its RequestSpec the checks read. */
export type CheckSpec = Pick<
  RequestSpec,
  | 'sign'
  | 'path'
  | 'successCodes'
  | 'expect'
  | 'service'
  | 'serviceCode'
  | 'serviceCodeSource'
  | 'contract'
  | 'basis'
>;

interface PmResponse {
  code: number;
  text(): string;
  headers: { all(): Array<{ key: string; value: unknown }> };
}

interface Pm {
  response?: PmResponse;
  test(name: string, fn: () => void): void;
}

declare let api: object;

/** The value at a JSON pointer (`/a/0/b`), for the violation's offending value. */
const at = (root: unknown, pointer: string): unknown =>
  pointer
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (node, token) =>
        node !== null && typeof node === 'object'
          ? (node as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')]
          : undefined,
      root,
    );

/**
 * The compiled validator, giving each error the offending value as `kontrak run`'s verbose ajv
 * does (kept out of the generated code, where it costs a fifth of its size).
 */
const validator = (key: string): ValidateFunction | undefined => {
  const validate = validators[key];
  if (!validate) return undefined;
  const withValues = ((data: unknown) => {
    const ok = validate(data);
    withValues.errors = validate.errors ?? null;
    for (const e of validate.errors ?? []) e.data = at(data, e.instancePath);
    return ok;
  }) as ValidateFunction;
  return withValues;
};

const registry: SchemaRegistry = { validator, documents: new Map() };

/** The failure text: the message, then each violation as pointer, rule, message and value. */
const details = (c: CheckResult): string =>
  [
    c.message,
    ...(c.violations ?? []).map(
      (v) =>
        `${formatPointer(v.pointer)}  ${v.rule}: ${v.message}` +
        (v.value === undefined ? '' : `  value: ${formatValue(v.value, 200)}`),
    ),
  ].join('\n');

/** A response body as the checks read it (length and UTF-8 text). */
const bodyOf = (text: string) => ({ length: text.length, toString: () => text }) as unknown as Buffer;

const check = (pm: Pm, spec: CheckSpec): boolean => {
  const r = pm.response;
  const observed: ObservedResponse | undefined = r?.code
    ? {
        status: r.code,
        headers: r.headers.all().map((h) => ({ key: h.key, value: String(h.value) })),
        body: bodyOf(r.text()),
      }
    : undefined;
  const outcome = checkResponse(spec as RequestSpec, observed, undefined, registry);
  for (const c of outcome.checks) {
    pm.test(c.passed ? `${c.name}: ${c.message}` : c.name, () => {
      if (!c.passed) throw new Error(details(c));
    });
  }
  return outcome.passed;
};

// Assigned for the wrapper function of bundle-checks.ts, which returns it (as scripts/index.ts does).
// eslint-disable-next-line prefer-const, @typescript-eslint/no-unused-vars
api = { check };
