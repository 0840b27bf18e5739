import type { RunTotals, SuiteResult } from '../model/results.ts';

/** Totals of a run, counted from its suites (runs and merges count the same way). */
export function totalsOf(suites: readonly SuiteResult[]): RunTotals {
  const totals: RunTotals = {
    suites: suites.length,
    requests: 0,
    passedRequests: 0,
    failedRequests: 0,
    flakyRequests: 0,
    checks: 0,
    failedChecks: 0,
  };
  for (const suite of suites) {
    for (const exchange of suite.exchanges) {
      totals.requests++;
      if (exchange.passed) totals.passedRequests++;
      else totals.failedRequests++;
      if (exchange.flaky) totals.flakyRequests++;
      totals.checks += exchange.checks.length;
      totals.failedChecks += exchange.checks.filter((c) => !c.passed).length;
    }
  }
  return totals;
}
