/**
 * `npm run bench -- installed`: the packed tarball installed into a temporary project against this
 * checkout, on the same project (kontrak init --bank nicepay) and the same suites, run in turns
 * (BENCH_ROUNDS, default 5) so the shared machine's noise falls on both. Per request: the run's
 * own duration (results.json) over its requests; the median of the rounds. Goal: ≤ 1.05.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { installedProject, packed, sh } from './_installed.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const GOAL = 1.05;
const CLONE_BIN = join(import.meta.dirname, '..', 'bin', 'kontrak.js');

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** One run of the project's suites with `bin`: milliseconds per request. */
function perRequest(bin: string, project: string, out: string): number {
  sh(process.execPath, [bin, 'run', '--reporters', 'json', '--out', out], project);
  const results = JSON.parse(readFileSync(join(project, out, 'results.json'), 'utf8')) as {
    durationMs: number;
    totals: { requests: number };
  };
  return results.durationMs / results.totals.requests;
}

export function run(): Promise<void> {
  measure();
  return Promise.resolve();
}

function measure(): void {
  const made = packed();
  try {
    const project = installedProject(made.dir, made.tarball);
    const installedBin = join(project, 'node_modules', 'kontrak', 'bin', 'kontrak.js');
    perRequest(installedBin, project, 'reports/warm'); // first runs pay for caches, on both sides
    perRequest(CLONE_BIN, project, 'reports/warm');
    const installed: number[] = [];
    const clone: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      installed.push(perRequest(installedBin, project, 'reports/installed'));
      clone.push(perRequest(CLONE_BIN, project, 'reports/clone'));
    }
    const ratio = median(installed) / median(clone);
    console.log(
      `installed ${median(installed).toFixed(2)} ms/request, clone ${median(clone).toFixed(2)} ms/request (median of ${ROUNDS})`,
    );
    console.log(
      `ratio installed/clone (per request) ${ratio.toFixed(3)} (goal ≤ ${GOAL}: ${ratio <= GOAL ? 'met' : 'MISSED'})`,
    );
  } finally {
    rmSync(made.dir, { recursive: true, force: true });
  }
}
