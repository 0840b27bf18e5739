import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { error, type Outcome } from '../diagnostics/diagnostic.ts';
import type { RunResult } from '../model/results.ts';
import { parseResults } from '../report/results-file.ts';

/**
 * Reads a results.json written by `kontrak run --reporters json`, checked against
 * schemas/results.schema.json (positioned diagnostics when it cannot be used).
 */
export async function readResults(path: string, shown: string): Promise<Outcome<RunResult>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return {
      diagnostics: [
        error(
          'E_RESULTS_MISSING',
          `cannot read ${shown}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
          {
            file: shown,
            hint: 'give the results.json of an earlier `kontrak run --reporters json`',
          },
        ),
      ],
    };
  }
  return parseResults(text, shown);
}

/** True when no exchange of the run recorded a response shape (a results.json from before shapes existed). */
export function hasShapes(run: RunResult): boolean {
  return run.suites.some((s) => s.exchanges.some((x) => x.response?.shape !== undefined));
}

/** A baseline named on the command line (`--baseline`), or the diagnostics why it cannot be used. */
export async function readBaseline(
  cwd: string,
  file: string,
): Promise<Outcome<{ run: RunResult; label: string; shapes: boolean }>> {
  const path = resolve(cwd, file);
  const label = relative(cwd, path) || path;
  const read = await readResults(path, label);
  if (!read.value) return { diagnostics: read.diagnostics };
  return { value: { run: read.value, label, shapes: hasShapes(read.value) }, diagnostics: read.diagnostics };
}
