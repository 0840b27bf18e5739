/**
 * The SNAP service catalogue (catalogue/snap-services.json): the 81 service codes of ASPI's SNAP
 * specification with their paths, direction, audience, mandatory fields and the schemas kontrak
 * ships. The single source of service codes for the rule pack, the mock's routing, `validate`,
 * `explain` and the coverage matrix.
 */
import { readFileSync } from 'node:fs';
import { packagePath } from '../project/assets.ts';

export type Direction = 'partner-to-bank' | 'bank-to-partner';
export type Audience = 'B2B' | 'B2B2C' | 'B2B or B2B2C';

export interface CatalogueEntry {
  /** Two digits, `01`…`81`. */
  code: string;
  /** The name a suite uses in `service:` (the path suffix without its leading slash). */
  service: string;
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Suffix after the version segment (`/qr/qr-mpm-generate`). */
  path: string;
  direction: Direction;
  audience: Audience;
  /** Request fields the specification marks mandatory (conditional ones left out). */
  mandatory: readonly string[];
  /** Request and response schemas under schemas/, where kontrak ships them. */
  schemas?: { request: string; response: string };
}

const CATALOGUE_FILE = packagePath('catalogue', 'snap-services.json');

let entries: readonly CatalogueEntry[] | undefined;

/** Every entry, ordered by code; read and checked once per process. */
export function snapCatalogue(): readonly CatalogueEntry[] {
  entries ??= parseCatalogue(JSON.parse(readFileSync(CATALOGUE_FILE, 'utf8')) as unknown);
  return entries;
}

/** Checks the data file's shape; a broken catalogue is a programming error, so it throws. */
export function parseCatalogue(document: unknown): CatalogueEntry[] {
  const services = (document as { services?: unknown } | null)?.services;
  if (!Array.isArray(services)) throw new Error('SNAP catalogue: "services" must be a list');
  const seen = new Set<string>();
  return services.map((raw: unknown, index) => {
    const e = raw as Partial<CatalogueEntry>;
    const where = `SNAP catalogue entry ${index + 1}`;
    if (typeof e.code !== 'string' || !/^\d{2}$/.test(e.code))
      throw new Error(`${where}: code must be 2 digits`);
    if (seen.has(e.code)) throw new Error(`${where}: code ${e.code} appears twice`);
    seen.add(e.code);
    if (typeof e.path !== 'string' || !e.path.startsWith('/'))
      throw new Error(`${where}: path must start with /`);
    if (e.service !== e.path.slice(1))
      throw new Error(`${where}: service must be the path without its leading /`);
    if (e.direction !== 'partner-to-bank' && e.direction !== 'bank-to-partner')
      throw new Error(`${where}: unknown direction`);
    if (!Array.isArray(e.mandatory)) throw new Error(`${where}: mandatory must be a list`);
    return e as CatalogueEntry;
  });
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
