/**
 * results.json against schemas/results.schema.json, closed: a reader accepts keys it does not
 * know (fields are only ever added within version 1), but kontrak's own writer must write no key
 * the schema does not name, so the tests add `additionalProperties: false` to every object.
 */
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import type { RunResult } from '../../src/model/results.ts';
import { createAjv } from '../../src/schemas/ajv.ts';

type Schema = Record<string, unknown>;
const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy of `schema` where every object schema with `properties` refuses other keys. */
export function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!isSchema(schema)) return schema;
  const out: Schema = Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [k, k === 'enum' || k === 'const' ? v : closed(v)]),
  );
  if (isSchema(out['properties']) && !('additionalProperties' in out)) out['additionalProperties'] = false;
  return out;
}

let validate: ValidateFunction | undefined;

/** What is wrong with a results.json (JSON pointer and message each), or [] when nothing is. */
export function resultsProblems(value: unknown): string[] {
  validate ??= createAjv().compile(
    closed(
      JSON.parse(readFileSync(new URL('../../schemas/results.schema.json', import.meta.url), 'utf8')),
    ) as object,
  );
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}

/** Reads a results.json a run wrote, and fails the test unless it is exactly what the schema describes. */
export function readCheckedResults(path: string): RunResult {
  const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const problems = resultsProblems(value);
  if (problems.length)
    throw new Error(
      `${path} does not match schemas/results.schema.json:\n${problems.slice(0, 20).join('\n')}`,
    );
  return value as RunResult;
}
