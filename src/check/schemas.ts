import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { readInputFile, walkFiles } from '../load/files.ts';
import type { ValidateFunction } from 'ajv';
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import { createAjv } from '../schemas/ajv.ts';

/** Response schemas by their path under schemas/ (`nicepay/create-va.response.json`). */
export interface SchemaRegistry {
  validator(path: string): ValidateFunction | undefined;
  /** The raw schema documents, for bundling into Postman tests. */
  documents: Map<string, object>;
}

/** kontrak's own format schema lives beside the response schemas but is not one. */
const FORMAT_SCHEMA = 'kontrak.schema.json';

/** Load and compile every schema under `dir` (ajv 8, draft 2020-12, strict). */
export function loadSchemas(dir: string): Outcome<SchemaRegistry> {
  const ajv = createAjv();
  const documents = new Map<string, object>();
  const diagnostics: Diagnostic[] = [];
  // Symlinks may not lead out of the project (the folder above schemas/).
  const walked = existsSync(dir) ? walkFiles(dirname(dir), dir, /\.json$/) : { files: [], diagnostics: [] };
  diagnostics.push(...walked.diagnostics);
  for (const path of walked.files) {
    const key = relative(dir, path).split(sep).join('/');
    if (key === FORMAT_SCHEMA) continue;
    const read = readInputFile(path);
    diagnostics.push(...read.diagnostics);
    if (read.text === undefined) continue;
    try {
      const schema = JSON.parse(read.text) as object;
      documents.set(key, schema);
      ajv.addSchema(schema, key);
    } catch (e) {
      diagnostics.push(
        error('E_SCHEMA_INVALID', `schema ${key} cannot be loaded: ${(e as Error).message}`, { file: path }),
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
          file: join(dir, key),
          hint: 'schemas are JSON Schema draft 2020-12, compiled by ajv in strict mode',
        }),
      );
    }
  }
  return { value: { validator: (path) => compiled.get(path), documents }, diagnostics };
}
