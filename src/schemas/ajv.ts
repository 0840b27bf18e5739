import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { _, type ErrorObject } from 'ajv';
import type { SchemaViolation } from '../model/results.ts';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** What ajv's standalone code requires for the formats (resolved from kontrak, see schemas-cache.ts). */
const FORMATS_MODULE = _`require("ajv-formats/dist/formats").fullFormats`;

/**
 * One ajv 8 setup for the whole project: draft 2020-12, strict, every error, formats on.
 * `standalone`: also keep each validator's source, so it can be cached as code.
 */
export function createAjv(options: { standalone?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    verbose: true,
    allowUnionTypes: true,
    ...(options.standalone ? { code: { source: true, formats: FORMATS_MODULE } } : {}),
  });
  addFormats(ajv);
  return ajv;
}

/** ajv errors → violations that name the pointer, the rule and the offending value. */
export function toViolations(errors: readonly ErrorObject[] | null | undefined): SchemaViolation[] {
  return (errors ?? []).map((e) => {
    const extra =
      e.keyword === 'additionalProperties'
        ? `/${String((e.params as { additionalProperty: string }).additionalProperty)}`
        : '';
    return {
      pointer: e.instancePath + extra,
      rule: e.keyword,
      message: e.message ?? e.keyword,
      value: e.keyword === 'required' ? undefined : e.data,
    };
  });
}
