/**
 * View model of the HTML report's coverage section (templates/coverage.hbs): the SNAP services
 * the run tested, one column per provider: ✓ every request passed, ✗ one failed, blank untested.
 */
import type { Coverage } from '../model/results.ts';

export interface CoverageView {
  tested: number;
  catalogue: number;
  providerCount: number;
  providers: string[];
  rows: Array<{ code: string; name: string; cells: Array<{ cls: string; mark: string; title: string }> }>;
}

export function coverageView(coverage: Coverage | undefined): CoverageView | null {
  if (coverage === undefined) return null;
  return {
    tested: coverage.tested,
    catalogue: coverage.catalogue,
    providerCount: coverage.providers.length,
    providers: coverage.providers,
    rows: coverage.services.map((s) => ({
      code: s.code,
      name: s.name,
      cells: coverage.providers.map((p) => {
        const cell = s.providers[p];
        if (cell === undefined) return { cls: 'm', mark: '', title: `${p}: not tested` };
        const title = `${p}: ${cell.passed} passed, ${cell.failed} failed`;
        return cell.failed > 0 ? { cls: 'bad', mark: '✗', title } : { cls: 'ok', mark: '✓', title };
      }),
    })),
  };
}
