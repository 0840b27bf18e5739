/**
 * A long collection is sent in several newman runs (ITEMS_PER_NEWMAN_RUN items each) so that newman
 * never holds more than a part of it: what one part leaves behind — variables set by scripts in
 * every scope, cookies, the wait between requests — reaches the next part exactly as within one
 * run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runNewman } from '../../src/run/newman-run.ts';
import type { PostmanCollection } from '../../src/render/postman-types.ts';
import { collectionOf } from '../support/collection.ts';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { bankOverlays } from '../../src/load/bank-profiles.ts';
import { runInEnvironment } from '../../src/cli/run-environment.ts';
import { loadProject } from '../../src/load/project.ts';
import { defined } from '../support/defined.ts';
import { REPO_ROOT } from '../support/project.ts';
import { failedExchanges } from '../support/exchanges.ts';
import { suitesUnderTest } from '../support/suites.ts';

interface Seen {
  path: string;
  cookie: string;
  at: number;
  header: string;
}
const seen: Seen[] = [];
let server: http.Server;
let url = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({
      path: req.url ?? '',
      cookie: req.headers.cookie ?? '',
      at: Date.now(),
      header: String(req.headers['x-carried'] ?? ''),
    });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (req.url === '/login') headers['set-cookie'] = 'session=abc; Path=/';
    res.writeHead(200, headers).end(JSON.stringify({ n: seen.length }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const test = (lines: string[]) => [{ listen: 'test', script: { type: 'text/javascript', exec: lines } }];

function collection(): PostmanCollection {
  const get = (id: string, path: string, header: string, event?: unknown) => ({
    id,
    name: id,
    request: { method: 'GET', url: `${url}${path}`, header: [{ key: 'X-Carried', value: header }] } as never,
    ...(event ? { event: event as never } : {}),
  });
  return collectionOf(
    'parts',
    [
      get(
        'login',
        '/login',
        'none',
        test(["pm.collectionVariables.set('captured', 'c-' + pm.response.json().n);"]),
      ),
      get('env', '/env', '{{captured}}', test(["pm.environment.set('fromEnv', 'e1');"])),
      get('global', '/global', '{{fromEnv}}', test(["pm.globals.set('fromGlobal', 'g1');"])),
      get('last', '/last', '{{captured}}|{{fromEnv}}|{{fromGlobal}}|{{given}}|{{start}}'),
    ],
    [{ key: 'start', value: 's0', type: 'string' }],
  );
}

it('carries variables of every scope and cookies from one part to the next', async () => {
  seen.length = 0;
  const out = await runNewman({
    collection: collection(),
    values: [{ key: 'given', value: 'v0', secret: false }],
    timeoutRequest: 5000,
    itemsPerRun: 1,
  });
  expect(out.exchanges.map((x) => x.response?.status)).toEqual([200, 200, 200, 200]);
  expect(seen.map((s) => s.header)).toEqual(['none', 'c-1', 'e1', 'c-1|e1|g1|v0|s0']);
  expect(seen.map((s) => s.cookie)).toEqual(['', 'session=abc', 'session=abc', 'session=abc']);
});

it('sends the same requests in parts as in one run', async () => {
  seen.length = 0;
  await runNewman({
    collection: collection(),
    values: [{ key: 'given', value: 'v0', secret: false }],
    timeoutRequest: 5000,
  });
  const whole = seen.map((s) => [s.path, s.header, s.cookie]);
  seen.length = 0;
  await runNewman({
    collection: collection(),
    values: [{ key: 'given', value: 'v0', secret: false }],
    timeoutRequest: 5000,
    itemsPerRun: 3,
  });
  expect(seen.map((s) => [s.path, s.header, s.cookie])).toEqual(whole);
});

it('waits between parts as between the requests of one run', async () => {
  seen.length = 0;
  await runNewman({
    collection: collection(),
    values: [],
    timeoutRequest: 5000,
    itemsPerRun: 2,
    delayRequest: 150,
  });
  const gaps = seen.slice(1).map((s, i) => s.at - (seen[i]?.at ?? 0));
  expect(gaps).toHaveLength(3);
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(140);
});

it('sends no further part once the run is stopped', async () => {
  seen.length = 0;
  let sent = 0;
  const out = await runNewman({
    collection: collection(),
    values: [],
    timeoutRequest: 5000,
    itemsPerRun: 2,
    stopped: () => sent >= 2,
    onExchange: () => sent++,
  });
  expect(out.exchanges).toEqual([]);
  expect(seen.map((s) => s.path)).toEqual(['/login', '/env']);
});

// One suite per emulation under `npm test`, every shipped suite under `npm run test:full`.
it('runs the shipped suites one item per newman run, as in one run per suite', async () => {
  const project = defined(loadProject(REPO_ROOT).value, 'the shipped project');
  const suites = suitesUnderTest(project);
  const outcome = await runInEnvironment({
    project,
    schemas: defined(loadSchemas(join(REPO_ROOT, 'schemas'), undefined, { overlays: bankOverlays() }).value),
    environment: 'mock',
    suites,
    processEnv: {},
    timeoutRequest: 20_000,
    workers: 2,
    itemsPerRun: 1,
  });
  expect(outcome.diagnostics).toEqual([]);
  const result = defined(outcome.value, 'the run');
  const failed = failedExchanges(result);
  expect(failed).toEqual([]);
  expect(result.totals.requests).toBe(suites.reduce((n, s) => n + s.requests.length, 0));
}, 600_000);

it("reads no newmanrc: a user's ~/.postman/newmanrc does not change kontrak's runs", async () => {
  const home = mkdtempSync(join(tmpdir(), 'kontrak-home-'));
  mkdirSync(join(home, '.postman'));
  // Read by newman, it would wait 15 s between requests: far above what a loaded machine adds.
  writeFileSync(join(home, '.postman', 'newmanrc'), JSON.stringify({ delayRequest: 15_000 }));
  const before = process.env.HOME;
  process.env.HOME = home;
  try {
    seen.length = 0;
    await runNewman({ collection: collection(), values: [], timeoutRequest: 5000 });
    const gaps = seen.slice(1).map((s, i) => s.at - (seen[i]?.at ?? 0));
    expect(gaps).toHaveLength(3);
    for (const gap of gaps) expect(gap).toBeLessThan(7_500);
  } finally {
    process.env.HOME = before;
    rmSync(home, { recursive: true, force: true });
  }
});
