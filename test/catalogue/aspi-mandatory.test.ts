/**
 * The catalogue's mandatory column is ASPI's: it says so by its name and cites ASPI's field
 * tables, and it lists what they mark M (never a field they mark O). A bank's own mandatory
 * fields are its profile's, with their sources (src/banks/mandatory.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueEntry, snapCatalogue } from '../../src/catalogue/catalogue.ts';
import { REPO_ROOT } from '../support/project.ts';

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'snap-services.schema.json'), 'utf8')) as {
  $defs: { catalogueEntry: { required: string[]; properties: Record<string, { description?: string }> } };
};

describe("the catalogue's mandatory column", () => {
  it("is named as ASPI's and cites ASPI's field tables", () => {
    const column = schema.$defs.catalogueEntry.properties.aspiMandatory;
    expect(schema.$defs.catalogueEntry.required).toContain('aspiMandatory');
    expect(schema.$defs.catalogueEntry.properties).not.toHaveProperty('mandatory');
    expect(column?.description).toContain('https://apidevportal.aspi-indonesia.or.id');
    expect(column?.description).toMatch(/banks\/<bank>\.yaml/);
    for (const entry of snapCatalogue()) expect(Array.isArray(entry.aspiMandatory), entry.code).toBe(true);
  });

  // ASPI's request field tables (https://github.com/mseptiaan/snap-aspi-go/tree/b7e2c8111f58/aspi):
  // customer-top-up.md (38), mpm.md (47), direct-debit.md (54, 58).
  it.each([
    ['emoney/topup', ['partnerReferenceNo']],
    ['qr/qr-mpm-generate', []],
    ['debit/payment-host-to-host', ['partnerReferenceNo']],
    ['debit/refund', ['partnerRefundNo']],
  ])('%s lists what ASPI marks M, and no field ASPI marks O', (service, fields) => {
    expect(catalogueEntry(service)?.aspiMandatory).toEqual(fields);
  });
});
