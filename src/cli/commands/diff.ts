import { relative, resolve } from 'node:path';
import { breaking, driftBetween } from '../../diff/drift.ts';
import { formatDrift } from '../../diff/format.ts';
import { hasShapes, readResults } from '../../report/read-results.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { report, type Io } from '../context.ts';
import { printableLines } from '../printable.ts';
import { warning } from '../../diagnostics/diagnostic.ts';
import type { FailOn } from '../fail-on.ts';

export interface DiffArgs {
  /** The older results.json, then the newer one (two: the command table says so). */
  files: string[];
  failOn: FailOn;
}

/** `kontrak diff <old results.json> <new results.json>`: what changed in the responses' shapes. */
export async function diffCommand(io: Io, args: DiffArgs): Promise<ExitCode> {
  const { failOn } = args;
  const [older, newer] = await Promise.all(
    args.files.map((f) => {
      const path = resolve(io.cwd, f);
      return readResults(path, relative(io.cwd, path) || path);
    }),
  );
  if (!older || !newer) return EXIT.USAGE;
  if (report(io, [...older.diagnostics, ...newer.diagnostics]) || !older.value || !newer.value)
    return EXIT.INVALID_INPUT;
  for (const [file, run] of [
    [args.files[0], older.value],
    [args.files[1], newer.value],
  ] as const) {
    if (!hasShapes(run))
      report(io, [warning('W_NO_SHAPES', `${file ?? ''} records no response shapes: nothing to compare`)]);
  }
  const drift = driftBetween(older.value, newer.value);
  for (const line of formatDrift(drift)) printableLines(io).out(line);
  if (failOn === 'none') return EXIT.OK;
  const failing = failOn === 'drift' ? drift.requests : drift.requests.filter(breaking);
  return failing.length ? EXIT.CHECK_FAILED : EXIT.OK;
}
