/** The SNAP coverage matrix (model/coverage.ts) as text for the console. */
import type { Coverage } from '../model/results.ts';

/** The matrix as text: one line per tested service, one column per provider (✓ passed, ✗ failed, · untested). */
export function coverageText(coverage: Coverage): string {
  const width = Math.max(...coverage.providers.map((p) => p.length), 2);
  const head = `${'code'.padEnd(5)}${'service'.padEnd(46)}${coverage.providers.map((p) => p.padEnd(width + 1)).join('')}`;
  const lines = coverage.services.map((s) => {
    const marks = coverage.providers.map((p) => {
      const cell = s.providers[p];
      const mark = cell === undefined ? '·' : cell.failed > 0 ? '✗' : '✓';
      return mark.padEnd(width + 1);
    });
    return `${s.code.padEnd(5)}${s.name.slice(0, 45).padEnd(46)}${marks.join('')}`.trimEnd();
  });
  const summary = `${coverage.tested} of ${coverage.catalogue} SNAP services tested across ${coverage.providers.length} providers`;
  return [summary, head.trimEnd(), ...lines].join('\n');
}
