/**
 * Memory of a run. (1) newman's own summary keeps every response until the run ends; kontrak
 * empties it per request: 300 responses of 1 MB through `runNewman`, with and without that.
 * (2) `kontrak run` as a user runs it, in its own process, on BENCH_MEMORY_REQUESTS (default
 * 1,000) signed NICEPAY calls in suite files of 1,000 requests, and (above 1,000) all in one
 * file: peak RSS, reports included. `BENCH_MEMORY_REQUESTS=10000 npm run bench -- memory` is a
 * 10,000-request run. Live heap is measured after a forced GC when run with --expose-gc (npm run
 * bench sets it).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNewman } from '../src/run/newman-run.ts';
import { benchProject } from './_project.ts';
import { collectionOf, plainGets } from '../test/support/collection.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const MB = 1024 * 1024;
const REQUESTS = Number(process.env.BENCH_MEMORY_REQUESTS ?? 1000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const live = (): number => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

async function bigResponses(release: boolean): Promise<{ liveMb: number; rssMb: number }> {
  const body = Buffer.alloc(MB, 'x');
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big`;
  const collection = collectionOf('big', plainGets(url, 300));
  const base = live();
  let peakLive = 0;
  let peakRss = 0;
  let n = 0;
  await runNewman({
    collection,
    values: [],
    timeoutRequest: 10_000,
    releaseExecutions: release,
    onExchange: (x) => {
      delete x.response; // as run.ts does: keep nothing of the raw body
      if (++n % 50 === 0) {
        peakLive = Math.max(peakLive, live() - base);
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
    },
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { liveMb: peakLive / MB, rssMb: peakRss / MB };
}

export async function run(): Promise<void> {
  if (!(globalThis as { gc?: unknown }).gc) console.log('(no --expose-gc: live heap includes garbage)');
  // BENCH_MEMORY_PARTS=run measures the signed run alone, in a process whose RSS starts low.
  if ((process.env.BENCH_MEMORY_PARTS ?? 'responses,run').includes('responses')) {
    // Released first: RSS never shrinks, so the other order would hide the difference.
    const released = await bigResponses(true);
    const kept = await bigResponses(false);
    console.log(
      `300 x 1 MB responses, kontrak releasing newman's executions per request: live ${released.liveMb.toFixed(0)} MB, peak RSS ${released.rssMb.toFixed(0)} MB`,
    );
    console.log(
      `300 x 1 MB responses, newman keeping its executions (its default): live ${kept.liveMb.toFixed(0)} MB, peak RSS ${kept.rssMb.toFixed(0)} MB`,
    );
  }

  if ((process.env.BENCH_MEMORY_PARTS ?? 'responses,run').includes('run')) {
    const suites = Math.max(1, Math.round(REQUESTS / 1000));
    // Many suite files of 1,000 requests each, as large projects are laid out; then all in one file.
    // BENCH_MEMORY_LAYOUT=single: only the one-file layout (the 400 MB goal is about that one).
    const single = process.env.BENCH_MEMORY_LAYOUT === 'single';
    for (const [count, size] of [
      ...(single ? [] : [[suites, Math.round(REQUESTS / suites)]]),
      ...(suites > 1 || single ? [[1, REQUESTS]] : []),
    ] as Array<[number, number]>) {
      const peak = await cliRun(count, size);
      console.log(
        `kontrak run, ${count} suite file(s) x ${size} signed requests against the embedded mock, html+junit+json: ${peak.passed}; peak RSS ${peak.peakMb.toFixed(0)} MB (${(peak.ms / 1000).toFixed(1)} s)${count === 1 && size >= 10_000 ? ` (goal <= 400 MB: ${peak.peakMb <= 400 ? 'met' : 'MISSED'})` : ''}`,
      );
    }
  }
}

/**
 * `kontrak run` in its own process, the way a user runs it (embedded mock, three reports): its
 * peak RSS is the kernel's high-water mark (VmHWM), read until the process exits.
 */
async function cliRun(
  suites: number,
  requests: number,
): Promise<{ peakMb: number; ms: number; passed: string }> {
  const project = benchProject(suites, requests);
  const started = performance.now();
  try {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'kontrak.js'), 'run', '--out', 'out'], {
      cwd: project.root,
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        // gone, or no /proc (not Linux): the last reading stands
      }
    }, 50);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearInterval(poll);
    if (code !== 0) throw new Error(`kontrak run exited ${code}: ${out.slice(-2000)}`);
    const summary = /\d+ passed.*$/m.exec(out)?.[0] ?? '?';
    return { peakMb: peakKb / 1024, ms: performance.now() - started, passed: summary };
  } finally {
    project.cleanup();
  }
}
