import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { readInputFile, walkFiles } from '../input-files.ts';
import type { ValidateFunction } from 'ajv';
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import { cacheDir } from '../cache.ts';
import { cachedValidators, compileKey, writeCompiled } from './compiled-cache.ts';
import { createAjv } from './ajv.ts';
import { preparedSchemas, type OverlayTargets } from './prepare.ts';

/** Response schemas by their path under schemas/ (`nicepay/create-va.response.json`). */
export interface SchemaRegistry {
  validator(path: string): ValidateFunction | undefined;
  /** The raw schema documents, for bundling into Postman tests. */
  documents: Map<string, object>;
}

/** kontrak's own schemas (its YAML format, results.json, bank profiles, the catalogue) live beside the response schemas but are none. */
const OWN_SCHEMAS = new Set([
  'kontrak.schema.json',
  'results.schema.json',
  'bank-profile.schema.json',
  'snap-services.schema.json',
]);

/** Each schema's file by its name; a later folder's file replaces an earlier one's. */
function schemaFiles(
  dirs: readonly string[],
  cwd: string,
): { files: Map<string, string>; diagnostics: Diagnostic[] } {
  const files = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const dir of dirs) {
    // Symlinks may not lead out of the project (the folder above schemas/).
    const walked = existsSync(dir)
      ? walkFiles(dirname(dir), dir, /\.json$/, cwd)
      : { files: [], diagnostics: [] };
    diagnostics.push(...walked.diagnostics);
    for (const path of walked.files) {
      const key = relative(dir, path).split(sep).join('/');
      if (!OWN_SCHEMAS.has(key)) files.set(key, path);
    }
  }
  return { files, diagnostics };
}

/** The schema files parsed, by key; a file that is not JSON is a diagnostic. */
function readDocuments(
  files: ReadonlyMap<string, string>,
  shownFrom: string,
): { documents: Map<string, object>; diagnostics: Diagnostic[] } {
  const documents = new Map<string, object>();
  const diagnostics: Diagnostic[] = [];
  for (const [key, path] of files) {
    const read = readInputFile(path, shownFrom);
    diagnostics.push(...read.diagnostics);
    if (read.text === undefined) continue;
    try {
      documents.set(key, JSON.parse(read.text) as object);
    } catch (e) {
      diagnostics.push(
        error('E_SCHEMA_INVALID', `schema ${key} cannot be loaded: ${(e as Error).message}`, { file: path }),
      );
    }
  }
  return { documents, diagnostics };
}

/**
 * Load and compile every schema under `dirs` (ajv 8, draft 2020-12, strict): a schema is named by
 * its path under its folder, and a later folder's file replaces an earlier one's of the same name
 * (a project's schemas/ over the shipped ones, see project/assets.ts). Compiling takes
 * hundreds of ms, so a set of schemas that compiled cleanly is kept as ajv standalone code in the
 * cache (cache.ts), named by a hash of every schema's text: the next run with the same schemas
 * loads that code instead, and any change to any schema compiles (and diagnoses) afresh.
 * `options.cache` is KONTRAK_CACHE_DIR as the caller read it (cache.ts); `options.overlays` are
 * the bank schemas to derive from the bank profiles' overlays (src/banks/overlays.ts), none if
 * not given.
 */
export function loadSchemas(
  dirs: string | readonly string[],
  cwd?: string,
  options: { cache?: string | undefined; overlays?: OverlayTargets | undefined } = {},
): Outcome<SchemaRegistry> {
  const list = typeof dirs === 'string' ? [dirs] : dirs;
  const shownFrom = cwd ?? dirname(list[list.length - 1] ?? '.');
  const { files, diagnostics } = schemaFiles(list, shownFrom);
  const read = readDocuments(files, shownFrom);
  diagnostics.push(...read.diagnostics);
  // Checks use the policed documents and the banks' own schemas (prepare.ts); the cache is named
  // by what is compiled, so a changed overlay compiles afresh as a changed file does.
  const prepared = preparedSchemas(read.documents, options.overlays);
  diagnostics.push(...prepared.diagnostics);
  const documents = prepared.documents;
  const texts = new Map([...documents].map(([key, schema]) => [key, JSON.stringify(schema)]));
  const cacheFile = cacheFileFor(texts, options.cache);
  const cached =
    diagnostics.length === 0 && cacheFile ? cachedValidators(cacheFile, [...documents.keys()]) : undefined;
  if (cached) return { value: { validator: (path) => cached.get(path), documents }, diagnostics };

  const ajv = createAjv({ standalone: cacheFile !== undefined });
  for (const [key, schema] of documents) {
    try {
      ajv.addSchema(schema, key);
    } catch (e) {
      documents.delete(key);
      diagnostics.push(
        error('E_SCHEMA_INVALID', `schema ${key} cannot be loaded: ${(e as Error).message}`, {
          file: files.get(key) ?? key,
        }),
      );
    }
  }
  const compiled = new Map<string, ValidateFunction>();
  for (const key of documents.keys()) {
    try {
      const validate = ajv.getSchema(key);
      if (validate) compiled.set(key, validate);
    } catch (e) {
      diagnostics.push(
        error('E_SCHEMA_INVALID', `schema ${key} does not compile: ${(e as Error).message}`, {
          file: files.get(key) ?? key,
          hint: 'schemas are JSON Schema draft 2020-12, compiled by ajv in strict mode',
        }),
      );
    }
  }
  if (cacheFile && diagnostics.length === 0) writeCompiled(cacheFile, ajv, [...compiled.keys()]);
  return { value: { validator: (path) => compiled.get(path), documents }, diagnostics };
}

function cacheFileFor(texts: Map<string, string>, setting: string | undefined): string | undefined {
  const dir = cacheDir(setting);
  if (dir === undefined) return undefined;
  const hash = createHash('sha256').update(compileKey());
  for (const [key, text] of [...texts].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`\0${key}\0${text}`);
  return join(dir, `schemas-${hash.digest('hex').slice(0, 32)}.cjs`);
}
