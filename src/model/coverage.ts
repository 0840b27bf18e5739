/**
 * The SNAP coverage matrix: which catalogue services a run tested, per provider, passed or
 * failed. Built from the exchanges' service codes, for results.json, the HTML report and
 * `kontrak coverage`.
 */
import { catalogueEntryByCode, snapCatalogue } from '../catalogue/catalogue.ts';
import type { Coverage, CoverageCell, SuiteResult } from './results.ts';

export function coverageOf(suites: readonly SuiteResult[]): Coverage | undefined {
  const cells = new Map<string, Map<string, CoverageCell>>();
  const providers = new Set<string>();
  for (const suite of suites) {
    for (const x of suite.exchanges) {
      if (x.service === undefined) continue;
      providers.add(suite.provider);
      let row = cells.get(x.service);
      if (row === undefined) {
        row = new Map<string, CoverageCell>();
        cells.set(x.service, row);
      }
      let cell = row.get(suite.provider);
      if (cell === undefined) {
        cell = { passed: 0, failed: 0 };
        row.set(suite.provider, cell);
      }
      if (x.passed) cell.passed++;
      else cell.failed++;
    }
  }
  if (cells.size === 0) return undefined;
  const sortedProviders = [...providers].sort();
  return {
    catalogue: snapCatalogue().length,
    tested: cells.size,
    providers: sortedProviders,
    services: [...cells.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, row]) => ({
        code,
        name: catalogueEntryByCode(code)?.name ?? '',
        providers: Object.fromEntries(
          sortedProviders.flatMap((p) => {
            const cell = row.get(p);
            return cell === undefined ? [] : [[p, cell] as const];
          }),
        ),
      })),
  };
}

/** `{ coverage }` for a RunResult, or nothing when no request called a catalogue service. */
export function coverageField(suites: readonly SuiteResult[]): { coverage?: Coverage } {
  const coverage = coverageOf(suites);
  return coverage ? { coverage } : {};
}
