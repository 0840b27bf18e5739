import { resolve } from 'node:path';
import { formatDrift } from '../../diff/format.ts';
import { compareWithBaseline } from '../../report/baseline.ts';
import { selectForEnvironment, selectShard, type Shard } from '../../run/schedule.ts';
import { totalsOf } from '../../model/totals.ts';
import { coverageText } from '../../report/coverage.ts';
import type { RunResult, SuiteResult } from '../../model/results.ts';
import { findingsOf } from '../../check/findings.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { currentCommit, fail, globMatcher, loadAll, parseReporters, report, type Io } from '../context.ts';
import { error, warning } from '../../diagnostics/diagnostic.ts';
import { closest } from '../../diagnostics/suggest.ts';
import { createProgress, followProgress, wantsLive } from '../progress.ts';
import { releaseGarbage } from '../heap.ts';
import { RunEvents } from '../../run/events.ts';
import { reachabilityOf } from '../../run/reachability.ts';
import { printableLines } from '../printable.ts';
import { laneCapacity, MAX_EXTERNAL_ID_DIGITS, setExternalIdLane } from '../../../scripts/external-id.ts';
import { lockOut } from '../out-lock.ts';
import { SIGNAL_EXIT, watchInterruption } from '../signals.ts';
import { bankAnswer } from '../../report/cause.ts';
import { createRedactor, type Redactor } from '../../redact.ts';
import type { Project, Suite } from '../../model/types.ts';
import { dialectEnv, partnerDialect } from '../../partner/partner-banks.ts';
import { evidenceMeta, parseBanks, projectSecrets, writeEvidence } from '../evidence-output.ts';
import { baselineFor } from '../results-files.ts';
import type { Bank } from '../../report/evidence/files.ts';
import type { ReporterName } from '../../report/names.ts';

/**
 * The file reporters, and the evidence banks when `evidence` is asked for (null when not): evidence
 * is no single file, it is split off `--reporters` and written by its own writer.
 */
function reportersOf(io: Io, args: RunArgs): { reporters: ReporterName[]; banks: Bank[] | null } | undefined {
  const names = args.reporters.split(',').map((r) => r.trim());
  const reporters = parseReporters(io, names.filter((r) => r !== 'evidence').join(','));
  const banks = names.includes('evidence') ? parseBanks(io, args.bank) : null;
  return reporters && banks !== undefined ? { reporters, banks } : undefined;
}

export interface RunArgs {
  env: string;
  suite?: string;
  out: string;
  reporters: string;
  /** Deadline of each request as a whole, ms. */
  timeout: number;
  /** Largest decoded response body, bytes. */
  maxResponseBytes?: number;
  /** Suites run at once (default 1). */
  workers?: number;
  /** Only this CI shard's suites. */
  shard?: Shard;
  /** The evidence reporter's banks and names. */
  bank?: string;
  providerName?: string;
  partnerName?: string;
  /** A results.json of an earlier run: the reports say what changed since (drift, response times). */
  baseline?: string;
  /** Inbound suites: `clean` leaves out the banks' real-payload quirks (default `real`). */
  payloads?: 'real' | 'clean';
}

/** Failed requests listed per suite on the console; a broken sandbox must not flood a CI log. */
const MAX_FAILURES_SHOWN = 20;

/** One suite's line, its flaky passes and its first failures. */
function suiteSummary(io: { out: (line: string) => void }, suite: SuiteResult): void {
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
    // What the bank said and, from the mock bank, why: not only the status.
    const answer = bankAnswer(exchange);
    if (answer !== undefined) io.out(`      bank answered: ${exchange.response?.status ?? ''} ${answer}`);
    if (exchange.diagnosis !== undefined) io.out(`      mock diagnosis: ${exchange.diagnosis}`);
  }
}

function summary(console: Io, result: RunResult): void {
  // Names, messages and errors carry text from YAML and from servers: never raw to a terminal.
  const io = printableLines(console);
  // What a partner accepted that it must refuse comes first, in plain words.
  const findings = findingsOf(result.suites);
  if (findings.length) {
    io.out(`FINDINGS (${findings.length}): what your endpoint's answers mean`);
    for (const f of findings)
      io.out(
        `  ! ${f.message}  [${f.where[0]}${f.where.length > 1 ? `, and ${f.where.length - 1} more` : ''}]`,
      );
  }
  for (const suite of result.suites) suiteSummary(io, suite);
  const t = result.totals;
  io.out(
    `${t.passedRequests} passed${t.flakyRequests ? ` (${t.flakyRequests} flaky)` : ''}, ${t.failedRequests} failed (${t.checks} checks, ${t.failedChecks} failed) in ${result.durationMs} ms against "${result.environment}"`,
  );
  // The matrix is kontrak's own text, one console line per row (printable() would show its newlines).
  if (result.coverage) for (const row of coverageText(result.coverage).split('\n')) io.out(row);
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

/** The evidence pack of a run, when asked for; an exit code when it was refused. */
async function runEvidence(
  io: Io,
  args: RunArgs,
  project: Project,
  result: RunResult,
  evidence: { redactor: Redactor; banks: Bank[] | null },
): Promise<ExitCode | undefined> {
  if (!evidence.banks) return undefined;
  return writeEvidence(io, result, {
    outDir: resolve(io.cwd, args.out, 'evidence'),
    banks: evidence.banks,
    meta: evidenceMeta(project, args.env, args),
    secrets: [...evidence.redactor.known(), ...projectSecrets(project, io.env)],
  });
}

/** The suites `--suite` and `--env` choose (with a note of those the environment leaves out), or why none. */
function suitesToRun(
  io: Io,
  project: Project,
  args: RunArgs,
): { suites: Suite[]; skipped: string[] } | ExitCode {
  const matches = globMatcher(args.suite);
  const matching = project.suites.filter((s) => matches(s.name));
  if (matching.length === 0) {
    return fail(
      io,
      error('E_NO_SUITE', `no suite matches "${args.suite ?? '*'}"`, {
        hint: `known suites: ${project.suites.map((s) => s.name).join(', ')}`,
      }),
    );
  }
  if (!project.environments.has(args.env)) {
    const known = [...project.environments.keys()];
    const guess = closest(args.env, known);
    return fail(
      io,
      error('E_UNKNOWN_ENVIRONMENT', `no environment named "${args.env}"`, {
        hint: `${guess ? `did you mean "${guess}"? ` : ''}known environments: ${known.join(', ')}`,
      }),
    );
  }
  // An environment may serve only some providers (`partner`: the inbound suites).
  let served = project.environments.get(args.env)?.providers;
  // In `--env partner`, PARTNER_BANK picks one bank's dialect: its inbound suites only.
  const dialect = partnerDialect(io.env, served);
  if (dialect && 'code' in dialect) return fail(io, dialect);
  if (dialect && dialect.suites.length === 0)
    return fail(
      io,
      error('E_NO_SUITE', `no inbound suite speaks ${dialect.name.toUpperCase()}'s dialect yet`),
    );
  if (dialect) served = [dialect.provider];
  const chosen = dialect ? matching.filter((s) => dialect.suites.includes(s.name)) : matching;
  const scoped = selectForEnvironment(
    served ? chosen.filter((s) => served.includes(s.provider)) : chosen,
    args.env,
  );
  if (served && scoped.suites.length === 0) {
    return fail(
      io,
      error(
        'E_NO_SUITE',
        `environment "${args.env}" runs only suites of ${served.join(', ')}, and none of them matches "${args.suite ?? '*'}"`,
      ),
    );
  }
  if (scoped.skipped.length)
    io.out(`not run in "${args.env}" (their YAML names other environments): ${scoped.skipped.join(', ')}`);
  return scoped;
}

/** The process environment, with PARTNER_* standing in for the variables of PARTNER_BANK's provider. */
function withDialect(
  processEnv: Record<string, string | undefined>,
  project: Project,
  env: string,
): Record<string, string | undefined> {
  const dialect = partnerDialect(processEnv, project.environments.get(env)?.providers);
  return dialect && !('code' in dialect) ? dialectEnv(dialect, processEnv) : processEnv;
}

/** `kontrak run`: load, render, run every suite, check, report. */
export async function runCommand(io: Io, args: RunArgs): Promise<ExitCode> {
  const chosen = reportersOf(io, args);
  if (!chosen) return EXIT.USAGE;
  const { reporters, banks } = chosen;
  const loaded = loadAll(io);
  if (!loaded) return EXIT.INVALID_INPUT;
  // Read before the run: a baseline that cannot be read is a mistake to hear about now, not after it.
  const baseline = args.baseline === undefined ? undefined : await baselineFor(io, args.baseline);
  if (baseline === null) return EXIT.INVALID_INPUT;
  // Loaded only now: the collections are parsed before newman and the mock bank take their memory.
  const [{ runInEnvironment }, { writeReports }] = await Promise.all([
    import('../run-environment.ts'),
    import('../../report/write.ts'),
  ]);
  const scoped = suitesToRun(io, loaded.project, args);
  if (typeof scoped === 'number') return scoped;
  const suites = args.shard
    ? selectShard(
        scoped.suites.map((s) => ({ ...s, weight: s.requests.length })),
        args.shard,
      )
    : scoped.suites;
  const workers = Math.max(1, Math.min(args.workers ?? 1, suites.length));
  // Parallel shards each get their own lane of external ids, so they never send the same one.
  setExternalIdLane(args.shard?.index);
  const digits = Math.min(
    MAX_EXTERNAL_ID_DIGITS,
    ...suites.flatMap((s) => loaded.project.providers.get(s.provider)?.signing.externalIdDigits ?? []),
  );
  if (args.shard && args.shard.count > laneCapacity(digits))
    report(io, [
      warning(
        'W_SHARD_LANES',
        `${args.shard.count} shards but ${digits}-digit external ids have room for ${laneCapacity(digits)} shard lanes: shards ${laneCapacity(digits)} apart share a lane and may repeat each other's ids`,
      ),
    ]);
  if (args.shard)
    io.out(
      `shard ${args.shard.index}/${args.shard.count}: ${suites.length} of ${scoped.suites.length} suites${suites.length ? `: ${suites.map((s) => s.name).join(', ')}` : ''}`,
    );
  const outDir = resolve(io.cwd, args.out);
  const lock = lockOut(
    outDir,
    `kontrak run --env ${args.env}${args.suite ? ` --suite ${args.suite}` : ''}`,
    io.cwd,
  );
  if (!lock.ok) return fail(io, lock.diagnostic);
  try {
    return await runLocked(io, args, {
      suites,
      workers,
      outDir,
      reporters,
      loaded,
      runInEnvironment,
      writeReports,
      baseline,
      banks,
    });
  } finally {
    lock.release();
  }
}

type Loaded = NonNullable<ReturnType<typeof loadAll>>;

async function runLocked(
  io: Io,
  args: RunArgs,
  context: {
    suites: Loaded['project']['suites'];
    workers: number;
    outDir: string;
    reporters: NonNullable<ReturnType<typeof parseReporters>>;
    loaded: Loaded;
    runInEnvironment: typeof import('../run-environment.ts').runInEnvironment;
    writeReports: typeof import('../../report/write.ts').writeReports;
    baseline: { run: RunResult; label: string } | undefined;
    banks: Bank[] | null;
  },
): Promise<ExitCode> {
  const { suites, workers, outDir, reporters, loaded, runInEnvironment, writeReports, baseline, banks } =
    context;
  if (suites.length === 0) {
    // More shards than suites: this shard has nothing to do, which is not a failure.
    const empty = emptyRun(args.env, currentCommit(io));
    for (const path of await writeReports(empty, { outDir, reporters })) io.out(`report: ${path}`);
    return EXIT.OK;
  }
  const commit = currentCommit(io);
  const { removeTemporaryReports } = await import('../../report/write.ts');
  const interruption = watchInterruption(io, args.timeout, removeTemporaryReports);
  const redactor = createRedactor();
  // The run only emits; what the user sees and keeps subscribes here, in the order it is shown.
  const events = new RunEvents();
  events.on('exchange', () => {
    releaseGarbage(); // newman leaves ~30 KB of garbage per request
  });
  // Live progress on a terminal only: a pipe or a CI log gets each suite once, in the summary.
  if (wantsLive(io)) followProgress(events, createProgress(io, suites.length));
  const whenOver = (listener: (result: RunResult) => void | Promise<void>): void => {
    events.on('run-finished', ({ result }) => listener(result));
    events.on('run-interrupted', ({ result }) => listener(result));
  };
  whenOver((result) => {
    summary(io, result);
  });
  whenOver(async (result) => {
    const compared = baseline ? compareWithBaseline(baseline.run, result, baseline.label) : undefined;
    if (compared) for (const line of formatDrift(compared.drift)) printableLines(io).out(line);
    const written = await writeReports(result, {
      outDir,
      reporters,
      releaseMemory: releaseGarbage,
      ...(compared ? { baseline: compared } : {}),
    });
    for (const path of written) io.out(`report: ${path}`);
  });
  events.on('run-interrupted', ({ result, signal }) => {
    io.err(`interrupted by ${signal}: the reports hold the ${result.totals.requests} requests that ran`);
  });
  try {
    releaseGarbage(); // what loading the collections left behind
    const outcome = await runInEnvironment({
      redactor,
      // Evidence needs a fresh X-TIMESTAMP on every row of a sheet: whole-second timestamps need pacing.
      evidencePacing: banks !== null,
      project: loaded.project,
      schemas: loaded.schemas,
      environment: args.env,
      suites,
      processEnv: withDialect(io.env, loaded.project, args.env),
      ...(args.payloads ? { payloads: args.payloads } : {}),
      timeoutRequest: args.timeout,
      ...(args.maxResponseBytes ? { maxResponseBytes: args.maxResponseBytes } : {}),
      interruption: () => interruption.signal,
      workers,
      events,
      ...(commit ? { commit } : {}),
    });
    if (report(io, outcome.diagnostics) || !outcome.value) return EXIT.INVALID_INPUT;
    const result = outcome.value;
    if (result.interrupted) return SIGNAL_EXIT[result.interrupted.signal];
    const refused = await runEvidence(io, args, loaded.project, result, { redactor, banks });
    if (refused !== undefined) return refused;
    // A signal once the run was over, while its reports were written: they are whole, and the
    // exit code still says the job was stopped.
    if (interruption.signal) return SIGNAL_EXIT[interruption.signal];
    return verdict(io, result);
  } finally {
    interruption.dispose();
  }
}

function verdict(io: Io, result: RunResult): ExitCode {
  const unreachable = reachabilityOf(result);
  if (unreachable) return fail(io, unreachable);
  return result.totals.failedRequests ? EXIT.CHECK_FAILED : EXIT.OK;
}
