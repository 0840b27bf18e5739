import type { ErrorObject } from 'ajv';
import type { SchemaViolation } from '../model/results.ts';

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
