/**
 * The SNAP service catalogue (catalogue/snap-services.json): the 81 service codes of ASPI's SNAP
 * specification with their paths, direction, audience, mandatory fields and the schemas kontrak
 * ships. The single source of service codes for the rule pack, the mock's routing, `validate`,
 * `explain` and the coverage matrix.
 *
 * Lookups only: the file is read and checked in catalogue-file.ts, which the sandbox checks bundle
 * replaces by the data itself (src/render/bundle-checks.ts).
 */
import { readCatalogue } from './catalogue-file.ts';
import type { CatalogueEntry as Entry } from './snap-services.generated.ts';

/** One service of the catalogue; its shape is schemas/snap-services.schema.json's. */
export type CatalogueEntry = Entry;
export type Direction = Entry['direction'];
export type Audience = Entry['audience'];

let entries: readonly CatalogueEntry[] | undefined;

/** Every entry, ordered by code; read and checked once per process (the file ships with kontrak). */
export function snapCatalogue(): readonly CatalogueEntry[] {
  entries ??= readCatalogue();
  return entries;
}

/** The entry a suite's `service:` names, if any. */
export function catalogueEntry(service: string): CatalogueEntry | undefined {
  return snapCatalogue().find((e) => e.service === service);
}

/** The code of a catalogue service the code base names; throws on a name the catalogue lacks. */
export function serviceCode(service: string): string {
  const entry = catalogueEntry(service);
  if (entry === undefined) throw new Error(`SNAP catalogue: no service "${service}"`);
  return entry.code;
}

export function catalogueEntryByCode(code: string): CatalogueEntry | undefined {
  return snapCatalogue().find((e) => e.code === code);
}

/**
 * The entry of a request path by its longest matching suffix (`/snap/v1.1/bank-statement` → 14),
 * ignoring a query string, a trailing slash and a `.htm` ending (DANA).
 */
export function catalogueEntryOfPath(path: string): CatalogueEntry | undefined {
  const clean = (path.split('?')[0] ?? '').replace(/\/+$/, '').replace(/\.htm$/, '');
  let best: CatalogueEntry | undefined;
  for (const entry of snapCatalogue()) {
    if (clean.endsWith(entry.path) && (!best || entry.path.length > best.path.length)) best = entry;
  }
  return best;
}
