/**
 * What a test asserting "every request passed" prints when one did not: the suite, the request and
 * each failed check with its reason, so a failure in CI says why without a rerun.
 */
import type { RunResult } from '../../src/model/results.ts';

/** One line per failed request: `suite: request — [error: …;] check: message; …; status N`. */
export function failedExchanges(result: Pick<RunResult, 'suites'>): string[] {
  return result.suites.flatMap((suite) =>
    suite.exchanges
      .filter((x) => !x.passed)
      .map((x) => {
        const reasons = [
          ...(x.error ? [`error: ${x.error}`] : []),
          ...x.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.message}`),
          ...(x.response ? [`status ${x.response.status}`] : ['no response']),
        ];
        return `${suite.name}: ${x.name} — ${reasons.join('; ')}`;
      }),
  );
}
