/**
 * `npm run bench -- installed`: the packed tarball installed into a temporary project against this
 * checkout, on the same project (kontrak init --bank nicepay) and the same suites. Per request: the
 * run's own duration (results.json) over its requests. The two run in pairs (BENCH_ROUNDS, default
 * 15), the side that goes first alternating, so the shared machine's load falls on both alike and a
 * drift of it on neither; the ratio is the median of the pairs' ratios. Goal: ≤ 1.05.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { installedProject, packed, sh } from './_installed.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
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
    const ratios: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const sides = [
        () => installed.push(perRequest(installedBin, project, 'reports/installed')),
        () => clone.push(perRequest(CLONE_BIN, project, 'reports/clone')),
      ];
      for (const side of i % 2 === 0 ? sides : sides.reverse()) side();
      ratios.push((installed.at(-1) ?? 0) / (clone.at(-1) ?? 1));
    }
    const ratio = median(ratios);
    console.log(
      `installed ${median(installed).toFixed(2)} ms/request, clone ${median(clone).toFixed(2)} ms/request (medians of ${ROUNDS} pairs, each pair's order alternating; pair ratios ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`,
    );
    console.log(
      `ratio installed/clone (per request) ${ratio.toFixed(3)} (median of the pairs; goal ≤ ${GOAL}: ${ratio <= GOAL ? 'met' : 'MISSED'})`,
    );
  } finally {
    rmSync(made.dir, { recursive: true, force: true });
  }
}
