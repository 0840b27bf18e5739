/**
 * A request schema requires what the bank requires, no more: ASPI's mandatory fields (the
 * catalogue's aspiMandatory column) in the shared schema, and for each bank the fields
 * src/banks/mandatory.ts gives it (ASPI's less its `not-required` overlays, plus its `mandatory`
 * knob and `required` overlays, each with a source). A field ASPI marks O that the shared schema
 * requires makes every bank's mock refuse a request ASPI allows.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapCatalogue } from '../../src/catalogue/catalogue.ts';
import { bankMandatory, bankOwnMandatoryFields } from '../../src/banks/mandatory.ts';
import { bankOverlayTargets } from '../../src/banks/overlays.ts';
import { bankProfiles } from '../../src/load/bank-profiles.ts';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { bankSchemaIn } from '../../src/schemas/prepare.ts';
import { REPO_ROOT } from '../support/project.ts';

const banks = bankProfiles();
const registry = loadSchemas(join(REPO_ROOT, 'schemas'), undefined, {
  overlays: bankOverlayTargets(banks),
}).value!;

/** The top-level `required` of a loaded schema. */
function requiredOf(key: string): string[] {
  const schema = registry.documents.get(key) as { required?: unknown } | undefined;
  if (schema === undefined) throw new Error(`schema ${key} is not loaded`);
  return Array.isArray(schema.required) ? schema.required.map(String) : [];
}

const sorted = (fields: Iterable<string>): string[] => [...new Set(fields)].sort();

/** `…: schema requires [a], mandatory.ts says [b]` where the two differ, else nothing. */
function mismatch(who: string, schemaRequires: string[], mandatory: string[]): string[] {
  const [a, b] = [sorted(schemaRequires), sorted(mandatory)];
  if (a.join() === b.join()) return [];
  const extra = a.filter((f) => !b.includes(f));
  const lacking = b.filter((f) => !a.includes(f));
  return [
    `${who}: the schema requires [${a.join(', ')}], mandatory.ts says [${b.join(', ')}]` +
      (extra.length ? `; required but not mandatory: ${extra.join(', ')}` : '') +
      (lacking.length ? `; mandatory but not required: ${lacking.join(', ')}` : ''),
  ];
}

const withRequestSchema = snapCatalogue().flatMap((entry) =>
  entry.schemas?.request === undefined ? [] : [{ entry, schema: entry.schemas.request }],
);

describe('request schemas require what the mandatory fields say', () => {
  it('has catalogue services with request schemas to compare', () => {
    expect(withRequestSchema.length).toBeGreaterThanOrEqual(30);
  });

  it("the shared schema's required is ASPI's mandatory fields, for every service", () => {
    const found = withRequestSchema.flatMap(({ entry, schema }) =>
      mismatch(`${entry.code} ${entry.service} (${schema}, ASPI)`, requiredOf(schema), entry.aspiMandatory),
    );
    expect(found).toEqual([]);
  });

  it("each bank's schema and own fields are what mandatory.ts gives that bank, for every service it offers", () => {
    const found = withRequestSchema.flatMap(({ entry, schema }) =>
      [...banks.values()]
        .filter((profile) => profile.services[entry.service] !== undefined)
        .flatMap((profile) => {
          // The mock holds a bank's request to its schema and to the bank's own fields beside it.
          const holds = [
            ...requiredOf(bankSchemaIn(registry.documents, profile.bank, schema)),
            ...bankOwnMandatoryFields(profile, entry.service),
          ];
          const says = bankMandatory(profile, entry.service).flatMap((m) => m.fields);
          return mismatch(`${entry.code} ${entry.service} at ${profile.bank}`, holds, says);
        }),
    );
    expect(found).toEqual([]);
  });
});
