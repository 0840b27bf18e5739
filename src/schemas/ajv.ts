import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject } from 'ajv';
import type { SchemaViolation } from '../model/results.ts';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** One ajv 8 setup for the whole project: draft 2020-12, strict, every error, formats on. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

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
