/**
 * `--workers 8` against `--workers 1`: 8 suites of 10 signed NICEPAY requests (access token, then
 * create-VA calls) against the mock bank answering after 20 ms, through the library API with the
 * `sandbox` environment pointed at the mock. The bank runs in a process of its own, as a bank
 * does: its signature checks and answers are not the run's CPU. Rounds alternate so drift hits both sides alike.
 * Prints `ratio workers1/workers8: <x>` (and `(20 ms)`, goal >= 3 on 2 cores), then the same at
 * 150 ms latency, `ratio workers1/workers8 (150 ms)` (goal >= 6): workers overlap waiting, not CPU,
 * so the ratio grows with the bank's latency.
 */
import { runInEnvironment } from '../src/cli/run-environment.ts';
import { benchBank, benchProject } from './_project.ts';

const SUITES = 8;
const REQUESTS = 10;
const LATENCY_MS = 20;
const ROUNDS = 3;
const SLOW_LATENCY_MS = 150;
const SLOW_ROUNDS = 2;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function run(): Promise<void> {
  const project = benchProject(SUITES, REQUESTS);
  let bank = await benchBank(LATENCY_MS, { ownProcess: true });
  try {
    const once = async (workers: number): Promise<{ ms: number; cpuMs: number }> => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const outcome = await runInEnvironment({
        project: project.project,
        schemas: project.schemas,
        environment: 'sandbox',
        suites: project.project.suites,
        processEnv: bank.env,
        timeoutRequest: 10_000,
        workers,
      });
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const totals = outcome.value?.totals;
      if (!totals || totals.failedRequests > 0)
        throw new Error(
          `workers ${workers}: run failed ${JSON.stringify(outcome.diagnostics)} ${JSON.stringify(totals)}`,
        );
      return { ms, cpuMs: (used.user + used.system) / 1000 };
    };
    await once(8); // warm-up: JIT, the first sandbox boot, the signer bundle
    const times: Record<number, number[]> = { 1: [], 2: [], 8: [] };
    const cpu: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const workers of [1, 2, 8]) {
        const r = await once(workers);
        times[workers]!.push(r.ms);
        if (workers === 1) cpu.push(r.cpuMs);
      }
    }
    const requests = SUITES * REQUESTS;
    for (const workers of [1, 2, 8])
      console.log(
        `workers ${workers}: ${median(times[workers]!).toFixed(0)} ms (median of ${ROUNDS}; ${SUITES} suites x ${REQUESTS} signed requests, ${LATENCY_MS} ms mock latency)`,
      );
    console.log(
      `CPU per run: ${median(cpu).toFixed(0)} ms = ${(median(cpu) / requests).toFixed(1)} ms per request (kontrak's own: the bank is another process; sandbox booted once per process, lent to each suite) (${process.platform}, ${(await import('node:os')).cpus().length} cores)`,
    );
    console.log(`ratio workers1/workers2: ${(median(times[1]!) / median(times[2]!)).toFixed(2)}`);
    console.log(`ratio workers1/workers8: ${(median(times[1]!) / median(times[8]!)).toFixed(2)}`);
    console.log(
      `ratio workers1/workers8 (${LATENCY_MS} ms): ${(median(times[1]!) / median(times[8]!)).toFixed(2)} (goal >= 3)`,
    );
    await bank.close();
    // A real bank sandbox answers in 100-500 ms: there workers overlap waiting, which is what they are for.
    bank = await benchBank(SLOW_LATENCY_MS, { ownProcess: true });
    const slow: Record<number, number[]> = { 1: [], 8: [] };
    for (let round = 0; round < SLOW_ROUNDS; round++)
      for (const workers of [1, 8]) slow[workers]!.push((await once(workers)).ms);
    console.log(
      `at ${SLOW_LATENCY_MS} ms latency (median of ${SLOW_ROUNDS}): workers 1 ${median(slow[1]!).toFixed(0)} ms, workers 8 ${median(slow[8]!).toFixed(0)} ms`,
    );
    console.log(
      `ratio workers1/workers8 (${SLOW_LATENCY_MS} ms): ${(median(slow[1]!) / median(slow[8]!)).toFixed(2)} (goal >= 6)`,
    );
  } finally {
    await bank.close();
    project.cleanup();
  }
}
