/**
 * Helpers of bench/whole.bench.ts (not a benchmark itself): measured child processes, and the
 * shared scene of the whole-process lines: a copy of the shipped collections, one standalone
 * `kontrak mock`, the rendered Postman collections cut to the requests `kontrak run --env sandbox`
 * runs there, and a newman script that runs every one of them in one process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const KONTRAK = join(ROOT, 'bin', 'kontrak.js');
export const NEWMAN = join(ROOT, 'node_modules', 'newman', 'bin', 'newman.js');

export interface Measured {
  wallMs: number;
  /** User + system CPU of the child itself, from its own resource usage as it exits. */
  cpuMs: number;
  /** Peak resident set of the child, MiB. */
  rssMiB: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a node script to completion. */
export function measure(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      const usage = /^kontrak-bench-cpu (\d+) (\d+)$/m.exec(stderr);
      resolve({
        wallMs,
        cpuMs: usage ? Number(usage[1]) / 1000 : NaN,
        rssMiB: usage ? Number(usage[2]) / 1024 : NaN,
        code,
        stdout,
        stderr,
      });
    });
  });
}

export const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Preloaded into every measured process: prints its own CPU (µs) and peak RSS (KiB) as it exits. */
const CPU_PRELOAD = `process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('kontrak-bench-cpu ' + (u.userCPUTime + u.systemCPUTime) + ' ' + u.maxRSS + '\\n'); });\n`;

/**
 * Stock newman's library API in one process: every collection given on the command line, one after
 * the other, with the environment file first; prints the number of failed assertions.
 */
const NEWMAN_ONE_PROCESS = `const newman = require(${JSON.stringify(join(ROOT, 'node_modules', 'newman'))});
const [environment, ...collections] = process.argv.slice(2);
let failures = 0;
const next = (i) => {
  if (i === collections.length) { console.log('newman-one-process failures ' + failures); return; }
  newman.run({ collection: collections[i], environment, reporters: ['cli'] }, (err, summary) => {
    if (err) throw err;
    failures += summary.run.failures.length;
    next(i + 1);
  });
};
next(0);
`;

export interface WholeScene {
  work: string;
  /** Runs with the CPU preload. */
  withCpu(args: string[]): string[];
  /** `kontrak run --env sandbox` writing html, junit and json reports, and its process variables. */
  kontrakArgs: string[];
  processEnv: Record<string, string>;
  /** What the first (warming) kontrak run did. */
  results: {
    suites: Array<{ name: string; exchanges: Array<{ name: string; passed: boolean }> }>;
    totals: { requests: number; failedRequests: number };
  };
  /** One rendered collection per suite, cut to the requests kontrak ran. */
  collections: string[];
  envFile: string;
  /** The script running every collection in one newman process (args: envFile, ...collections). */
  newmanOneProcess: string;
  close(): Promise<void>;
}

export async function wholeScene(): Promise<WholeScene> {
  const work = mkdtempSync(join(tmpdir(), 'kontrak-whole-'));
  cpSync(join(ROOT, 'collections'), join(work, 'collections'), { recursive: true });
  cpSync(join(ROOT, 'schemas'), join(work, 'schemas'), { recursive: true });
  const preload = join(work, 'cpu-preload.cjs');
  writeFileSync(preload, CPU_PRELOAD);
  const newmanOneProcess = join(work, 'newman-one-process.cjs');
  writeFileSync(newmanOneProcess, NEWMAN_ONE_PROCESS);
  const port = 4300 + Math.floor(Math.random() * 500);
  const mock = spawn(
    process.execPath,
    [KONTRAK, 'mock', '--port', String(port), '--out', join(work, 'postman')],
    {
      cwd: work,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const close = async (): Promise<void> => {
    if (mock.exitCode !== null || mock.signalCode !== null) return;
    const exited = new Promise((resolve) => mock.once('exit', resolve));
    mock.kill('SIGTERM');
    await exited;
  };
  try {
    const mockUrl = await mockListening(mock);
    // The mock's throwaway credentials, as process variables for `--env sandbox`.
    const envFile = join(work, 'postman', 'mock.postman_environment.json');
    const environment = JSON.parse(readFileSync(envFile, 'utf8')) as {
      values: Array<{ key: string; value: string }>;
    };
    const processEnv = Object.fromEntries(
      environment.values.map((v) => [v.key.toUpperCase(), v.key.endsWith('_base_url') ? mockUrl : v.value]),
    );
    const rendered = await measure(
      [KONTRAK, 'render', '--out', join(work, 'postman'), '--mock-url', mockUrl],
      work,
    );
    if (rendered.code !== 0) throw new Error(`render failed: ${rendered.stderr}`);

    const kontrakArgs = [KONTRAK, 'run', '--env', 'sandbox', '--out', join(work, 'reports')];
    const warm = await measure(kontrakArgs, work, processEnv); // tsx transpile cache, compiled schemas
    // Exit 1 is a failed check (suites written for another door fail here, on both sides alike).
    if (warm.code !== 0 && warm.code !== 1)
      throw new Error(`kontrak run failed against the standalone mock:\n${warm.stdout}\n${warm.stderr}`);
    const results = JSON.parse(
      readFileSync(join(work, 'reports', 'results.json'), 'utf8'),
    ) as WholeScene['results'];
    return {
      work,
      withCpu: (args) => ['--require', preload, ...args],
      kontrakArgs,
      processEnv,
      results,
      collections: cutCollections(work, results),
      envFile,
      newmanOneProcess,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function mockListening(mock: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let text = '';
    mock.stdout?.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(text);
      if (m?.[1] && text.includes('Postman environment:')) resolve(m[1]);
    });
    mock.on('exit', (code) => {
      reject(new Error(`kontrak mock exited ${String(code)}`));
    });
  });
}

/** The same requests for newman: each suite's collection cut to what kontrak ran in `sandbox`. */
function cutCollections(work: string, results: WholeScene['results']): string[] {
  const collections: string[] = [];
  for (const suite of results.suites) {
    const file = join(work, 'postman', `${suite.name}.postman_collection.json`);
    if (!existsSync(file)) throw new Error(`kontrak render wrote no collection for ${suite.name}`);
    const collection = JSON.parse(readFileSync(file, 'utf8')) as { item: Array<{ name: string }> };
    const ran = new Set(suite.exchanges.map((x) => x.name));
    collection.item = collection.item.filter((i) => ran.has(i.name));
    const cut = join(work, 'newman', `${suite.name}.json`);
    mkdirSync(dirname(cut), { recursive: true });
    writeFileSync(cut, JSON.stringify(collection));
    collections.push(cut);
  }
  return collections;
}
