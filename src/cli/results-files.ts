/**
 * Reading the results.json of earlier runs, for the commands that build on them (merge, evidence)
 * and for `--baseline` (run, merge): read, checked, and any problem said as a diagnostic.
 */
import { stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { warning } from '../diagnostics/diagnostic.ts';
import type { RunResult } from '../model/results.ts';
import { readBaseline, readResults as readResultsFile } from '../report/read-results.ts';
import { report, type Io } from './context.ts';

/** A directory (or a missing path not ending in .json) means its results.json; a file is taken as is. */
async function resultsFile(io: Io, input: string): Promise<string> {
  const path = resolve(io.cwd, input);
  const info = await stat(path).catch(() => undefined);
  return info?.isDirectory() || (!info && !path.endsWith('.json')) ? join(path, 'results.json') : path;
}

/** Every input's results.json, read and checked; undefined (after saying why) when one is missing or invalid. */
export async function readResults(io: Io, inputs: readonly string[]): Promise<RunResult[] | undefined> {
  const runs: RunResult[] = [];
  let invalid = false;
  for (const input of inputs) {
    const file = await resultsFile(io, input);
    const read = await readResultsFile(file, relative(io.cwd, file) || file);
    if (report(io, read.diagnostics) || !read.value) invalid = true;
    else runs.push(read.value);
  }
  return invalid ? undefined : runs;
}

/** The baseline run, or null after saying why it cannot be used. */
export async function baselineFor(io: Io, file: string): Promise<{ run: RunResult; label: string } | null> {
  const read = await readBaseline(io.cwd, file);
  if (report(io, read.diagnostics) || !read.value) return null;
  if (!read.value.shapes)
    report(io, [
      warning('W_NO_SHAPES', `${read.value.label} records no response shapes: no drift can be shown`, {
        file,
      }),
    ]);
  return read.value;
}
