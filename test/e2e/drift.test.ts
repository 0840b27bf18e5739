/**
 * Contract drift end to end: the shipped NICEPAY suite runs twice against the mock bank through a
 * proxy; on the second run the proxy renames one response field and retypes another. `kontrak
 * diff` must name both, with suite, request and JSON path, and exit 1; `run --baseline` must show
 * the same drift in junit.xml and the HTML report.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { bankOverlays } from '../../src/load/bank-profiles.ts';
import { main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/context.ts';
import { generateMockCredentials } from '../../src/env/values.ts';
import { loadProject } from '../../src/load/project.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { compareWithBaseline } from '../../src/report/baseline.ts';
import { writeReports } from '../../src/report/write.ts';
import { runInEnvironment } from '../../src/cli/run-environment.ts';
import { REPO_ROOT } from '../support/project.ts';

const SUITE = 'nicepay-va';
let mock: RunningMock;
let proxy: http.Server;
let mutate = false;
const out = mkdtempSync(join(tmpdir(), 'kontrak-drift-'));

/** The second night's bank: `responseMessage` is now `responseMsg`, `virtualAccountData.totalAmount.value` a number. */
function mutated(body: Buffer): Buffer {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return body;
  }
  if ('responseMessage' in json) {
    json['responseMsg'] = json['responseMessage'];
    delete json['responseMessage'];
  }
  const amount = (json['virtualAccountData'] as { totalAmount?: { value?: unknown } } | undefined)
    ?.totalAmount;
  if (amount && typeof amount.value === 'string') amount.value = Number(amount.value);
  return Buffer.from(JSON.stringify(json));
}

beforeAll(async () => {
  const project = loadProject(REPO_ROOT).value!;
  const generated = generateMockCredentials([project.providers.get('nicepay')!], '');
  mock = await startMockBank({ partners: generated.partners });
  const target = new URL(mock.url);
  proxy = http.createServer((req, res) => {
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const body = mutate ? mutated(Buffer.concat(chunks)) : Buffer.concat(chunks);
          const headers = { ...answer.headers, 'content-length': String(body.length) };
          delete headers['transfer-encoding'];
          res.writeHead(answer.statusCode ?? 502, headers).end(body);
        });
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const processEnv = Object.fromEntries(
    generated.values.map((v) => [
      v.key.toUpperCase(),
      v.key.endsWith('_base_url') ? `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` : v.value,
    ]),
  );
  const schemas = loadSchemas(join(REPO_ROOT, 'schemas'), undefined, { overlays: bankOverlays() }).value!;
  for (const night of ['night-1', 'night-2']) {
    mutate = night === 'night-2';
    const outcome = await runInEnvironment({
      project,
      schemas,
      environment: 'sandbox',
      suites: project.suites.filter((s) => s.name === SUITE),
      processEnv,
      timeoutRequest: 10_000,
    });
    const result = outcome.value!;
    expect(result.suites[0]?.exchanges.length).toBeGreaterThan(3);
    const baseline =
      night === 'night-2'
        ? compareWithBaseline(
            JSON.parse(readFileSync(join(out, 'night-1', 'results.json'), 'utf8')) as never,
            result,
            'night-1/results.json',
          )
        : undefined;
    await writeReports(result, {
      outDir: join(out, night),
      reporters: ['json', 'junit', 'html'],
      ...(baseline ? { baseline } : {}),
    });
  }
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await mock.close();
  if (!process.env.KEEP) rmSync(out, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const lines: string[] = [];
  const errors: string[] = [];
  const io: Io = { out: (l) => lines.push(l), err: (l) => errors.push(l), cwd: out, env: {}, isTty: false };
  const code = await main(args, io);
  return { code, out: lines, err: errors };
}

it('kontrak diff names the renamed and the retyped field with suite, request and path, and exits 1', async () => {
  const { code, out: lines } = await cli(['diff', 'night-1/results.json', 'night-2/results.json']);
  expect(code).toBe(1);
  const text = lines.join('\n');
  expect(lines).toContain(`suite ${SUITE}`);
  // Every answered request lost responseMessage and gained responseMsg…
  expect(text).toMatch(/^ {2}\S.*\(.+\) {2}collections\/nicepay\/va\.yaml:\d+$/m);
  expect(lines).toContain('    - field $.responseMessage (string)');
  expect(lines).toContain('    + field $.responseMsg (string)');
  // …and the create-VA answers carry the amount as a number now.
  expect(lines).toContain('    ~ field $.virtualAccountData.totalAmount.value: string → number');
  const retyped = lines.indexOf('    ~ field $.virtualAccountData.totalAmount.value: string → number');
  const request = lines
    .slice(0, retyped)
    .reverse()
    .find((l) => /^ {2}\S/.test(l));
  expect(request).toMatch(/create/i);
  expect(lines.at(-1)).toMatch(/^drift: \d+ of \d+ request\(s\) in 1 suite\(s\) changed/);
});

it('--fail-on removed fails on a vanished field, --fail-on none never; the same run twice is no drift', async () => {
  expect(
    (await cli(['diff', 'night-1/results.json', 'night-2/results.json', '--fail-on', 'removed'])).code,
  ).toBe(1);
  expect(
    (await cli(['diff', 'night-1/results.json', 'night-2/results.json', '--fail-on', 'none'])).code,
  ).toBe(0);
  const same = await cli(['diff', 'night-1/results.json', 'night-1/results.json']);
  expect(same.code).toBe(0);
  expect(same.out.at(-1)).toMatch(/^no drift: \d+ request\(s\) compared/);
  expect((await cli(['diff', 'night-1/results.json'])).code).toBe(4);
  expect((await cli(['diff', 'night-1/results.json', 'missing.json'])).code).toBe(2);
  expect((await cli(['diff', 'a', 'b', '--fail-on', 'sometimes'])).code).toBe(4);
});

it('results.json keeps types and names, never a value', () => {
  const night2 = readFileSync(join(out, 'night-2', 'results.json'), 'utf8');
  const run = JSON.parse(night2) as {
    suites: Array<{ exchanges: Array<{ response?: { shape?: unknown; body: string } }> }>;
  };
  const shapes = run.suites[0]!.exchanges.map((x) => JSON.stringify(x.response?.shape ?? {}));
  const bodies = run.suites[0]!.exchanges.map(
    (x) => JSON.parse(x.response?.body || '{}') as Record<string, unknown>,
  );
  const message = String(bodies.find((b) => b['responseMsg'])?.['responseMsg']);
  expect(message.length).toBeGreaterThan(3);
  for (const shape of shapes) expect(shape).not.toContain(message);
  expect(shapes.join('')).toContain('"$.responseMsg":"string"');
});

it('run --baseline puts the drift into junit.xml as properties and first into the HTML report', () => {
  const junit = readFileSync(join(out, 'night-2', 'junit.xml'), 'utf8');
  expect(junit).toContain('<property name="baseline" value="night-1/results.json"/>');
  expect(junit).toContain(
    '<property name="drift" value="~ field $.virtualAccountData.totalAmount.value: string → number"/>',
  );
  const html = readFileSync(join(out, 'night-2', 'index.html'), 'utf8');
  const drift = html.indexOf('data-testid="drift"');
  expect(drift).toBeGreaterThan(0);
  expect(drift).toBeLessThan(html.indexOf('data-testid="failures"'));
  expect(html).toContain('~ field $.virtualAccountData.totalAmount.value: string → number');
  expect(html).toContain('data-testid="times"');
});
