/**
 * How long a contributor waits for `npm test`, against the goal of 5 minutes on a 2-core machine.
 * It runs the whole suite, so `npm run bench` leaves it out: ask for it with `npm run bench --
 * tests`. The steps of package.json's `test` script (format check, type check, lint, vitest) run
 * one after the other as npm runs them, each timed (vitest also writes its JSON report, for the
 * slowest files). Prints a line per step, the slowest test files, then `npm test time: <s> s
 * (goal <= 300 s)` with the load average beside it: on a shared machine the number is pessimistic.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const GOAL_S = 300;

/** Runs one step of an npm script through the shell, as npm does, with node_modules/.bin on PATH. */
function timedStep(command: string): Promise<{ code: number | null; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, {
      cwd: ROOT,
      shell: true,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` },
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, seconds: (performance.now() - started) / 1000 }));
  });
}

interface VitestJson {
  testResults: Array<{ name: string; startTime: number; endTime: number }>;
}

/** The `count` slowest files of a vitest JSON report, as `<s> s <path>` lines. */
function slowest(reportPath: string, count: number): string[] {
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as VitestJson;
  return report.testResults
    .map((f) => ({ name: f.name.replace(`${ROOT}/`, ''), seconds: (f.endTime - f.startTime) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, count)
    .map((f) => `${f.seconds.toFixed(1).padStart(7)} s  ${f.name}`);
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

export async function run(): Promise<void> {
  if (process.argv[2] !== 'tests') {
    console.log('npm test time: not measured (it runs the whole suite: `npm run bench -- tests`)');
    return;
  }
  const scripts = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const steps = (scripts.test ?? '').split('&&').map((s) => s.trim());
  const loadBefore = load();
  const dir = mkdtempSync(join(tmpdir(), 'kontrak-bench-tests-'));
  // KONTRAK_BENCH_VITEST_JSON keeps vitest's report (every file's time) where it says.
  const reportPath = process.env.KONTRAK_BENCH_VITEST_JSON ?? join(dir, 'vitest.json');
  let total = 0;
  let failed = '';
  for (const step of steps) {
    const vitest = step.startsWith('vitest ');
    const { code, seconds } = await timedStep(
      vitest ? `${step} --reporter=default --reporter=json --outputFile.json=${reportPath}` : step,
    );
    if (vitest) {
      try {
        console.log(['slowest test files:', ...slowest(reportPath, 12)].join('\n'));
      } catch {
        console.log('slowest test files: vitest wrote no report');
      }
    }
    total += seconds;
    console.log(`  ${step}: ${seconds.toFixed(0)} s${code === 0 ? '' : ` (exit ${String(code)})`}`);
    if (code !== 0) {
      failed = step;
      break;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `npm test time: ${total.toFixed(0)} s (goal <= ${GOAL_S} s)${failed ? `, FAILED at ${failed}` : ''}; load average ${loadBefore} before, ${load()} after, ${cpus().length} cores`,
  );
  if (failed) process.exitCode = 1;
}
