/**
 * TypeScript types generated from kontrak's JSON Schemas, so that a schema is the one home of its
 * format: `npm run gen:types` writes them, and test/model/schema-types.test.ts fails when a
 * committed file differs from what the schema gives now.
 *
 * json-schema-to-typescript does the work; the schemas are first reduced to what it reads well
 * (see `forTypes`). Build-time only: nothing at run time imports this module.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import { format, resolveConfig } from 'prettier';

type Schema = Record<string, unknown>;

export interface GeneratedFile {
  /** Path from the project root. */
  path: string;
  text: string;
}

const ROOT = new URL('../../', import.meta.url);

const read = (path: string): Schema => JSON.parse(readFileSync(new URL(path, ROOT), 'utf8')) as Schema;

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keywords that say what a value is; a schema with none of them accepts any JSON value. */
const TYPING_KEYWORDS = ['type', 'enum', 'const', '$ref', 'oneOf', 'anyOf', 'allOf', 'properties', 'items'];
/** Keywords whose value is a schema, a list of schemas, or a map of names to schemas. */
const SCHEMA_VALUED = new Set([
  'items',
  'additionalProperties',
  'propertyNames',
  'not',
  'contains',
  'if',
  'then',
  'else',
]);
const SCHEMA_LISTS = new Set(['oneOf', 'anyOf', 'allOf', 'prefixItems']);
const SCHEMA_MAPS = new Set(['properties', '$defs', 'definitions', 'patternProperties', 'dependentSchemas']);

const CONDITION_KEYWORDS = new Set(['if', 'then', 'else', 'description']);

/** A schema made only of `if`/`then`/`else`. */
const isCondition = (value: unknown): boolean =>
  isSchema(value) && 'if' in value && Object.keys(value).every((key) => CONDITION_KEYWORDS.has(key));

/**
 * A copy of a schema in the form json-schema-to-typescript reads well:
 * - `$ref` alone: a sibling `description` would make it copy the referenced type under a new name;
 * - a schema accepting anything (a request's `body`) is `unknown`, not an empty object;
 * - a mapping whose key names are an enum gets one optional property per name;
 * - with `defaultsFilled`, a property that has a `default` is required, as it is after ajv's
 *   `useDefaults` filled it in;
 * - an `allOf` member that is only a condition (`if`/`then`/`else`) is left out: it narrows values
 *   (a URL where the kind says so), it adds no type.
 */
function forTypes(schema: unknown, defaultsFilled: boolean): unknown {
  if (!isSchema(schema)) return schema;
  const sub = (value: unknown): unknown => forTypes(value, defaultsFilled);
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (SCHEMA_MAPS.has(key) && isSchema(value))
      out[key] = Object.fromEntries(Object.entries(value).map(([name, item]) => [name, sub(item)]));
    else if (key === 'allOf' && Array.isArray(value)) {
      const typing = value.filter((member) => !isCondition(member));
      if (typing.length) out[key] = typing.map(sub);
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) out[key] = value.map(sub);
    else out[key] = SCHEMA_VALUED.has(key) ? sub(value) : value;
  }
  if (typeof out.$ref === 'string') return { $ref: out.$ref };
  const names = isSchema(out.propertyNames) ? out.propertyNames.enum : undefined;
  if (Array.isArray(names) && isSchema(out.additionalProperties)) {
    const value = out.additionalProperties;
    out.properties = Object.fromEntries(names.map((name) => [String(name), value]));
    out.additionalProperties = false;
  }
  if (defaultsFilled && isSchema(schema.properties)) {
    const withDefault = Object.entries(schema.properties)
      .filter(([, property]) => isSchema(property) && 'default' in property)
      .map(([name]) => name);
    const required = Array.isArray(out.required) ? (out.required as string[]) : [];
    if (withDefault.length) out.required = [...new Set([...required, ...withDefault])];
  }
  if (!TYPING_KEYWORDS.some((keyword) => keyword in out)) out.tsType = 'unknown';
  return out;
}

async function typesOf(
  schemaPath: string,
  rootName: string,
  defaultsFilled: boolean,
  header: string,
  target: string,
): Promise<GeneratedFile> {
  const schema = { ...(forTypes(read(schemaPath), defaultsFilled) as Schema), title: rootName };
  const body = await compile(schema, rootName, {
    bannerComment: '',
    format: false,
    additionalProperties: false,
    ignoreMinAndMaxItems: true,
    unreachableDefinitions: true,
    declareExternallyReferenced: true,
  });
  const banner = `// Generated from ${schemaPath} by \`npm run gen:types\` (src/model/schema-types.ts): do not edit.\n`;
  return { path: target, text: await prettify(`${banner}// ${header}\n\n${body}`, target) };
}

async function prettify(text: string, target: string): Promise<string> {
  const file = fileURLToPath(new URL(target, ROOT));
  const options = (await resolveConfig(file)) ?? {};
  return format(text, { ...options, filepath: file });
}

/**
 * The bounds of `signing.externalIdDigits` for the signer (scripts/ is bundled into the Postman
 * sandbox and reads no schema at run time), so that the signer refuses exactly what the format does.
 */
async function externalIdLimits(target: string): Promise<GeneratedFile> {
  const defs = read('schemas/kontrak.schema.json').$defs as Record<string, Schema>;
  const signing = defs.signing?.properties as Record<string, Schema> | undefined;
  const digits = signing?.externalIdDigits;
  const { minimum, maximum } = digits ?? {};
  if (typeof minimum !== 'number' || typeof maximum !== 'number')
    throw new Error('schemas/kontrak.schema.json: signing.externalIdDigits needs a minimum and a maximum');
  const text = [
    '// Generated from schemas/kontrak.schema.json by `npm run gen:types` (src/model/schema-types.ts): do not edit.',
    '// The range of signing.externalIdDigits; the schema says why it is what it is.',
    `export const MIN_EXTERNAL_ID_DIGITS = ${String(minimum)};`,
    `export const MAX_EXTERNAL_ID_DIGITS = ${String(maximum)};`,
    '',
  ].join('\n');
  return { path: target, text: await prettify(text, target) };
}

/** Every generated file, as it should read now. */
export async function generatedFiles(): Promise<GeneratedFile[]> {
  return [
    await typesOf(
      'schemas/kontrak.schema.json',
      'KontrakFile',
      false,
      'A collection file as written: what a user may leave out is optional.',
      'src/model/format.generated.ts',
    ),
    await typesOf(
      'schemas/kontrak.schema.json',
      'KontrakFile',
      true,
      "A collection file once validated: ajv's useDefaults has filled in every key the schema gives a default.",
      'src/model/format-loaded.generated.ts',
    ),
    await typesOf(
      'schemas/results.schema.json',
      'RunResult',
      false,
      'A results.json as kontrak writes it: the hand-off from run and check to report, merge and diff.',
      'src/model/results.generated.ts',
    ),
    await typesOf(
      'schemas/bank-profile.schema.json',
      'BankProfile',
      true,
      "A bank profile once validated: ajv's useDefaults has filled in every knob the schema gives a default.",
      'src/banks/bank-profile.generated.ts',
    ),
    await typesOf(
      'schemas/snap-services.schema.json',
      'SnapCatalogueFile',
      false,
      'The SNAP service catalogue as shipped.',
      'src/catalogue/snap-services.generated.ts',
    ),
    await externalIdLimits('scripts/external-id-limits.generated.ts'),
  ];
}
