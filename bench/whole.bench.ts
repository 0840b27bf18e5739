/**
 * Whole processes on the shipped suites, as the nightly job runs them. One standalone `kontrak
 * mock` serves both sides:
 *   kontrak     `kontrak run --env sandbox` pointed at that mock (reports html, junit, json);
 *   newman-cli  the newman CLI, one process per rendered collection (`kontrak render`, the
 *               Postman door: signer and tests in the sandbox), the same requests kontrak ran.
 * Samples alternate (BENCH_WHOLE_SAMPLES, default 3) on a shared machine; wall and CPU (user +
 * system, from /usr/bin/time or the child's rusage) are medians. Then the embedded mock's start-up
 * in a fresh process: modules, throwaway keys, listening.
 * Prints `ratio kontrak-run/newman-cli (wall)`, `(cpu)` and `embedded mock start-up: <ms>`.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const KONTRAK = join(ROOT, 'bin', 'kontrak.js');
const NEWMAN = join(ROOT, 'node_modules', 'newman', 'bin', 'newman.js');
const SAMPLES = Number(process.env.BENCH_WHOLE_SAMPLES ?? 3);

interface Measured {
  wallMs: number;
  cpuMs: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a node script to completion; CPU from the child's own resource usage (user + system). */
function measure(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Measured> {
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
      const cpuLine = /^kontrak-bench-cpu (\d+)$/m.exec(stderr);
      resolve({ wallMs, cpuMs: cpuLine ? Number(cpuLine[1]) / 1000 : NaN, code, stdout, stderr });
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Preloaded into every measured process: prints its own CPU (µs) on stderr as it exits. */
const CPU_PRELOAD = `process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('kontrak-bench-cpu ' + (u.user + u.system) + '\\n'); });\n`;

export async function run(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'kontrak-whole-'));
  cpSync(join(ROOT, 'collections'), join(work, 'collections'), { recursive: true });
  cpSync(join(ROOT, 'schemas'), join(work, 'schemas'), { recursive: true });
  const preload = join(work, 'cpu-preload.cjs');
  writeFileSync(preload, CPU_PRELOAD);
  const withCpu = (args: string[]): string[] => ['--require', preload, ...args];
  const port = 4300 + Math.floor(Math.random() * 500);
  const mock = spawn(
    process.execPath,
    [KONTRAK, 'mock', '--port', String(port), '--out', join(work, 'postman')],
    {
      cwd: work,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  try {
    const mockUrl = await new Promise<string>((resolve, reject) => {
      let text = '';
      mock.stdout.on('data', (d: Buffer) => {
        text += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(text);
        if (m?.[1] && text.includes('Postman environment:')) resolve(m[1]);
      });
      mock.on('exit', (code) => {
        reject(new Error(`kontrak mock exited ${String(code)}`));
      });
    });
    // The mock's throwaway credentials, as process variables for `--env sandbox`.
    const environment = JSON.parse(
      readFileSync(join(work, 'postman', 'mock.postman_environment.json'), 'utf8'),
    ) as {
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
    const results = JSON.parse(readFileSync(join(work, 'reports', 'results.json'), 'utf8')) as {
      suites: Array<{ name: string; exchanges: Array<{ name: string; passed: boolean }> }>;
      totals: { requests: number; failedRequests: number };
    };
    // Exit 1 is a failed check (suites written for another door fail here, on both sides alike).
    if (warm.code !== 0 && warm.code !== 1)
      throw new Error(`kontrak run failed against the standalone mock:\n${warm.stdout}\n${warm.stderr}`);
    // The same requests for newman: each suite's collection cut to what kontrak ran in `sandbox`.
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
    const envFile = join(work, 'postman', 'mock.postman_environment.json');
    const newmanOnce = async (): Promise<{ wallMs: number; cpuMs: number; failures: number }> => {
      let wallMs = 0;
      let cpuMs = 0;
      let failures = 0;
      for (const collection of collections) {
        const r = await measure(
          withCpu([NEWMAN, 'run', collection, '-e', envFile, '--reporters', 'cli']),
          work,
        );
        wallMs += r.wallMs;
        cpuMs += r.cpuMs;
        if (r.code !== 0) failures++;
      }
      return { wallMs, cpuMs, failures };
    };
    await newmanOnce();
    const k: Measured[] = [];
    const n: Array<{ wallMs: number; cpuMs: number; failures: number }> = [];
    for (let i = 0; i < SAMPLES; i++) {
      k.push(await measure(withCpu(kontrakArgs), work, processEnv));
      n.push(await newmanOnce());
    }
    const kWall = median(k.map((r) => r.wallMs));
    const kCpu = median(k.map((r) => r.cpuMs));
    const nWall = median(n.map((r) => r.wallMs));
    const nCpu = median(n.map((r) => r.cpuMs));
    const newmanFailed = n.reduce((s, r) => s + r.failures, 0);
    console.log(
      `${results.totals.requests} requests (${results.totals.failedRequests} failing on both sides) in ${results.suites.length} suites against one standalone kontrak mock, ${SAMPLES} alternating samples (node ${process.version}, ${cpus().length} cores)`,
    );
    console.log(
      `kontrak run (reports html, junit, json): ${kWall.toFixed(0)} ms wall, ${kCpu.toFixed(0)} ms CPU (median)`,
    );
    console.log(
      `newman CLI, ${collections.length} processes: ${nWall.toFixed(0)} ms wall, ${nCpu.toFixed(0)} ms CPU (median)${newmanFailed ? ` (${newmanFailed} newman runs reported failed assertions)` : ''}`,
    );
    console.log(`ratio kontrak-run/newman-cli (wall): ${(kWall / nWall).toFixed(2)} (goal <= 1.0)`);
    console.log(`ratio kontrak-run/newman-cli (cpu): ${(kCpu / nCpu).toFixed(2)} (goal <= 1.0)`);
  } finally {
    mock.kill('SIGTERM');
    await new Promise((resolve) => mock.once('exit', resolve));
  }
  // The embedded mock as `kontrak run --env mock` starts it, in a fresh process, compiled as
  // bin/kontrak.js runs the CLI (bin/compiled-cli.js): modules, throwaway keys, listening.
  const startup = await compileStartupProbe(work);
  type Probe = Record<'modules' | 'keys' | 'listen' | 'cpu', number>;
  const samples: Probe[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const r = await measure([startup], ROOT);
    if (r.code !== 0) throw new Error(`start-up probe failed: ${r.stderr}`);
    samples.push(JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as Probe);
  }
  const total = median(samples.map((s) => s.modules + s.keys + s.listen));
  const part = (k: keyof Probe): string => median(samples.map((s) => s[k])).toFixed(0);
  console.log(
    `embedded mock start-up: ${total.toFixed(0)} ms (median of ${SAMPLES} fresh processes: modules ${part('modules')} ms, throwaway keys ${part('keys')} ms, listening ${part('listen')} ms; ${part('cpu')} ms CPU; goal <= 150 ms)`,
  );
  rmSync(work, { recursive: true, force: true });
  rmSync(dirname(startup), { recursive: true, force: true });
}

/**
 * The start-up probe, bundled like the CLI (our sources compiled, packages from node_modules, each
 * source keeping its own import.meta.url) into node_modules/.cache so that packages resolve.
 */
export async function compileStartupProbe(work: string): Promise<string> {
  const source = join(work, 'startup.ts');
  writeFileSync(
    source,
    [
      `const t0 = performance.now();`,
      `const { loadProject } = await import(${JSON.stringify(join(ROOT, 'src/load/project.ts'))});`,
      `const project = loadProject(${JSON.stringify(work)}).value;`,
      `const t1 = performance.now();`,
      `const c1 = process.cpuUsage();`,
      `const { generateMockCredentials } = await import(${JSON.stringify(join(ROOT, 'src/env/values.ts'))});`,
      `const { startMockBank } = await import(${JSON.stringify(join(ROOT, 'src/mock/server.ts'))});`,
      `const t2 = performance.now();`,
      `const generated = generateMockCredentials([...project.providers.values()], '');`,
      `const t3 = performance.now();`,
      `const mock = await startMockBank({ partners: generated.partners });`,
      `const t4 = performance.now();`,
      `await mock.close();`,
      `const c4 = process.cpuUsage(c1);`,
      `console.log(JSON.stringify({ load: t1 - t0, modules: t2 - t1, keys: t3 - t2, listen: t4 - t3, cpu: (c4.user + c4.system) / 1000 }));`,
    ].join('\n'),
  );
  const outdir = join(ROOT, 'node_modules', '.cache', 'kontrak', `bench-startup-${process.pid}`);
  const { build } = await import('esbuild');
  await build({
    entryPoints: [source],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'silent',
    plugins: [
      {
        name: 'own-import-meta-url',
        setup(b) {
          b.onLoad({ filter: /\.ts$/ }, (args) => ({
            loader: 'ts',
            contents: readFileSync(args.path, 'utf8').replaceAll(
              'import.meta.url',
              JSON.stringify(pathToFileURL(args.path).href),
            ),
          }));
        },
      },
    ],
  });
  return join(outdir, 'startup.mjs');
}
