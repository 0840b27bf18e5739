/**
 * `npm run bench -- installed`: the packed tarball installed into a temporary project against this
 * checkout, on the same project (kontrak init --bank nicepay) and the same suites. Per request: the
 * run's own duration (results.json) over its requests. The starter's suite is copied COPIES times
 * (BENCH_COPIES, default 20) so that the first suite's one-time engine and sandbox boot, about 300 ms
 * of a 13-request run on either side, does not stand in for the cost of a request. Whole process: the
 * wall time from spawn to exit, which a user waits for. The two run in pairs (BENCH_ROUNDS, default
 * 15), the side that goes first alternating, so the shared machine's load falls on both alike and a
 * drift of it on neither; the ratio is the median of the pairs' ratios. Goal: ≤ 1.05.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installedProject, packed, sh } from './_installed.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const COPIES = Number(process.env.BENCH_COPIES ?? 20);
const GOAL = 1.05;
const CLONE_BIN = join(import.meta.dirname, '..', 'bin', 'kontrak.js');

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

interface Timing {
  perRequest: number;
  wallMs: number;
}

/** One run of the project's suites with `bin`: milliseconds per request, and the whole process. */
function timed(bin: string, project: string, out: string): Timing {
  const spawned = performance.now();
  sh(process.execPath, [bin, 'run', '--reporters', 'json', '--out', out], project);
  const wallMs = performance.now() - spawned;
  const results = JSON.parse(readFileSync(join(project, out, 'results.json'), 'utf8')) as {
    durationMs: number;
    totals: { requests: number };
  };
  return { perRequest: results.durationMs / results.totals.requests, wallMs };
}

/** The starter suite again under other names, so a run holds COPIES × its requests. */
function copySuites(project: string): void {
  const file = join(project, 'collections', 'nicepay', 'va.yaml');
  const text = readFileSync(file, 'utf8');
  for (let copy = 2; copy <= COPIES; copy++)
    writeFileSync(
      join(project, 'collections', 'nicepay', `va-${copy}.yaml`),
      text.replace(/^ {2}name: nicepay-va$/m, `  name: nicepay-va-${copy}`),
    );
}

export function run(): Promise<void> {
  measure();
  return Promise.resolve();
}

function measure(): void {
  const made = packed();
  try {
    const project = installedProject(made.dir, made.tarball);
    copySuites(project);
    const installedBin = join(project, 'node_modules', 'kontrak', 'bin', 'kontrak.js');
    timed(installedBin, project, 'reports/warm'); // first runs pay for caches, on both sides
    timed(CLONE_BIN, project, 'reports/warm');
    const installed: Timing[] = [];
    const clone: Timing[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const sides = [
        () => installed.push(timed(installedBin, project, 'reports/installed')),
        () => clone.push(timed(CLONE_BIN, project, 'reports/clone')),
      ];
      for (const side of i % 2 === 0 ? sides : sides.reverse()) side();
    }
    const pairs = (figure: keyof Timing): number[] =>
      installed.map((timing, i) => timing[figure] / (clone[i]?.[figure] ?? 1));
    const perRequest = pairs('perRequest');
    const wall = pairs('wallMs');
    const of = (timings: Timing[], figure: keyof Timing): number => median(timings.map((t) => t[figure]));
    const range = (ratios: number[]): string =>
      `pair ratios ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}`;
    console.log(
      `installed ${of(installed, 'perRequest').toFixed(2)} ms/request, clone ${of(clone, 'perRequest').toFixed(2)} ms/request over ${COPIES} copies of the starter suite (medians of ${ROUNDS} pairs, each pair's order alternating; ${range(perRequest)})`,
    );
    console.log(
      `ratio installed/clone (per request) ${median(perRequest).toFixed(3)} (median of the pairs; goal ≤ ${GOAL}: ${median(perRequest) <= GOAL ? 'met' : 'MISSED'})`,
    );
    console.log(
      `ratio installed/clone (whole process, wall) ${median(wall).toFixed(3)}: ${of(installed, 'wallMs').toFixed(0)} ms vs ${of(clone, 'wallMs').toFixed(0)} ms (${range(wall)})`,
    );
  } finally {
    rmSync(made.dir, { recursive: true, force: true });
  }
}
