/**
 * Small checks of SNAP request bodies. Each returns the first problem it finds, naming the field
 * by its dotted path (`totalAmount.value`), so handlers can answer 400xx02 / 400xx01.
 */
import { badFieldFormat, missingField, type MockReply } from '../snap-errors.ts';

/** A mandatory field that is absent or empty (`missing`), or a value of the wrong shape (`format`). */
export interface FieldProblem {
  kind: 'missing' | 'format';
  field: string;
  /** What the broken rule asks for (`must be 15 digits`), where the schema says. */
  hint?: string;
}

/** Rules of a string field. */
export interface StringRule {
  required?: boolean;
  maxLength?: number;
  pattern?: RegExp;
}

/** Whether a value is a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** Checks a string field: presence when required, type, length, pattern. */
export function checkString(value: unknown, field: string, rule: StringRule = {}): FieldProblem | undefined {
  if (isAbsent(value)) return rule.required === true ? { kind: 'missing', field } : undefined;
  if (typeof value !== 'string') return { kind: 'format', field };
  if (rule.maxLength !== undefined && value.length > rule.maxLength) return { kind: 'format', field };
  if (rule.pattern !== undefined && !rule.pattern.test(value)) return { kind: 'format', field };
  return undefined;
}

/** SNAP money: `{ value: "10000.00", currency: "IDR" }` (value String(16,2)). */
export function checkAmount(
  value: unknown,
  field: string,
  rule: { required?: boolean } = {},
): FieldProblem | undefined {
  if (value === undefined || value === null)
    return rule.required === true ? { kind: 'missing', field } : undefined;
  if (!isObject(value)) return { kind: 'format', field };
  return (
    checkString(value['value'], `${field}.value`, { required: true, pattern: /^\d{1,16}\.\d{2}$/ }) ??
    checkString(value['currency'], `${field}.currency`, { required: true, pattern: /^IDR$/ })
  );
}

/** Checks an optional object field (e.g. `additionalInfo`). */
export function checkOptionalObject(value: unknown, field: string): FieldProblem | undefined {
  return value === undefined || value === null || isObject(value) ? undefined : { kind: 'format', field };
}

/** Checks an optional array field with a maximum number of items. */
export function checkOptionalArray(
  value: unknown,
  field: string,
  maxItems: number,
): FieldProblem | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) && value.length <= maxItems ? undefined : { kind: 'format', field };
}

/** Runs checks in order and returns the first problem. */
export function firstProblem(checks: Array<() => FieldProblem | undefined>): FieldProblem | undefined {
  for (const check of checks) {
    const problem = check();
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** The SNAP reply for a field problem of a service. */
export function fieldProblemReply(serviceCode: string, problem: FieldProblem): MockReply {
  return problem.kind === 'missing'
    ? missingField(serviceCode, problem.field)
    : badFieldFormat(serviceCode, problem.field);
}

/** A string field's value, or "" when absent or not a string. */
export function stringField(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  return typeof value === 'string' ? value : '';
}

/** Kinds of values a field rule checks. */
export type FieldType = 'string' | 'money' | 'object' | 'array' | 'strings' | 'number' | 'timestamp';

/**
 * One row of an endpoint's field-rule table. `field` may be dotted (`additionalInfo.tXidVA`);
 * `max` is the maximum length (string, timestamp), number of items (array, strings) or digits (number).
 */
export interface FieldRule {
  field: string;
  type: FieldType;
  required?: boolean;
  max?: number;
  pattern?: RegExp;
}

/** ISO-8601 date-time with an offset or `Z` (SNAP `transactionDate`, `expiredDate`, `trxDateTime`). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;

/** The value at a dotted path; undefined when a parent is absent or not an object. */
export function valueAt(body: Record<string, unknown>, path: string): unknown {
  let current: unknown = body;
  for (const key of path.split('.')) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Checks one value against one rule. */
export function checkRule(value: unknown, rule: FieldRule): FieldProblem | undefined {
  const { field, required = false, max } = rule;
  switch (rule.type) {
    case 'string':
      return checkString(value, field, {
        required,
        ...(max === undefined ? {} : { maxLength: max }),
        ...(rule.pattern ? { pattern: rule.pattern } : {}),
      });
    case 'timestamp':
      return checkString(value, field, {
        required,
        maxLength: max ?? 25,
        pattern: rule.pattern ?? ISO_DATE_TIME,
      });
    case 'money':
      return checkAmount(value, field, { required });
    case 'object':
      if (value === undefined || value === null) return required ? { kind: 'missing', field } : undefined;
      return isObject(value) ? undefined : { kind: 'format', field };
    case 'number':
      return checkNumber(value, field, required, max);
    case 'array':
    case 'strings':
      return checkList(value, rule.type, field, required, max);
  }
}

function checkNumber(
  value: unknown,
  field: string,
  required: boolean,
  max: number | undefined,
): FieldProblem | undefined {
  if (value === undefined || value === null || value === '')
    return required ? { kind: 'missing', field } : undefined;
  return typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 0 &&
    String(value).length <= (max ?? 15)
    ? undefined
    : { kind: 'format', field };
}

function checkList(
  value: unknown,
  type: 'array' | 'strings',
  field: string,
  required: boolean,
  max: number | undefined,
): FieldProblem | undefined {
  if (value === undefined || value === null) return required ? { kind: 'missing', field } : undefined;
  if (!Array.isArray(value) || (max !== undefined && value.length > max)) return { kind: 'format', field };
  if (required && value.length === 0) return { kind: 'missing', field };
  const itemsOk = type === 'array' ? value.every(isObject) : value.every((item) => typeof item === 'string');
  return itemsOk ? undefined : { kind: 'format', field };
}

/** The first problem of a body against a rule table, in table order. */
export function checkRules(
  body: Record<string, unknown>,
  rules: readonly FieldRule[],
): FieldProblem | undefined {
  for (const rule of rules) {
    const problem = checkRule(valueAt(body, rule.field), rule);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
