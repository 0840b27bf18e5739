/**
 * Writes the chosen reports of a run into one directory (read-results.ts reads one back).
 */
import { createWriteStream, rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { makeFolder } from '../folders.ts';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { RunResult } from '../model/results.ts';
import { harChunks } from './har.ts';
import { htmlChunks } from './html.ts';
import { jsonChunks } from './json.ts';
import { junitChunks } from './junit.ts';

import type { ReporterName } from './names.ts';
import type { BaselineComparison } from './baseline.ts';

export type { ReporterName } from './names.ts';

/**
 * File name and renderer of each reporter. Each comes in chunks, written as they are made: at
 * 10,000 requests a whole results.json is ~60 MB of string, and index.html is written suite by
 * suite, a block of exchanges at a time.
 */
export const REPORTERS: Readonly<
  Record<
    ReporterName,
    { file: string; render: (result: RunResult, baseline?: BaselineComparison) => Iterable<string> }
  >
> = {
  html: { file: 'index.html', render: htmlChunks },
  junit: { file: 'junit.xml', render: junitChunks },
  json: { file: 'results.json', render: (result) => jsonChunks(result) },
  har: { file: 'exchanges.har', render: harChunks },
};

/**
 * The chunks of a report, with the memory hint offered after each: rendering a large report
 * makes garbage fast, and the heap would otherwise grow with it until the report is done.
 */
function* releasingAsWritten(chunks: Iterable<string>, releaseMemory: (() => void) | undefined) {
  for (const chunk of chunks) {
    yield chunk;
    releaseMemory?.();
  }
}

/** Temporary report files being written now: removed whatever ends the process. */
const writing = new Set<string>();
let cleanupInstalled = false;

/** Remove every temporary report file (synchronous: also safe inside an `exit` handler). */
export function removeTemporaryReports(): void {
  for (const temp of writing) rmSync(temp, { force: true });
  writing.clear();
}

/** Where and what to write. */
export interface WriteReportsOptions {
  /** Created if missing (like `mkdir -p`). */
  outDir: string;
  /** Each name at most once is written; order is kept. */
  reporters: ReporterName[];
  /** The run this one is compared with (`--baseline`): drift and response times in HTML and JUnit. */
  baseline?: BaselineComparison;
  /** Called before the first report and after each, when what came before is garbage (the CLI's GC hint). */
  releaseMemory?: () => void;
}

/**
 * Renders the requested reports and writes them into `outDir` (`index.html`, `junit.xml`,
 * `results.json`). Each file is written to a temporary name and renamed, so a CI job never
 * picks up half a report. Resolves to the paths written (`join(outDir, file)`), in the order of
 * `reporters`.
 */
export async function writeReports(result: RunResult, options: WriteReportsOptions): Promise<string[]> {
  const names = [...new Set(options.reporters)];
  for (const name of names) {
    // The CLI validates --reporters; reaching here with another name is a programmer error.
    if (!Object.hasOwn(REPORTERS, name)) throw new TypeError(`unknown reporter "${name}"`);
  }
  // Not mkdir's recursive mode: it spins for ever under /proc. Commands check the folder first.
  const folder = makeFolder(options.outDir);
  if (!folder.ok) throw new Error(`${options.outDir} cannot be a folder: ${folder.reason}`);
  options.releaseMemory?.(); // what the run left behind, before the reports make their own
  const written: string[] = [];
  for (const name of names) {
    const { file, render } = REPORTERS[name];
    const path = join(options.outDir, file);
    const temp = `${path}.${process.pid}.tmp`;
    if (!cleanupInstalled) {
      cleanupInstalled = true;
      process.on('exit', removeTemporaryReports);
    }
    writing.add(temp);
    try {
      await pipeline(
        Readable.from(releasingAsWritten(render(result, options.baseline), options.releaseMemory), {
          objectMode: false,
        }),
        createWriteStream(temp, { encoding: 'utf8' }),
      );
      await rename(temp, path);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    } finally {
      writing.delete(temp);
    }
    written.push(path);
    options.releaseMemory?.(); // each report leaves its own strings behind
  }
  return written;
}
