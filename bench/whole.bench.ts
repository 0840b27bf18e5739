/**
 * Whole processes on the shipped suites, as the nightly job runs them. One standalone `kontrak
 * mock` serves every side (bench/_whole-setup.ts):
 *   kontrak             `kontrak run --env sandbox` pointed at that mock (reports html, junit, json);
 *   newman-cli          the newman CLI, one process per rendered collection (`kontrak render`, the
 *                       Postman door: signer and tests in the sandbox), the same requests kontrak ran;
 *   newman-one-process  stock newman's library API running every one of those collections, one
 *                       after the other, in a single process (the fair line: no start-up per suite).
 * Samples (BENCH_WHOLE_SAMPLES, default 5) run the three sides in an order that reverses from one
 * sample to the next, on a shared machine; wall and CPU (user + system, from each child's own
 * resource usage) are medians, with their range. Then the embedded mock's start-up in a fresh
 * process: modules, throwaway keys, listening.
 * Prints `ratio kontrak-run/newman-cli (wall)`, `(cpu)`, `ratio kontrak-run/newman-one-process
 * (wall)`, `(cpu)` and `embedded mock start-up: <ms>`.
 */
import { rmSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { measure, median, NEWMAN, ROOT, wholeScene, type WholeScene } from './_whole-setup.ts';

const SAMPLES = Number(process.env.BENCH_WHOLE_SAMPLES ?? 5);
/** BENCH_WHOLE_CLI=0 leaves out the newman CLI side (a process per collection: minutes a sample). */
const WITH_CLI = process.env.BENCH_WHOLE_CLI !== '0';
/** kontrak run over newman in one process, wall and CPU. */
const ONE_PROCESS_GOAL = 0.25;

interface Side {
  wallMs: number;
  cpuMs: number;
  rssMiB: number;
  failures: number;
}

const measured = (
  scene: WholeScene,
  args: string[],
  env?: Record<string, string>,
): ReturnType<typeof measure> => measure(scene.withCpu(args), scene.work, env);

const kontrakSide = async (scene: WholeScene): Promise<Side> => {
  const r = await measured(scene, scene.kontrakArgs, scene.processEnv);
  return { wallMs: r.wallMs, cpuMs: r.cpuMs, rssMiB: r.rssMiB, failures: 0 };
};

/** The newman CLI, one process per collection: wall and CPU summed, peak RSS the largest. */
const newmanCliSide = async (scene: WholeScene): Promise<Side> => {
  const side: Side = { wallMs: 0, cpuMs: 0, rssMiB: 0, failures: 0 };
  for (const collection of scene.collections) {
    const r = await measured(scene, [NEWMAN, 'run', collection, '-e', scene.envFile, '--reporters', 'cli']);
    side.wallMs += r.wallMs;
    side.cpuMs += r.cpuMs;
    side.rssMiB = Math.max(side.rssMiB, r.rssMiB);
    if (r.code !== 0) side.failures++;
  }
  return side;
};

/** Stock newman's library API, every collection in one process. */
const newmanOneProcessSide = async (scene: WholeScene): Promise<Side> => {
  const r = await measured(scene, [scene.newmanOneProcess, scene.envFile, ...scene.collections]);
  const failures = /^newman-one-process failures (\d+)$/m.exec(r.stdout);
  if (r.code !== 0 || !failures) throw new Error(`newman in one process failed:\n${r.stdout}\n${r.stderr}`);
  return { wallMs: r.wallMs, cpuMs: r.cpuMs, rssMiB: r.rssMiB, failures: Number(failures[1]) };
};

const summary = (sides: Side[], key: 'wallMs' | 'cpuMs'): string => {
  const xs = sides.map((s) => s[key]);
  return `${median(xs).toFixed(0)} ms ${key === 'wallMs' ? 'wall' : 'CPU'} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
};

const ratioRange = (k: Side[], n: Side[], key: 'wallMs' | 'cpuMs'): string => {
  const pairs = k.map((s, i) => s[key] / (n[i]?.[key] ?? NaN));
  return `${Math.min(...pairs).toFixed(2)}–${Math.max(...pairs).toFixed(2)}`;
};

export async function run(): Promise<void> {
  const scene = await wholeScene();
  const work = scene.work;
  try {
    if (WITH_CLI) await newmanCliSide(scene); // warm the file cache on the newman side too
    await newmanOneProcessSide(scene);
    const k: Side[] = [];
    const cli: Side[] = [];
    const one: Side[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const sides = [
        async () => k.push(await kontrakSide(scene)),
        async () => one.push(await newmanOneProcessSide(scene)),
        ...(WITH_CLI ? [async () => cli.push(await newmanCliSide(scene))] : []),
      ];
      for (const side of i % 2 === 0 ? sides : sides.reverse()) await side();
    }
    const kWall = median(k.map((r) => r.wallMs));
    const kCpu = median(k.map((r) => r.cpuMs));
    const rss = (sides: Side[]): string => `${median(sides.map((s) => s.rssMiB)).toFixed(0)} MiB peak RSS`;
    const { results } = scene;
    console.log(
      `${results.totals.requests} requests (${results.totals.failedRequests} failing on both sides) in ${results.suites.length} suites against one standalone kontrak mock, ${SAMPLES} samples in alternating order, medians (range) (node ${process.version}, ${cpus().length} cores)`,
    );
    console.log(
      `kontrak run (reports html, junit, json): ${summary(k, 'wallMs')}, ${summary(k, 'cpuMs')}, ${rss(k)}`,
    );
    if (WITH_CLI) {
      const cliFailed = cli.reduce((s, r) => s + r.failures, 0);
      console.log(
        `newman CLI, ${scene.collections.length} processes: ${summary(cli, 'wallMs')}, ${summary(cli, 'cpuMs')}, ${rss(cli)} (largest process)${cliFailed ? ` (${cliFailed} newman runs reported failed assertions)` : ''}`,
      );
      const nWall = median(cli.map((r) => r.wallMs));
      const nCpu = median(cli.map((r) => r.cpuMs));
      console.log(`ratio kontrak-run/newman-cli (wall): ${(kWall / nWall).toFixed(2)} (goal <= 1.0)`);
      console.log(`ratio kontrak-run/newman-cli (cpu): ${(kCpu / nCpu).toFixed(2)} (goal <= 1.0)`);
    }
    console.log(
      `newman library, ${scene.collections.length} collections in one process: ${summary(one, 'wallMs')}, ${summary(one, 'cpuMs')}, ${rss(one)} (${one[0]?.failures ?? 0} failed assertions a run)`,
    );
    for (const key of ['wallMs', 'cpuMs'] as const) {
      const ratio = median(k.map((r) => r[key])) / median(one.map((r) => r[key]));
      console.log(
        `ratio kontrak-run/newman-one-process (${key === 'wallMs' ? 'wall' : 'cpu'}): ${ratio.toFixed(2)} (ratio of medians; sample ratios ${ratioRange(k, one, key)}; goal <= ${ONE_PROCESS_GOAL}: ${ratio <= ONE_PROCESS_GOAL ? 'met' : 'MISSED'})`,
      );
    }
  } finally {
    await scene.close();
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
