/**
 * What kontrak does on the wire when the server is hostile: redirects, bombs, drips, huge bodies.
 * Each case runs a tiny collection through the real newman runtime against test/support/hostile-server.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostmanCollection, PostmanItem } from '../../src/render/postman-types.ts';
import { runNewman, type RawExchange } from '../../src/run/newman-run.ts';
import { startHostileServer, type HostileServer } from '../support/hostile-server.ts';

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer({ bombBytes: 8 * 1024 * 1024, dripEveryMs: 100, dripMaxMs: 10_000 });
});
afterAll(() => server.close());

const SECRET = 'client-secret-value-1234';

function item(path: string, options: { method?: string; follow?: boolean } = {}): PostmanItem {
  return {
    id: path.slice(1),
    name: path,
    request: {
      method: options.method ?? 'POST',
      header: [
        { key: 'X-SIGNATURE', value: 'signature-abc' },
        { key: 'X-CLIENT-KEY', value: 'client-key' },
      ],
      url: { raw: `{{base}}${path}`, host: ['{{base}}'], path: [path.slice(1)] },
      body: {
        mode: 'urlencoded',
        urlencoded: [{ key: 'client_secret', value: SECRET, type: 'text' }],
      },
    },
    ...(options.follow ? { protocolProfileBehavior: { followRedirects: true } } : {}),
  };
}

async function run(
  items: PostmanItem[],
  options: { timeout?: number; maxResponseBytes?: number } = {},
): Promise<RawExchange[]> {
  const collection: PostmanCollection = {
    info: { _postman_id: 'x', name: 'hostile', description: '', schema: '' },
    item: items,
    variable: [],
  };
  const { exchanges } = await runNewman({
    collection,
    values: [{ key: 'base', value: server.url, secret: false }],
    timeoutRequest: options.timeout ?? 5000,
    ...(options.maxResponseBytes ? { maxResponseBytes: options.maxResponseBytes } : {}),
  });
  return exchanges;
}

describe('hostile server on the wire', () => {
  it('never follows a cross-origin redirect, even when redirects are followed: nothing reaches the other host', async () => {
    server.stolen.length = 0;
    const [exchange] = await run([item('/redirect-cross', { follow: true })]);
    expect(server.stolen).toEqual([]);
    expect(exchange?.wireFailure).toBe('redirect');
    expect(exchange?.error).toContain(server.url);
    expect(exchange?.error).toContain(server.otherUrl);
  });

  it('follows a same-origin redirect when allowed, and lists it', async () => {
    const [exchange] = await run([item('/redirect-same', { method: 'GET', follow: true })]);
    expect(exchange?.response?.status).toBe(200);
    expect(exchange?.redirects).toEqual([
      { status: 302, from: `${server.url}/redirect-same`, to: `${server.url}/ok` },
    ]);
  });

  it('stops a gzip bomb at the decoded limit, and the run goes on', async () => {
    const exchanges = await run([item('/gzip-bomb'), item('/deflate-bomb'), item('/ok')], {
      maxResponseBytes: 1024 * 1024,
    });
    expect(exchanges.map((e) => e.wireFailure)).toEqual([
      'response-too-large',
      'response-too-large',
      undefined,
    ]);
    expect(exchanges[0]?.error).toMatch(/1048576 bytes/);
    expect(exchanges[2]?.response?.status).toBe(200);
  });

  it('stops a plain body past the limit', async () => {
    const [exchange] = await run([item('/big')], { maxResponseBytes: 1024 * 1024 });
    expect(exchange?.wireFailure).toBe('response-too-large');
  });

  it('bounds the whole request: a drip fails at the deadline, not when it stops dripping', async () => {
    const started = Date.now();
    const exchanges = await run([item('/drip'), item('/ok')], { timeout: 800 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(exchanges[0]?.wireFailure).toBe('timeout');
    expect(exchanges[0]?.error).toMatch(/800 ms/);
    expect(exchanges[1]?.response?.status).toBe(200);
  });
});
