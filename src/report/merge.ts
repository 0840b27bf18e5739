/**
 * Merging runs (CI shards) into one: the input is `results.json` files, the output a `RunResult`
 * the reporters render like any other. Pure: text in, outcome out.
 */
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import type { RunResult, SuiteResult } from '../model/results.ts';
import { coverageField } from '../model/coverage.ts';
import { totalsOf } from '../model/totals.ts';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why a parsed value is not a version-1 `RunResult` (first problem found), or undefined. */
function shapeProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'is not a JSON object';
  if (value.kontrak !== 1)
    return `has results shape version ${JSON.stringify(value.kontrak)}; this kontrak reads version 1`;
  if (typeof value.environment !== 'string') return 'has no "environment"';
  if (typeof value.startedAt !== 'string' || Number.isNaN(Date.parse(value.startedAt)))
    return 'has no valid "startedAt"';
  if (typeof value.durationMs !== 'number') return 'has no "durationMs"';
  if (!Array.isArray(value.suites)) return 'has no "suites" list';
  for (const [i, suite] of value.suites.entries()) {
    if (!isObject(suite) || typeof suite.name !== 'string' || !Array.isArray(suite.exchanges))
      return `suites[${i}] is not a suite`;
    for (const [j, x] of suite.exchanges.entries()) {
      if (
        !isObject(x) ||
        typeof x.name !== 'string' ||
        typeof x.passed !== 'boolean' ||
        !Array.isArray(x.checks) ||
        !isObject(x.request)
      ) {
        return `suites[${i}].exchanges[${j}] is not an exchange`;
      }
    }
  }
  return undefined;
}

/** Reads one `results.json`; `file` names it in diagnostics. */
export function parseResults(text: string, file: string): Outcome<RunResult> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      diagnostics: [
        error('E_RESULTS_JSON', `${file} is not valid JSON: ${(e as Error).message}`, {
          file,
          hint: 'merge reads the results.json files written by `kontrak run --reporters json`',
        }),
      ],
    };
  }
  const problem = shapeProblem(value);
  if (problem)
    return {
      diagnostics: [
        error('E_RESULTS_SHAPE', `${file} ${problem}`, {
          file,
          hint: 'merge reads the results.json files written by `kontrak run --reporters json`',
        }),
      ],
    };
  return { value: value as RunResult, diagnostics: [] };
}

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
      diagnostics.push({
        code: 'W_DUPLICATE_SUITE',
        severity: 'warning',
        message: `suite "${suite.name}" appears in more than one input; both results are kept`,
        hint: 'shards of one run never overlap; was a directory given twice?',
      });
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
