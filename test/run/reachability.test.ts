/**
 * A run that got no answer says why: nothing answered (refused, or silent until the deadline), or
 * something answered that is not HTTP (a garbage reply, a malformed status line).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { bankOverlays } from '../../src/load/bank-profiles.ts';
import { loadProject } from '../../src/load/project.ts';
import { generateMockCredentials } from '../../src/env/values.ts';
import { runSuites } from '../../src/run/run.ts';
import { reachabilityOf } from '../../src/run/reachability.ts';
import { PROVIDER_YAML, SUITE_YAML, tempProject } from '../support/project.ts';

const temp = tempProject({ 'collections/p.yaml': PROVIDER_YAML, 'collections/s.yaml': SUITE_YAML });
const loaded = loadProject(temp.root);
const project = loaded.value!;
const schemas = loadSchemas(join(temp.root, 'schemas'), undefined, {
  overlays: bankOverlays(temp.root),
}).value!;
const servers: Server[] = [];
const sockets = new Set<Socket>();

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  temp.cleanup();
});

/** A raw TCP server on 127.0.0.1 that treats every connection with `answer`; its port. */
async function rawServer(answer: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    answer(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const port = await rawServer(() => undefined);
  const server = servers.pop()!;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function runAgainst(port: number) {
  expect(loaded.diagnostics).toEqual([]);
  const result = await runSuites({
    project,
    schemas,
    environment: 'mock',
    targets: generateMockCredentials([project.providers.get('nicepay')!], `http://127.0.0.1:${port}`).values,
    suites: project.suites,
    timeoutRequest: 1500,
  });
  return { result, diagnostic: reachabilityOf(result) };
}

describe('a run that got no HTTP answer', () => {
  it('says nothing answered when the port refuses', async () => {
    const { diagnostic } = await runAgainst(await closedPort());
    expect(diagnostic).toMatchObject({ code: 'E_UNREACHABLE', message: 'no request reached the server' });
  });

  it('says nothing answered when the server accepts and stays silent past the deadline', async () => {
    const { diagnostic } = await runAgainst(await rawServer(() => undefined));
    expect(diagnostic).toMatchObject({ code: 'E_UNREACHABLE', message: 'no request reached the server' });
  });

  it.each([
    ['a reply that is not HTTP', 'SSH-2.0-OpenSSH_9.6\r\n'],
    ['a malformed status line', 'HTTP/1.1 OK200\r\nContent-Length: 0\r\n\r\n'],
  ])('tells %s apart from no answer', async (_what, reply) => {
    const port = await rawServer((socket) => {
      socket.once('data', () => socket.end(reply));
    });
    const { result, diagnostic } = await runAgainst(port);
    expect(diagnostic?.code).toBe('E_UNREADABLE_ANSWER');
    expect(diagnostic?.message).toMatch(/answered, but not in HTTP/);
    const [exchange] = result.suites[0]!.exchanges;
    expect(exchange?.failureClass).toBe('unreadable-response');
    expect(exchange?.error).toMatch(/not in HTTP/);
  });

  it('says nothing when a request was answered, even with an error status', async () => {
    const port = await rawServer((socket) => {
      socket.once('data', () =>
        socket.end('HTTP/1.1 500 Internal Server Error\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}'),
      );
    });
    const { diagnostic } = await runAgainst(port);
    expect(diagnostic).toBeUndefined();
  });
});
