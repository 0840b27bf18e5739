/**
 * What a run is compared with when it is given `--baseline <results.json>`: the drift of the
 * responses' shapes and each request's response time then and now. Pure; the reports render it.
 */
import { changeLines } from '../diff/format.ts';
import { driftBetween, type Drift, type RequestDrift } from '../diff/drift.ts';
import type { RunResult } from '../model/results.ts';

export interface BaselineComparison {
  /** How the baseline is named in the reports (its path, as given). */
  label: string;
  startedAt: string;
  commit?: string;
  drift: Drift;
  /** Baseline response time (ms) by suite and request id, for the requests that had a response. */
  timesMs: Map<string, number>;
}

export const timeKey = (suite: string, requestId: string): string => `${suite}\u0000${requestId}`;

/** Only what the reports need of the baseline is kept: never its bodies. */
export function compareWithBaseline(
  baseline: RunResult,
  current: RunResult,
  label: string,
): BaselineComparison {
  const timesMs = new Map<string, number>();
  for (const suite of baseline.suites)
    for (const x of suite.exchanges)
      if (x.response && !timesMs.has(timeKey(suite.name, x.requestId)))
        timesMs.set(timeKey(suite.name, x.requestId), x.response.timeMs);
  return {
    label,
    startedAt: baseline.startedAt,
    ...(baseline.commit ? { commit: baseline.commit } : {}),
    drift: driftBetween(baseline, current),
    timesMs,
  };
}

/** The drift of one request, if it changed. */
export function driftOf(
  comparison: BaselineComparison | undefined,
  suite: string,
  requestId: string,
): RequestDrift | undefined {
  return comparison?.drift.requests.find((d) => d.suite === suite && d.requestId === requestId);
}

/** One line per change of a request (`+ field $.a (string)`). */
export const driftLines = changeLines;
