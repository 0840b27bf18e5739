/**
 * patches/postman-runtime+7.39.1.patch must be applied (patch-package, on `npm ci`): without it
 * every kontrak request waits about 7 ms on 1 ms timers. These fail when the patch is missing or
 * no longer wired into the runner.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { runNewman } from '../../src/run/newman-run.ts';
import { collectionOf, plainGets } from '../support/collection.ts';
import { runtimeYield } from '../../src/run/runtime-yield.ts';

const require = createRequire(import.meta.url);
const runtimeDir = dirname(
  require.resolve('postman-runtime/package.json', { paths: [require.resolve('newman/package.json')] }),
);

it('the runtime newman loads is the patched one', () => {
  expect(runtimeYield()?.patchedBy).toBe('kontrak');
  const instruction = readFileSync(join(runtimeDir, 'lib/runner/instruction.js'), 'utf8');
  const run = readFileSync(join(runtimeDir, 'lib/runner/run.js'), 'utf8');
  expect(instruction).toContain('yieldToLoop.next(callback.bind(...args));');
  expect(instruction).not.toContain('setTimeout(callback.bind(...args), 0)');
  expect(run).toContain('yieldToLoop.next(function () {');
});

it("kontrak's runs yield through setImmediate, and the runner goes through the patched hook", async () => {
  const yielder = runtimeYield();
  expect(yielder?.usingImmediate()).toBe(true); // switched on by loading newman-run.ts
  const hook = require(join(runtimeDir, 'lib/runner/yield.js')) as { next: (fn: () => void) => unknown };
  const original = hook.next;
  let yields = 0;
  hook.next = (fn) => {
    yields++;
    return original(fn);
  };
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    const out = await runNewman({
      collection: collectionOf('y', plainGets(url, 3)),
      values: [],
      timeoutRequest: 5000,
    });
    expect(out.exchanges.map((x) => x.response?.status)).toEqual([200, 200, 200]);
    expect(yields).toBeGreaterThanOrEqual(3 * 5); // several instructions per request
  } finally {
    hook.next = original;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
