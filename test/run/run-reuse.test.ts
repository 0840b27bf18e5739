/**
 * What kontrak's runs reuse between newman runs and requests: one booted script sandbox lent to one
 * run at a time (patches/newman+6.2.2.patch passes it to postman-runtime), and a cookie jar that
 * answers at once while it is empty but keeps cookies exactly as newman does once there are some.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runNewman } from '../../src/run/newman-run.ts';
import { hostFor, newmanPassesHost } from '../../src/run/sandbox-pool.ts';
import type { PostmanCollection } from '../../src/render/postman-types.ts';
import { collectionOf } from '../support/collection.ts';
import { signalStatement } from '../../src/render/script-signals.ts';

const require = createRequire(import.meta.url);
const seenCookies: string[] = [];
let server: http.Server;
let url = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seenCookies.push(req.headers.cookie ?? '');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (req.url === '/login') headers['set-cookie'] = 'session=s3cr3t; Path=/';
    res.writeHead(200, headers).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function collection(name: string, items: Array<{ path: string; prerequest?: string[] }>): PostmanCollection {
  return collectionOf(
    name,
    items.map((it, i) => ({
      id: `${name}-${i}`,
      name: `${name} ${i}`,
      request: { method: 'GET', url: `${url}${it.path}`, header: [] } as never,
      ...(it.prerequest
        ? { event: [{ listen: 'prerequest', script: { type: 'text/javascript', exec: it.prerequest } }] }
        : {}),
    })),
  );
}

/** Counts the sandboxes booted through the postman-sandbox the runtime under newman loads. */
function countSandboxBoots(): { count: () => number; restore: () => void } {
  const runtime = require.resolve('postman-runtime/package.json', {
    paths: [require.resolve('newman/package.json')],
  });
  const sandbox = require(require.resolve('postman-sandbox', { paths: [runtime] })) as {
    createContext: (...args: unknown[]) => unknown;
  };
  const original = sandbox.createContext;
  let boots = 0;
  sandbox.createContext = (...args: unknown[]) => {
    boots++;
    return original.apply(sandbox, args);
  };
  return { count: () => boots, restore: () => (sandbox.createContext = original) };
}

/** The token request's own way of saying it skipped itself (render/postman.ts). */
const reused = (name: string): string => signalStatement(JSON.stringify({ kind: 'reused', note: name }));

const skipping = (name: string): string[] => [reused(name), 'pm.execution.skipRequest();'];

it('newman passes the host option on (the patch is applied)', () => {
  expect(newmanPassesHost()).toBe(true);
});

it('boots no sandbox for a run once one was booted, and the scripts still run and signal', async () => {
  // A script boots the sandbox (a run without one is lent none).
  await runNewman({
    collection: collection('warm', [{ path: '/', prerequest: [reused('warm')] }]),
    values: [],
    timeoutRequest: 5000,
  });
  const boots = countSandboxBoots();
  try {
    for (const name of ['first', 'second']) {
      const out = await runNewman({
        collection: collection(name, [{ path: '/', prerequest: skipping(name) }, { path: '/' }]),
        values: [],
        timeoutRequest: 5000,
      });
      expect([...out.reused]).toEqual([[`${name}-0`, name]]);
      expect(out.exchanges).toHaveLength(1); // the skipped request was not sent
    }
    expect(boots.count()).toBe(0);
  } finally {
    boots.restore();
  }
});

it('lends runs going on at once a sandbox each: signals reach only their own run', async () => {
  const names = ['a', 'b', 'c'];
  const outs = await Promise.all(
    names.map((name) =>
      runNewman({
        collection: collection(
          name,
          Array.from({ length: 4 }, () => ({
            path: '/',
            prerequest: [reused(name)],
          })),
        ),
        values: [],
        timeoutRequest: 5000,
      }),
    ),
  );
  for (const [i, name] of names.entries())
    expect([...outs[i]!.reused]).toEqual([0, 1, 2, 3].map((n) => [`${name}-${n}`, name]));
});

it('a run whose collection has no script is lent no sandbox: its host refuses a script', async () => {
  const scriptless = collection('plain', [{ path: '/' }, { path: '/' }]);
  const lease = await hostFor(scriptless);
  expect(() => (lease!.context as { execute: () => void }).execute()).toThrow(
    /a script ran in a run without scripts/,
  );
  const scripted = await hostFor(collection('scripted', [{ path: '/', prerequest: [reused('x')] }]));
  expect(typeof (scripted!.context as { execute?: unknown }).execute).toBe('function');
  expect(() => scripted!.context.constructor.name).not.toThrow();
  expect(scripted!.context).not.toBeInstanceOf(lease!.context.constructor);
  scripted!.release();
  const out = await runNewman({ collection: scriptless, values: [], timeoutRequest: 5000 });
  expect(out.exchanges.map((x) => x.response?.status)).toEqual([200, 200]);
});

it('a stock run (reuseSandbox false) boots its own sandbox', async () => {
  const boots = countSandboxBoots();
  try {
    const out = await runNewman({
      collection: collection('stock', [{ path: '/', prerequest: skipping('stock') }]),
      values: [],
      timeoutRequest: 5000,
      reuseSandbox: false,
    });
    expect([...out.reused]).toEqual([['stock-0', 'stock']]);
    expect(boots.count()).toBe(1);
  } finally {
    boots.restore();
  }
});

it('sends no Cookie header while none was set, then the cookie a response set, as newman does', async () => {
  seenCookies.length = 0;
  const out = await runNewman({
    collection: collection('cookies', [{ path: '/' }, { path: '/login' }, { path: '/' }, { path: '/' }]),
    values: [],
    timeoutRequest: 5000,
  });
  expect(out.exchanges.map((x) => x.response?.status)).toEqual([200, 200, 200, 200]);
  expect(seenCookies).toEqual(['', '', 'session=s3cr3t', 'session=s3cr3t']);
});
