import { resolve } from 'node:path';
import { selectForEnvironment, selectShard, type Shard } from '../../run/schedule.ts';
import { totalsOf } from '../../run/totals.ts';
import type { RunResult } from '../../model/results.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { currentCommit, fail, globMatcher, loadAll, parseReporters, report, type Io } from '../context.ts';
import { error } from '../../diagnostics/diagnostic.ts';
import { closest } from '../../diagnostics/suggest.ts';
import { createProgress } from '../progress.ts';

export interface RunArgs {
  env: string;
  suite?: string;
  out: string;
  reporters: string;
  timeout: number;
  /** Suites run at once (default 1). */
  workers?: number;
  /** Only this CI shard's suites. */
  shard?: Shard;
}

/** Nothing reached a server and transport failed: the target is down, not the contract. */
function unreachable(result: RunResult): boolean {
  const exchanges = result.suites.flatMap((s) => s.exchanges);
  return exchanges.every((e) => !e.response) && exchanges.some((e) => e.failureClass === 'transport');
}

/** Failed requests listed per suite on the console; a broken sandbox must not flood a CI log. */
const MAX_FAILURES_SHOWN = 20;

function summary(io: Io, result: RunResult): void {
  for (const suite of result.suites) {
    const mark = suite.failed ? 'FAIL' : 'PASS';
    const flaky = suite.exchanges.filter((x) => x.flaky);
    io.out(
      `${mark} ${suite.name}  ${suite.passed}/${suite.exchanges.length} requests passed${flaky.length ? ` (${flaky.length} flaky)` : ''}  (${suite.durationMs} ms)`,
    );
    // A pass that needed a retry is named, never hidden among the plain passes.
    for (const exchange of flaky.slice(0, MAX_FAILURES_SHOWN)) {
      const tries = (exchange.attempts ?? []).map((a) => a.status ?? a.cause).join(', ');
      io.out(
        `  ~ ${exchange.name} [flaky] passed on attempt ${(exchange.attempts?.length ?? 0) + 1} after ${tries}  ${exchange.source.file}:${exchange.source.line}`,
      );
    }
    const failed = suite.exchanges.filter((e) => !e.passed);
    if (failed.length > MAX_FAILURES_SHOWN)
      io.out(
        `  (the first ${MAX_FAILURES_SHOWN} of ${failed.length} failed requests; the report has them all)`,
      );
    for (const exchange of failed.slice(0, MAX_FAILURES_SHOWN)) {
      const failures = exchange.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.message}`);
      io.out(
        `  ✗ ${exchange.name} [${exchange.failureClass ?? 'failed'}]  ${exchange.source.file}:${exchange.source.line}`,
      );
      for (const line of failures) io.out(`      ${line}`);
    }
  }
  const t = result.totals;
  io.out(
    `${t.passedRequests} passed${t.flakyRequests ? ` (${t.flakyRequests} flaky)` : ''}, ${t.failedRequests} failed (${t.checks} checks, ${t.failedChecks} failed) in ${result.durationMs} ms against "${result.environment}"`,
  );
}

function emptyRun(environment: string, commit: string | undefined): RunResult {
  return {
    kontrak: 1,
    environment,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    ...(commit ? { commit } : {}),
    suites: [],
    totals: totalsOf([]),
  };
}

/** `kontrak run`: load, render, run every suite, check, report. */
export async function runCommand(io: Io, args: RunArgs): Promise<ExitCode> {
  const reporters = parseReporters(io, args.reporters);
  if (!reporters) return EXIT.USAGE;
  const loaded = loadAll(io);
  if (!loaded) return EXIT.INVALID_INPUT;
  // Loaded only now: the collections are parsed before newman and the mock bank take their memory.
  const [{ runSuites }, { writeReports }] = await Promise.all([
    import('../../run/run.ts'),
    import('../../report/write.ts'),
  ]);
  const matches = globMatcher(args.suite);
  const matching = loaded.project.suites.filter((s) => matches(s.name));
  if (matching.length === 0) {
    return fail(
      io,
      error('E_NO_SUITE', `no suite matches "${args.suite ?? '*'}"`, {
        hint: `known suites: ${loaded.project.suites.map((s) => s.name).join(', ')}`,
      }),
    );
  }
  if (!loaded.project.environments.has(args.env)) {
    const known = [...loaded.project.environments.keys()];
    const guess = closest(args.env, known);
    return fail(
      io,
      error('E_UNKNOWN_ENVIRONMENT', `no environment named "${args.env}"`, {
        hint: `${guess ? `did you mean "${guess}"? ` : ''}known environments: ${known.join(', ')}`,
      }),
    );
  }
  const scoped = selectForEnvironment(matching, args.env);
  if (scoped.skipped.length)
    io.out(`not run in "${args.env}" (their YAML names other environments): ${scoped.skipped.join(', ')}`);
  const suites = args.shard
    ? selectShard(
        scoped.suites.map((s) => ({ ...s, weight: s.requests.length })),
        args.shard,
      )
    : scoped.suites;
  const workers = Math.max(1, Math.min(args.workers ?? 1, suites.length));
  if (args.shard)
    io.out(
      `shard ${args.shard.index}/${args.shard.count}: ${suites.length} of ${scoped.suites.length} suites${suites.length ? `: ${suites.map((s) => s.name).join(', ')}` : ''}`,
    );
  if (suites.length === 0) {
    // More shards than suites: this shard has nothing to do, which is not a failure.
    const empty = emptyRun(args.env, currentCommit(io));
    for (const path of await writeReports(empty, { outDir: resolve(io.cwd, args.out), reporters }))
      io.out(`report: ${path}`);
    return EXIT.OK;
  }
  const commit = currentCommit(io);
  const progress = createProgress(io, suites.length);
  const outcome = await runSuites({
    project: loaded.project,
    schemas: loaded.schemas,
    environment: args.env,
    suites,
    processEnv: io.env,
    timeoutRequest: args.timeout,
    workers,
    onProgress: (p) => progress.update(p),
    ...(commit ? { commit } : {}),
  });
  if (report(io, outcome.diagnostics) || !outcome.value) return EXIT.INVALID_INPUT;
  const result = outcome.value;
  summary(io, result);
  const written = await writeReports(result, { outDir: resolve(io.cwd, args.out), reporters });
  for (const path of written) io.out(`report: ${path}`);
  if (unreachable(result)) {
    return fail(
      io,
      error('E_UNREACHABLE', 'no request reached the server', { hint: 'check the base URL and the network' }),
    );
  }
  return result.totals.failedRequests ? EXIT.CHECK_FAILED : EXIT.OK;
}
