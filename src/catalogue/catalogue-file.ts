/**
 * Reads catalogue/snap-services.json and checks it against schemas/snap-services.schema.json, then
 * what a schema cannot say (codes unique, each service named by its path). Node only: the sandbox
 * checks bundle replaces this module by the data it needs (src/render/bundle-checks.ts).
 */
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { packagePath } from '../project/assets.ts';
import type { CatalogueEntry, SnapCatalogueFile } from './snap-services.generated.ts';

let validator: ValidateFunction<SnapCatalogueFile> | undefined;

function catalogueValidator(): ValidateFunction<SnapCatalogueFile> {
  validator ??= new Ajv2020({ strict: true, allErrors: true }).compile<SnapCatalogueFile>(
    JSON.parse(readFileSync(packagePath('schemas', 'snap-services.schema.json'), 'utf8')) as object,
  );
  return validator;
}

/** The shipped catalogue's entries, checked. */
export function readCatalogue(): CatalogueEntry[] {
  return parseCatalogue(JSON.parse(readFileSync(packagePath('catalogue', 'snap-services.json'), 'utf8')));
}

/** Checks a catalogue document; a broken catalogue is a programming error, so it throws. */
export function parseCatalogue(document: unknown): CatalogueEntry[] {
  const validate = catalogueValidator();
  if (!validate(document)) {
    const problems = (validate.errors ?? []).map(
      (e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`,
    );
    throw new Error(`SNAP catalogue: ${problems.join('; ')}`);
  }
  const seen = new Set<string>();
  return document.services.map((e, index) => {
    const where = `SNAP catalogue entry ${index + 1}`;
    if (seen.has(e.code)) throw new Error(`${where}: code ${e.code} appears twice`);
    seen.add(e.code);
    if (e.service !== e.path.slice(1))
      throw new Error(`${where}: service must be the path without its leading /`);
    return e;
  });
}
