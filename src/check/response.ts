import type { CheckResult, FailureClass } from '../model/results.ts';
import type { RequestSpec } from '../model/types.ts';
import { toViolations } from '../schemas/violations.ts';
import type { SchemaRegistry } from '../schemas/registry.ts';
import { isSnapRequest, snapRuleChecks } from './snap-rules.ts';
import { briAdvice } from './bri-advice.ts';
import { basisNote, contractFindings, contractNote } from './contract-findings.ts';

/** What the checks need of a response: status and body bytes. */
export interface ObservedResponse {
  status: number;
  headers: Array<{ key: string; value: string }>;
  body: Buffer;
}

export interface CheckOutcome {
  checks: CheckResult[];
  passed: boolean;
  failureClass?: FailureClass;
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (body.length === 0) return { ok: false, reason: 'the response body is empty' };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch (e) {
    return { ok: false, reason: `the response body is not JSON (${(e as Error).message})` };
  }
}

/** A code as text: a number stays digits, anything else shows as JSON rather than `[object Object]`. */
function codeText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** SNAP puts the code at `responseCode`; BRI API v2 gateways at `status.code`. */
export function responseCodeOf(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const record = body as { responseCode?: unknown; status?: { code?: unknown } };
  if (record.responseCode !== undefined) return codeText(record.responseCode);
  if (record.status && typeof record.status === 'object' && record.status.code !== undefined)
    return codeText(record.status.code);
  return undefined;
}

function classify(checks: CheckResult[], status: number | undefined): FailureClass | undefined {
  if (checks.every((c) => c.passed)) return undefined;
  if (status === undefined) return 'transport';
  // The bank was down or throttled us (429): not the contract's fault.
  if (status >= 500 || status === 429) return 'infrastructure';
  if (status === 401 || status === 403) return 'auth';
  return 'contract';
}

/**
 * A code the provider also answers for success (DANA 2024300 "in progress" for 2004300), when the
 * request expects the service's success code and got that one instead.
 */
function alternativeSuccess(spec: RequestSpec, actual: string | undefined): string | undefined {
  const expected = spec.expect.responseCode;
  if (actual === undefined || expected === undefined || actual === expected) return undefined;
  // The answers the request itself lists as equally right (a bank's own test list).
  if (spec.expect.alternatives?.responseCode?.includes(actual)) return actual;
  if (!/^200\d{2}00$/.test(expected)) return undefined;
  return spec.successCodes?.includes(actual) ? actual : undefined;
}

/** SNAP's responseMessage, held to the expected one or one of its listed alternatives. */
function responseMessageCheck(expect: RequestSpec['expect'], json: ParsedBody): CheckResult | undefined {
  const expected = expect.responseMessage;
  if (expected === undefined) return undefined;
  const accepted = [expected, ...(expect.alternatives?.responseMessage ?? [])];
  const value =
    json.ok && json.value !== null && typeof json.value === 'object'
      ? (json.value as { responseMessage?: unknown }).responseMessage
      : undefined;
  const actual = typeof value === 'string' ? value : undefined;
  const passed = actual !== undefined && accepted.includes(actual);
  const wanted = accepted.map((m) => JSON.stringify(m)).join(' or ');
  return {
    name: 'responseMessage',
    passed,
    message: passed
      ? `responseMessage ${JSON.stringify(actual)}`
      : `expected responseMessage ${wanted}, got ${actual === undefined ? 'none' : JSON.stringify(actual)}`,
  };
}

type ParsedBody = ReturnType<typeof parseJson>;

function responseCodeCheck(
  expected: string,
  actual: string | undefined,
  context: { json: ParsedBody; also: string | undefined; advice: string | undefined; spec: RequestSpec },
): CheckResult {
  const { json, also, advice, spec } = context;
  const message =
    actual === expected
      ? `responseCode ${actual}${also ? ` (an answer also accepted for ${spec.expect.responseCode ?? ''})` : ''}`
      : actual === undefined
        ? `expected responseCode ${expected}, but the response has none${json.ok ? '' : ` (${json.reason})`}`
        : `expected responseCode ${expected}, got ${actual}${advice ? ` — ${advice}` : ''}`;
  return { name: 'responseCode', passed: actual === expected, message };
}

function schemaChecks(
  spec: RequestSpec,
  schema: string,
  json: ParsedBody,
  schemas: SchemaRegistry,
): CheckResult[] {
  const validate = schemas.validator(schema);
  if (!validate) {
    // A bank's own schema exists only where the schemas were loaded with the profiles' overlays.
    const how = spec.contract ? " (load the schemas with the bank profiles' overlays: bankOverlays)" : '';
    return [{ name: 'schema', passed: false, message: `schema ${schema} is not loaded${how}` }];
  }
  if (!json.ok) return [{ name: 'schema', passed: false, message: json.reason }];
  const note = `${contractNote(spec)}${basisNote(spec)}`;
  if (validate(json.value)) return [{ name: 'schema', passed: true, message: `matches ${schema}${note}` }];
  const violations = toViolations(validate.errors);
  return [
    ...contractFindings(spec, validate.errors),
    {
      name: 'schema',
      passed: false,
      message: `${violations.length} violation(s) of ${schema}${note}: ${violations.map((v) => `${v.pointer || '/'} ${v.message}`).join('; ')}`,
      violations,
    },
  ];
}

/** Check one response against its expectation: status, responseCode, JSON Schema. */
export function checkResponse(
  spec: RequestSpec,
  response: ObservedResponse | undefined,
  transportError: string | undefined,
  schemas: SchemaRegistry,
): CheckOutcome {
  if (!response) {
    const checks = [
      { name: 'transport', passed: false, message: transportError ?? 'no response was received' },
    ];
    return { checks, passed: false, failureClass: 'transport' };
  }
  const json = parseJson(response.body);
  const actual = json.ok ? responseCodeOf(json.value) : undefined;
  const also = alternativeSuccess(spec, actual);
  const expect = also
    ? { ...spec.expect, status: Number(also.slice(0, 3)), responseCode: also }
    : spec.expect;
  const status: CheckResult = {
    name: 'status',
    passed: response.status === expect.status,
    message:
      response.status === expect.status
        ? `HTTP ${response.status}`
        : `expected HTTP ${expect.status}, got ${response.status}`,
  };
  const advice = spec.sign === 'bri-v2' && actual !== expect.responseCode ? briAdvice(actual) : undefined;
  if (advice && !status.passed) status.message += ` (BRI ${actual}: ${advice})`;
  const checks: CheckResult[] = [status];
  if (expect.responseCode !== undefined)
    checks.push(responseCodeCheck(expect.responseCode, actual, { json, also, advice, spec }));
  const message = responseMessageCheck(spec.expect, json);
  if (message) checks.push(message);
  if (expect.schema !== undefined) checks.push(...schemaChecks(spec, expect.schema, json, schemas));
  if (isSnapRequest(spec)) {
    checks.push(
      ...snapRuleChecks(spec, {
        status: response.status,
        headers: response.headers,
        json: json.ok ? json.value : undefined,
      }),
    );
  }
  const passed = checks.every((c) => c.passed);
  const failureClass = classify(checks, response.status);
  return { checks, passed, ...(failureClass ? { failureClass } : {}) };
}
