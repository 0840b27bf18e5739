/**
 * `npm run test:stress -- [runs] [--full] [file filters…]`: runs the whole vitest suite (or the
 * files the filters name) `runs` times (default 5) with a busy-loop process per core beside it,
 * the way a loaded CI box starves the tests, and prints each run's failed tests and a closing line `stress: <runs> runs,
 * <n> with failures, <m> failed tests`. `--full` runs every shipped suite in the end-to-end files
 * (KONTRAK_TEST_FULL=1). A flaky test shows as a failure in one run and not in another.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

interface VitestJson {
  numTotalTests: number;
  numFailedTests: number;
  testResults: Array<{
    name: string;
    message?: string;
    assertionResults: Array<{ fullName: string; status: string; failureMessages?: string[] }>;
  }>;
}

const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
const full = args.includes('--full');
/** vitest's file filters, when only some files are to be stressed. */
const filters = args.filter((a) => !/^\d+$/.test(a) && a !== '--full');

/** One busy loop per core, at normal priority, until stopped. */
function startLoad(): ChildProcess[] {
  return cpus().map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

function vitestOnce(outputFile: string): Promise<{ code: number | null; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        ...filters,
        '--reporter=dot',
        '--reporter=json',
        `--outputFile.json=${outputFile}`,
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, ...(full ? { KONTRAK_TEST_FULL: '1' } : {}) },
      },
    );
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, seconds: (performance.now() - started) / 1000 }));
  });
}

/** Failed tests of a run by name, and files that failed outside any test (an import, a hook). */
function failuresOf(report: VitestJson): string[] {
  return report.testResults.flatMap((file) => {
    const tests = file.assertionResults
      .filter((a) => a.status === 'failed')
      .map(
        (a) =>
          `${file.name.replace(`${ROOT}/`, '')} › ${a.fullName}: ${(a.failureMessages?.[0] ?? '').split('\n')[0] ?? ''}`,
      );
    return tests.length || !file.message
      ? tests
      : [`${file.name.replace(`${ROOT}/`, '')}: ${file.message.split('\n')[0] ?? ''}`];
  });
}

const load = startLoad();
const stop = () => {
  for (const busy of load) busy.kill();
};
process.once('SIGINT', () => {
  stop();
  process.exit(130);
});
const dir = mkdtempSync(join(tmpdir(), 'kontrak-stress-'));
let failedRuns = 0;
let failedTests = 0;
try {
  for (let run = 1; run <= runs; run++) {
    const outputFile = join(dir, `run-${run}.json`);
    const { code, seconds } = await vitestOnce(outputFile);
    let failures: string[];
    let total = 0;
    try {
      const report = JSON.parse(readFileSync(outputFile, 'utf8')) as VitestJson;
      failures = failuresOf(report);
      total = report.numTotalTests;
    } catch {
      failures = [`vitest exited ${String(code)} without a report`];
    }
    if (code !== 0 && failures.length === 0) failures = [`vitest exited ${String(code)}`];
    console.log(`run ${run}/${runs}: ${total} tests, ${failures.length} failed, ${seconds.toFixed(0)} s`);
    for (const f of failures) console.log(`  ${f}`);
    if (failures.length) failedRuns++;
    failedTests += failures.length;
  }
} finally {
  stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `stress: ${runs} runs${full ? ' (full)' : ''} beside ${load.length} busy loops, ${failedRuns} with failures, ${failedTests} failed tests`,
);
if (failedRuns) process.exitCode = 1;
