import { open } from 'node:fs/promises';
import { constants } from 'node:fs';
import { relative, resolve } from 'node:path';
import { error, type Outcome } from '../diagnostics/diagnostic.ts';
import type { RunResult } from '../model/results.ts';
import { parseResults } from '../report/results-file.ts';

/** A results.json of 10,000 requests is tens of MB; past this it is not one kontrak wrote. */
export const RESULTS_MAX_BYTES = 1024 * 1024 * 1024;

/** The file's text, when it is a regular file within the bound: a FIFO or /dev/zero is refused unread. */
async function readRegularFile(path: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
    if (stat.size > RESULTS_MAX_BYTES)
      throw Object.assign(new Error('too large'), { code: `larger than ${RESULTS_MAX_BYTES} bytes` });
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Reads a results.json written by `kontrak run --reporters json`, checked against
 * schemas/results.schema.json (positioned diagnostics when it cannot be used).
 */
export async function readResults(path: string, shown: string): Promise<Outcome<RunResult>> {
  let text: string;
  try {
    text = await readRegularFile(path);
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
