import { resolve } from 'node:path';
import { mergeResults } from '../../report/merge.ts';
import { writeReports } from '../../report/write.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { formatDrift } from '../../diff/format.ts';
import { compareWithBaseline } from '../../report/baseline.ts';
import { fail, parseReporters, report, type Io } from '../context.ts';
import { baselineFor, readResults } from '../results-files.ts';
import { makeFolder, notAFolder } from '../../folders.ts';
import { printableLines } from '../printable.ts';

export interface MergeArgs {
  /** Directories holding a results.json, or results.json files themselves (at least one: the command table says so). */
  inputs: string[];
  out: string;
  reporters: string;
  /** A results.json of an earlier run: the merged reports say what changed since. */
  baseline?: string;
}

/** `kontrak merge <dirs…>`: one HTML, JUnit and JSON report from the results of several runs. */
export async function mergeCommand(io: Io, args: MergeArgs): Promise<ExitCode> {
  // Suite names and drift come from the results files: every line out is escaped.
  const shown = printableLines(io);
  const reporters = parseReporters(io, args.reporters);
  if (!reporters) return EXIT.USAGE;
  const baseline = args.baseline === undefined ? undefined : await baselineFor(io, args.baseline);
  if (baseline === null) return EXIT.INVALID_INPUT;
  const runs = await readResults(io, args.inputs);
  if (!runs) return EXIT.INVALID_INPUT;
  const merged = mergeResults(runs);
  if (report(io, merged.diagnostics) || !merged.value) return EXIT.INVALID_INPUT;
  const result = merged.value;
  const t = result.totals;
  shown.out(
    `merged ${runs.length} result file(s): ${t.suites} suites, ${t.passedRequests} passed, ${t.failedRequests} failed (${t.checks} checks, ${t.failedChecks} failed) against "${result.environment}"`,
  );
  for (const suite of result.suites.filter((s) => s.failed > 0))
    shown.out(`FAIL ${suite.name}  ${suite.failed} of ${suite.exchanges.length} requests failed`);
  const comparison = baseline ? compareWithBaseline(baseline.run, result, baseline.label) : undefined;
  if (comparison) for (const line of formatDrift(comparison.drift)) shown.out(line);
  const outDir = resolve(io.cwd, args.out);
  const folder = makeFolder(outDir);
  if (!folder.ok) return fail(io, notAFolder(args.out, folder.reason));
  for (const path of await writeReports(result, {
    outDir,
    reporters,
    ...(comparison ? { baseline: comparison } : {}),
  }))
    shown.out(`report: ${path}`);
  return t.failedRequests ? EXIT.CHECK_FAILED : EXIT.OK;
}
