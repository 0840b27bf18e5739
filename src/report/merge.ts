/**
 * Merging runs (CI shards) into one: the input is `results.json` files, the output a `RunResult`
 * the reporters render like any other. Pure: text in, outcome out.
 */
import { error, warning, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import type { RunResult, SuiteResult } from '../model/results.ts';
import { coverageField } from '../model/coverage.ts';
import { totalsOf } from '../model/totals.ts';

// Reading a results.json lives with its schema check; merge takes runs already read.
export { parseResults } from './results-file.ts';

/** Distinct values in first-seen order, joined for people (`mock, sandbox`). */
function distinct(values: Array<string | undefined>): string | undefined {
  const seen = [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))];
  return seen.length ? seen.join(', ') : undefined;
}

/**
 * Combines runs into one: suites in input order, totals recounted from them, environment and
 * commit kept when all agree (else listed), start = earliest start, duration = wall time from
 * the earliest start to the latest end. A suite present in two inputs is kept twice and warned about.
 */
export function mergeResults(runs: readonly RunResult[]): Outcome<RunResult> {
  const diagnostics: Diagnostic[] = [];
  if (runs.length === 0) return { diagnostics: [error('E_MERGE_EMPTY', 'nothing to merge')] };
  const suites: SuiteResult[] = runs.flatMap((r) => r.suites);
  const seen = new Set<string>();
  for (const suite of suites) {
    if (seen.has(suite.name)) {
      diagnostics.push(
        warning(
          'W_DUPLICATE_SUITE',
          `suite "${suite.name}" appears in more than one input; both results are kept`,
          {
            hint: 'shards of one run never overlap; was a directory given twice?',
          },
        ),
      );
    }
    seen.add(suite.name);
  }
  const starts = runs.map((r) => Date.parse(r.startedAt));
  const first = Math.min(...starts);
  const last = Math.max(...runs.map((r, i) => (starts[i] ?? first) + r.durationMs));
  const commit = distinct(runs.map((r) => r.commit));
  const merged: RunResult = {
    kontrak: 1,
    environment: distinct(runs.map((r) => r.environment)) ?? '',
    startedAt: new Date(first).toISOString(),
    durationMs: last - first,
    ...(commit ? { commit } : {}),
    suites,
    totals: totalsOf(suites),
    ...coverageField(suites),
  };
  return { value: merged, diagnostics };
}
