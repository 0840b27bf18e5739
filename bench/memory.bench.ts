/**
 * Memory of a run. (1) newman's own summary keeps every response until the run ends; kontrak
 * empties it per request: 300 responses of 1 MB through `runNewman`, with and without that.
 * (2) A 1,000-request suite of signed NICEPAY calls through `runSuites`: peak RSS and live heap.
 * Live heap is measured after a forced GC when run with --expose-gc (npm run bench sets it).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runNewman } from '../src/run/newman-run.ts';
import { runSuites } from '../src/run/run.ts';
import { benchBank, benchProject } from './_project.ts';

const MB = 1024 * 1024;
/** `BENCH_MEMORY_REQUESTS=10000 npm run bench -- memory` for issue-sized runs. */
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
  const collection = {
    info: { name: 'big', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: Array.from({ length: 300 }, (_, i) => ({ id: `i${i}`, name: `r${i}`, request: { method: 'GET', url } })),
  };
  const base = live();
  let peakLive = 0;
  let peakRss = 0;
  let n = 0;
  await runNewman({
    collection: collection as never,
    values: [],
    timeoutRequest: 10_000,
    releaseExecutions: release,
    onExchange: (x) => {
      x.response = undefined; // as run.ts does: keep nothing of the raw body
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
    console.log(`300 x 1 MB responses, kontrak releasing newman's executions per request: live ${released.liveMb.toFixed(0)} MB, peak RSS ${released.rssMb.toFixed(0)} MB`);
    console.log(`300 x 1 MB responses, newman keeping its executions (its default): live ${kept.liveMb.toFixed(0)} MB, peak RSS ${kept.rssMb.toFixed(0)} MB`);
  }

  // (In the same process as the above, so its RSS starts from their high-water mark.)
  const project = benchProject(1, REQUESTS);
  const bank = await benchBank(0);
  try {
    const base = live();
    let peakRss = 0;
    let peakLive = 0;
    const started = performance.now();
    const outcome = await runSuites({
      project: project.project, schemas: project.schemas, environment: 'sandbox', suites: project.project.suites, processEnv: bank.env, timeoutRequest: 10_000,
      onProgress: (p) => {
        if (p.done % 100 === 0 && p.done > 0 && p.state === 'running') {
          peakLive = Math.max(peakLive, live() - base);
          peakRss = Math.max(peakRss, process.memoryUsage().rss);
        }
      },
    });
    const ms = performance.now() - started;
    const t = outcome.value!.totals;
    console.log(`${REQUESTS} signed requests in one suite: ${t.passedRequests} passed in ${(ms / 1000).toFixed(1)} s; peak RSS ${(peakRss / MB).toFixed(0)} MB, live heap at most ${(Math.max(0, peakLive) / MB).toFixed(0)} MB above the start`);
  } finally {
    await bank.close();
    project.cleanup();
  }
}
