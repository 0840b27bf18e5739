import { resolve } from 'node:path';
import { runSuites } from '../../run/run.ts';
import { writeReports } from '../../report/write.ts';
import type { RunResult } from '../../model/results.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { currentCommit, globMatcher, loadAll, report, type Io } from '../context.ts';

export interface RunArgs {
  env: string;
  suite?: string;
  out: string;
  reporters: string;
  timeout: number;
}

const REPORTERS = ['html', 'junit', 'json'] as const;
type Reporter = (typeof REPORTERS)[number];

/** Nothing reached a server and transport failed: the target is down, not the contract. */
function unreachable(result: RunResult): boolean {
  const exchanges = result.suites.flatMap((s) => s.exchanges);
  return exchanges.every((e) => !e.response) && exchanges.some((e) => e.failureClass === 'transport');
}

function summary(io: Io, result: RunResult): void {
  for (const suite of result.suites) {
    const mark = suite.failed ? 'FAIL' : 'PASS';
    io.out(`${mark} ${suite.name}  ${suite.passed}/${suite.exchanges.length} requests passed  (${suite.durationMs} ms)`);
    for (const exchange of suite.exchanges.filter((e) => !e.passed)) {
      const failures = exchange.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.message}`);
      io.out(`  ✗ ${exchange.name} [${exchange.failureClass ?? 'failed'}]  ${exchange.source.file}:${exchange.source.line}`);
      for (const line of failures) io.out(`      ${line}`);
    }
  }
  const t = result.totals;
  io.out(`${t.passedRequests} passed, ${t.failedRequests} failed (${t.checks} checks, ${t.failedChecks} failed) in ${result.durationMs} ms against "${result.environment}"`);
}

/** `kontrak run`: load, render, run every suite, check, report. */
export async function runCommand(io: Io, args: RunArgs): Promise<ExitCode> {
  const reporters = args.reporters.split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = reporters.filter((r) => !(REPORTERS as readonly string[]).includes(r));
  if (unknown.length) {
    io.err(`error[E_USAGE] unknown reporter "${unknown.join(', ')}" — use any of: ${REPORTERS.join(', ')}`);
    return EXIT.USAGE;
  }
  const loaded = loadAll(io);
  if (!loaded) return EXIT.INVALID_INPUT;
  const matches = globMatcher(args.suite);
  const suites = loaded.project.suites.filter((s) => matches(s.name));
  if (suites.length === 0) {
    io.err(`error[E_NO_SUITE] no suite matches "${args.suite ?? '*'}" — known suites: ${loaded.project.suites.map((s) => s.name).join(', ')}`);
    return EXIT.INVALID_INPUT;
  }
  const commit = currentCommit(io);
  const outcome = await runSuites({
    project: loaded.project,
    schemas: loaded.schemas,
    environment: args.env,
    suites,
    processEnv: io.env,
    timeoutRequest: args.timeout,
    ...(commit ? { commit } : {}),
  });
  if (report(io, outcome.diagnostics) || !outcome.value) return EXIT.INVALID_INPUT;
  const result = outcome.value;
  summary(io, result);
  const written = await writeReports(result, { outDir: resolve(io.cwd, args.out), reporters: reporters as Reporter[] });
  for (const path of written) io.out(`report: ${path}`);
  if (unreachable(result)) {
    io.err('error[E_UNREACHABLE] no request reached the server — check the base URL and the network');
    return EXIT.INFRASTRUCTURE;
  }
  return result.totals.failedRequests ? EXIT.CHECK_FAILED : EXIT.OK;
}
