/**
 * The mock checks request bodies with the same JSON Schemas the suites use (schemas/), and with
 * nothing else, so a contract and the bank that enforces it cannot drift apart. The first
 * violation is answered: a missing required field as missing (SNAP 400xx02), anything else as a
 * format problem (SNAP 400xx01), naming the field; `hint` is the description of the broken rule.
 */
import type { ErrorObject } from 'ajv';
import { loadSchemas, type SchemaRegistry } from '../../schemas/registry.ts';
import { bankSchemaIn } from '../../schemas/prepare.ts';
import { bankOverlays } from '../../load/bank-profiles.ts';
import type { FieldProblem } from './fields.ts';
import { must } from '../../must.ts';
import { assetDirs } from '../../project/assets.ts';

const registries = new Map<string, SchemaRegistry>();

/** Where the schemas come from and where their compiled code is kept (the mock's settings). */
export interface SchemaPlace {
  projectRoot?: string | undefined;
  cacheDir?: string | undefined;
}

/**
 * The shipped schemas, and the project's under the same or new names: the contract the suites
 * hold, with each bank's own request schemas derived from its profile's overlays (`on: request`).
 */
function schemas({ projectRoot, cacheDir }: SchemaPlace): SchemaRegistry {
  const dirs = assetDirs('schemas', projectRoot);
  const key = dirs.join('\n');
  let registry = registries.get(key);
  if (!registry) {
    registry = must(
      loadSchemas(dirs, undefined, { cache: cacheDir, overlays: bankOverlays(projectRoot) }).value,
      'schema registry',
    );
    registries.set(key, registry);
  }
  return registry;
}

/** `/totalAmount/value` → `totalAmount.value`. */
function dotted(pointer: string, extra?: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  return parts.join('.') || 'body';
}

/** The description of the field's own schema (`must be 15 digits`); none for the body as a whole. */
function hintOf(error: ErrorObject): string | undefined {
  if (error.instancePath === '' || error.keyword === 'additionalProperties') return undefined;
  const description = (error.parentSchema as { description?: unknown } | undefined)?.description;
  return typeof description === 'string' ? description : undefined;
}

/**
 * The first problem of `body` against the request schema at `path` (under schemas/, the shipped
 * ones and those of the mock's project), if any; with `bank`, against that bank's own request
 * schema where its profile's overlays derive one.
 */
export function requestSchemaProblem(
  path: string,
  body: unknown,
  place: SchemaPlace = {},
  bank?: string,
): FieldProblem | undefined {
  const registry = schemas(place);
  const validate = registry.validator(
    bank === undefined ? path : bankSchemaIn(registry.documents, bank, path),
  );
  if (!validate) throw new Error(`mock bank: request schema ${path} is not loaded`);
  if (validate(body)) return undefined;
  const errors = validate.errors ?? [];
  // Missing fields first: they are what a bank reports first (400xx02).
  const missing = errors.find((e) => e.keyword === 'required');
  if (missing)
    return {
      kind: 'missing',
      field: dotted(missing.instancePath, (missing.params as { missingProperty: string }).missingProperty),
    };
  const first = must(errors[0], 'schema error');
  const hint = hintOf(first);
  // An empty or null mandatory value is reported as missing, as banks do.
  if ((first.data === '' || first.data === null) && first.keyword !== 'additionalProperties')
    return { kind: 'missing', field: dotted(first.instancePath), ...(hint ? { hint } : {}) };
  const extra =
    first.keyword === 'additionalProperties'
      ? (first.params as { additionalProperty: string }).additionalProperty
      : undefined;
  return { kind: 'format', field: dotted(first.instancePath, extra), ...(hint ? { hint } : {}) };
}
