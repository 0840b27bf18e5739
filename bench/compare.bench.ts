/**
 * kontrak against the alternatives on the same N signed NICEPAY calls (BENCH_REQUESTS,
 * default 1000) to one embedded mock bank, in one process and one run:
 *   (a) raw-http   node:http, keep-alive agent, sequential, RSA-signed with node:crypto (the floor);
 *   (b) newman-bare  stock newman, no scripts, unsigned (the mock answers 401: newman's own cost),
 *                  with postman-runtime's stock 1 ms timer yields (kontrak's runs use setImmediate);
 *   (c) jsrsasign  newman, jsrsasign's source eval-ed in the pre-request script of every request,
 *                  KJUR SHA256withRSA over clientKey|timestamp (public SNAP collections' pattern);
 *   (d) kontrak    runInEnvironment + writeReports (html, junit, json): signing, ajv checks, reports.
 * Every call of a, c and d is an RSA-signed access-token request that the mock verifies; d runs a
 * second suite of HMAC-signed create-VA calls for reference. Two diagnostic modes show where the
 * kontrak/newman-bare gap comes from: a one-statement pre-request script (the sandbox's price for
 * any script) and signing in Node in newman's beforeRequest event (no script). Newman's per-item
 * phases come from its events (beforeItem, beforePrerequest, prerequest, beforeRequest, request, item).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReports } from '../src/report/write.ts';
import { runInEnvironment } from '../src/cli/run-environment.ts';
import {
  compareSetup,
  instrumentNewman,
  Phases,
  plainCollection,
  rawHttp,
  runPlain,
  type CompareSetup,
} from './_compare-setup.ts';

const N = Number(process.env.BENCH_REQUESTS ?? 1000);
const MB = 1024 * 1024;
/** kontrak (signed, checked, reported) over raw keep-alive HTTP with node:crypto signing, per request. */
const RAW_HTTP_GOAL = 3;

interface KontrakRun {
  ms: number;
  reportMs: number;
  passed: number;
  peakRssMb: number;
  startRssMb: number;
}

async function kontrak(setup: CompareSetup, suite: string): Promise<KontrakRun> {
  const outDir = mkdtempSync(join(tmpdir(), 'kontrak-compare-reports-'));
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  try {
    const started = performance.now();
    const outcome = await runInEnvironment({
      project: setup.project,
      schemas: setup.schemas,
      environment: 'sandbox',
      processEnv: setup.processEnv,
      timeoutRequest: 10_000,
      suites: setup.project.suites.filter((s) => s.name === suite),
    });
    const ran = performance.now();
    if (!outcome.value) throw new Error(`kontrak run failed: ${JSON.stringify(outcome.diagnostics)}`);
    await writeReports(outcome.value, { outDir, reporters: ['html', 'junit', 'json'] });
    const ms = performance.now() - started;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return {
      ms,
      reportMs: ms - (ran - started),
      passed: outcome.value.totals.passedRequests,
      peakRssMb: peakRss / MB,
      startRssMb: startRss / MB,
    };
  } finally {
    clearInterval(sampler);
    rmSync(outDir, { recursive: true, force: true });
  }
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await f();
  return { ms: performance.now() - started, value };
}

const statuses = (m: Map<number, number>): string =>
  [...m].map(([code, count]) => `${count}x${code}`).join(' ');

function verdict(name: string, value: number, goal: string, ok: boolean): string {
  return `goal ${name} ${goal}: ${ok ? 'met' : 'MISSED'} (${value.toFixed(2)})`;
}

export async function run(): Promise<void> {
  const setup = await compareSetup(N);
  const recorder = instrumentNewman();
  const phased = async <T>(phases: Phases, f: () => Promise<T>): Promise<T> => {
    recorder.set(phases);
    try {
      return await f();
    } finally {
      recorder.set(undefined);
    }
  };
  try {
    // Each mode is warmed up right before it is timed (module load, JIT, signer bundle, sandbox
    // boot); kontrak goes first so its peak RSS is not the other modes' high-water mark.
    await kontrak(setup, 'warm');
    const kPhases = new Phases();
    const d = await phased(kPhases, () => kontrak(setup, 'rsa'));
    const hPhases = new Phases();
    const dHmac = await phased(hPhases, () => kontrak(setup, 'hmac'));
    if (d.passed !== N || dHmac.passed !== N)
      throw new Error(`kontrak: ${d.passed} and ${dHmac.passed} of ${N} passed`);

    await rawHttp(setup, 50);
    const a = await timed(() => rawHttp(setup, N));
    if (a.value !== N) throw new Error(`raw http: ${a.value} of ${N} answered 200`);

    await runPlain(setup, plainCollection(setup, 20, 'bare'));
    const bPhases = new Phases();
    const b = await phased(bPhases, () => timed(() => runPlain(setup, plainCollection(setup, N, 'bare'))));
    const ePhases = new Phases();
    const empty = await phased(ePhases, () =>
      timed(() => runPlain(setup, plainCollection(setup, N, 'empty-script'))),
    );
    const nodePhases = new Phases();
    const nodeSigned = await phased(nodePhases, () =>
      timed(() => runPlain(setup, plainCollection(setup, N, 'bare'), true)),
    );
    if (nodeSigned.value.get(200) !== N)
      throw new Error(`node-signed: not every call was accepted: ${statuses(nodeSigned.value)}`);

    await runPlain(setup, plainCollection(setup, 3, 'jsrsasign'));
    const cPhases = new Phases();
    const c = await phased(cPhases, () =>
      timed(() => runPlain(setup, plainCollection(setup, N, 'jsrsasign'))),
    );
    if (c.value.get(200) !== N)
      throw new Error(`jsrsasign: not every call was accepted: ${statuses(c.value)}`);

    const per = (ms: number): number => ms / N;
    const [pa, pb, pc, pd, pe, pn] = [
      per(a.ms),
      per(b.ms),
      per(c.ms),
      per(d.ms),
      per(empty.ms),
      per(nodeSigned.ms),
    ];
    console.log(
      `${N} requests per mode, sequential, to the mock bank on 127.0.0.1 (node ${process.version}, ${cpus().length} cores)`,
    );
    console.log('newman phases, ms per item (means over the run):');
    console.log(`  newman-bare:   ${bPhases.line()}`);
    console.log(`  empty-script:  ${ePhases.line()}`);
    console.log(`  node-signed:   ${nodePhases.line()}`);
    console.log(`  jsrsasign:     ${cPhases.line()}`);
    console.log(`  kontrak rsa:   ${kPhases.line()}`);
    console.log(`  kontrak hmac:  ${hPhases.line()}`);
    console.log(
      `kontrak reports (html, junit, json; in the totals): rsa ${d.reportMs.toFixed(0)} ms, hmac ${dHmac.reportMs.toFixed(0)} ms`,
    );
    console.log(
      `kontrak hmac calls (token + ${N - 1} create-VA, reference): ${per(dHmac.ms).toFixed(2)} ms/request`,
    );
    console.log(
      `floor of any sandbox-side signer: newman + one-statement pre-request script ${pe.toFixed(2)} ms/request = ${(pe / pb).toFixed(2)} x newman-bare`,
    );
    console.log(
      `signing in Node in newman's beforeRequest event, no script: ${pn.toFixed(2)} ms/request = ${(pn / pb).toFixed(2)} x newman-bare (${statuses(nodeSigned.value)})`,
    );
    console.log(verdict('kontrak/newman-bare (per request)', pd / pb, '<= 0.5', pd / pb <= 0.5));
    console.log(verdict('jsrsasign/kontrak (rsa calls)', pc / pd, '>= 5', pc / pd >= 5));
    console.log(
      `peak RSS of the kontrak run: ${d.peakRssMb.toFixed(0)} MB (${d.startRssMb.toFixed(0)} MB at its start; sampled every 25 ms)`,
    );
    console.log(
      `ms/request: raw-http ${pa.toFixed(2)} (${a.value}x200), newman-bare ${pb.toFixed(2)} (${statuses(b.value)}, unsigned), jsrsasign ${pc.toFixed(2)} (${statuses(c.value)}), kontrak ${pd.toFixed(2)} (${d.passed} passed)`,
    );
    console.log(
      `ratio kontrak/newman-bare (per request): ${(pd / pb).toFixed(2)} (goal <= 0.5; kontrak signed, checked and reported, newman stock and unsigned)`,
    );
    console.log(`ratio jsrsasign/kontrak (rsa calls): ${(pc / pd).toFixed(2)}`);
    console.log(
      `ratio kontrak/raw-http (per request): ${(pd / pa).toFixed(2)} (goal <= ${RAW_HTTP_GOAL}: ${pd / pa <= RAW_HTTP_GOAL ? 'met' : 'MISSED'})`,
    );
  } finally {
    recorder.restore();
    await setup.close();
  }
}
