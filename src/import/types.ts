/** What every importer hands to the writer: suites as the YAML format has them, and diagnostics. */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Request, Suite } from '../model/format.generated.ts';

export type SuiteRequest = Request;

/** One suite an import produces, with the source it came from (for the file's header comment). */
export interface ImportedSuite {
  suite: Suite;
  /** Where it came from, in words: `DANA uat-script resource/ (widget)`, `collection.json`. */
  from: string;
}

export interface Imported {
  suites: ImportedSuite[];
  diagnostics: Diagnostic[];
}

/** A suite name the format accepts (`^[a-z][a-z0-9-]*$`), from any words. */
export function suiteName(words: string): string {
  const name = words
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '');
  return name || 'imported';
}

/** Request names unique within a suite: a repeated name gets ` (2)`, ` (3)`… */
export function uniqueNames<T extends { name: string }>(requests: T[]): T[] {
  const seen = new Map<string, number>();
  return requests.map((r) => {
    const n = (seen.get(r.name) ?? 0) + 1;
    seen.set(r.name, n);
    return n === 1 ? r : { ...r, name: `${r.name} (${n})` };
  });
}
