/**
 * The response schemas a collection needs, compiled ahead of time into plain JavaScript by ajv's
 * standalone code generation, with the very options `kontrak run` validates with (2020-12,
 * strict, every error, verbose): the sandbox needs neither ajv nor the network.
 */
import standaloneModule from 'ajv/dist/standalone/index.js';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { createAjv } from '../schemas/ajv.ts';

// ajv's standalone entry is CommonJS; under NodeNext its default export arrives wrapped.
const standaloneCode = standaloneModule as unknown as (ajv: Ajv2020, refs: Record<string, string>) => string;

/**
 * CommonJS source exporting one validate function per schema key (`exports["snap/error.response.json"]`).
 * Every document is added so that `$ref`s between schema files resolve; only `keys` are exported.
 */
export function standaloneValidators(
  documents: ReadonlyMap<string, object>,
  keys: readonly string[],
): string {
  const ajv = createAjv({ forSandbox: true });
  for (const [key, schema] of documents) ajv.addSchema(schema, key);
  const refs = Object.fromEntries(keys.map((key) => [key, key]));
  return standaloneCode(ajv, refs);
}
