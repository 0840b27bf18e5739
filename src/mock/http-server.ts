/**
 * The mock bank's HTTP server on node:http: long keep-alive, requests Node's parser rejects
 * answered with protocol JSON, `localhost` bound on every loopback address it resolves to, and a
 * close that refuses new work and ends each connection as soon as its answer is out.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { lookup } from 'node:dns/promises';
import type { AddressInfo, Socket } from 'node:net';
import { DISCARD_LIMIT } from './http-body.ts';
import { NO_SERVICE } from './snap-errors.ts';
import { formatJakartaTimestamp } from './time.ts';

/**
 * How long an idle keep-alive connection is kept open: longer than the 60 s idle timeout of
 * common client pools, so the mock is not the side closing a connection a client is reusing.
 */
const KEEP_ALIVE_MS = 72_000;

/** Handles one request; `closing`: it arrived after close() was called. */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse, closing: boolean) => void;

/** A listening server (one per address for `localhost`). */
export interface HttpEdge {
  port: number;
  /** Stops accepting connections, ends idle ones now and busy ones once answered; resolves when all are gone. */
  close(): Promise<void>;
}

/** Starts the server(s) on host/port (0: a free port). */
export async function listenHttp(options: {
  host: string;
  port: number;
  handle: RequestHandler;
  nowMs: () => number;
}): Promise<HttpEdge> {
  const servers: Server[] = [];
  let closing = false;
  let closed: Promise<void> | undefined;
  const make = (): Server => {
    const server = createServer((request, response) => {
      // Once closing, a connection whose answer is out is ended rather than kept alive.
      response.once('finish', () => {
        if (closing) setImmediate(() => server.closeIdleConnections());
      });
      options.handle(request, response, closing);
    });
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    server.requestTimeout = 0;
    server.setTimeout(0);
    server.on('clientError', (error: Error & { code?: string }, socket: Socket) =>
      writeClientError(error, socket, options.nowMs()),
    );
    servers.push(server);
    return server;
  };
  const hosts = options.host === 'localhost' ? await loopbackAddresses() : [options.host];
  const port = await listenOn(make(), hosts[0] ?? options.host, options.port);
  for (const host of hosts.slice(1)) {
    // Like `localhost` itself: the other family's loopback too, when this machine has it.
    await listenOn(make(), host, port).catch(() => servers.pop()?.close());
  }
  return {
    port,
    close() {
      closing = true;
      closed ??= Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeIdleConnections();
            }),
        ),
      ).then(() => undefined);
      return closed;
    },
  };
}

async function loopbackAddresses(): Promise<string[]> {
  const found = await lookup('localhost', { all: true });
  return [...new Set(found.map((a) => a.address))];
}

function listenOn(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Sockets already answered by writeClientError. */
const answeredClientErrors = new WeakSet<Socket>();

/** Answers a request Node's HTTP parser rejected (before any handler sees it), then closes the socket. */
function writeClientError(error: Error & { code?: string }, socket: Socket, nowMs: number): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // Node's parser goes on reading what the client still sends and fails on every read, each time
  // calling here again: the answer is on its way, the bytes are discarded (bounded), and
  // destroying the socket now would reset it under the client.
  if (answeredClientErrors.has(socket)) {
    if (socket.bytesRead > DISCARD_LIMIT) socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify({
    responseCode: `${status}${NO_SERVICE}00`,
    responseMessage: tooLarge ? 'Request Header Fields Too Large' : 'Bad Request. Malformed HTTP request',
  });
  // Like Node's default: answer only if nothing was written yet (else it would corrupt a response).
  if (socket.writable && socket.bytesWritten === 0) {
    answeredClientErrors.add(socket);
    // The client may still be writing: read and discard (a bounded amount), answer, end the
    // connection; destroying it at once would reset it before the client reads the answer.
    let discarded = 0;
    const close = (): void => {
      clearTimeout(timer);
      socket.destroy();
    };
    const timer = setTimeout(close, 2000);
    timer.unref();
    socket.on('data', (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > DISCARD_LIMIT) close();
    });
    socket.once('close', () => clearTimeout(timer));
    socket.resume();
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-TIMESTAMP: ${formatJakartaTimestamp(nowMs)}\r\nConnection: close\r\n\r\n${body}`,
    );
    return;
  }
  socket.destroy(error);
}
