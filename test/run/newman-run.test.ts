/**
 * runNewman's own housekeeping: once a run ends it holds no connection to the bank. (A pooled
 * keep-alive socket keeps its last request, and through it the whole finished run, alive.)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { runNewman } from '../../src/run/newman-run.ts';
import { collectionOf, plainGets } from '../support/collection.ts';

it('closes its keep-alive connections when the run ends', async () => {
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
  );
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const open = () =>
    new Promise<number>((resolve, reject) =>
      server.getConnections((err, n) => (err ? reject(err) : resolve(n))),
    );
  try {
    const out = await runNewman({
      collection: collectionOf('k', plainGets(url, 3)),
      values: [],
      timeoutRequest: 5000,
    });
    expect(out.exchanges.map((x) => x.response?.status)).toEqual([200, 200, 200]);
    let connections = await open();
    for (let i = 0; i < 40 && connections > 0; i++) {
      await sleep(25);
      connections = await open();
    }
    expect(connections).toBe(0);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
