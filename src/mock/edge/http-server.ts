/**
 * The mock bank's HTTP server on node:http: long keep-alive, requests Node's parser rejects
 * answered with protocol JSON (after the answers to the requests before them on the connection),
 * a deadline on every request, `localhost` bound on every loopback address it resolves to, and a
 * close that refuses new work and ends each connection as soon as its answer is out.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { lookup } from 'node:dns/promises';
import type { AddressInfo, Socket } from 'node:net';
import { BODY_DEADLINE_MS, DISCARD_LIMIT } from './http-body.ts';
import { CODES } from '../../diagnostics/codes.ts';
import { error as diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.ts';
import { NO_SERVICE } from '../snap-errors.ts';
import { formatJakartaTimestamp } from '../gate/time.ts';

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
  /** The handler's deadline for a request body (ms); default BODY_DEADLINE_MS. */
  bodyDeadlineMs?: number;
}): Promise<HttpEdge> {
  const servers: Server[] = [];
  let closing = false;
  let closed: Promise<void> | undefined;
  const deadline = options.bodyDeadlineMs ?? BODY_DEADLINE_MS;
  const make = (): Server => {
    const server = createServer(
      {
        // The handler answers a slow body with 408 at `deadline`; Node's own request timeout
        // (checked every connectionsCheckingInterval) is the backstop for slow headers and for a
        // body no handler reads, whose request was answered already.
        headersTimeout: deadline,
        requestTimeout: 2 * deadline,
        connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(deadline / 4))),
      },
      (request, response) => {
        track(request, response);
        // Once closing, a connection whose answer is out is ended rather than kept alive.
        response.once('finish', () => {
          if (closing) setImmediate(() => server.closeIdleConnections());
        });
        options.handle(request, response, closing);
      },
    );
    server.keepAliveTimeout = KEEP_ALIVE_MS;
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

/**
 * Why a server could not listen, as a diagnostic: the port taken (E_PORT_IN_USE), or an address
 * or port this machine will not give (E_LISTEN); undefined for any other error.
 */
function listenDiagnostic(failure: unknown, host: string, port: number): Diagnostic | undefined {
  const code = (failure as NodeJS.ErrnoException | undefined)?.code;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (code === 'EADDRINUSE')
    return diagnostic('E_PORT_IN_USE', `${where} is already in use by another program`, {
      hint: CODES.E_PORT_IN_USE.hint,
    });
  if (code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return diagnostic('E_LISTEN', `cannot listen on ${where} (${code})`, {
      hint:
        code === 'EACCES'
          ? 'ports below 1024 need privileges: choose a --port above 1023'
          : 'give --host an address of this machine, such as 127.0.0.1',
    });
  return undefined;
}

/** The started server, or why it could not listen as a diagnostic; any other failure is thrown on. */
export async function startedOr<T>(
  starting: Promise<T>,
  host: string,
  port: number,
): Promise<{ ok: true; server: T } | { ok: false; diagnostic: Diagnostic }> {
  try {
    return { ok: true, server: await starting };
  } catch (failure) {
    const diagnostic = listenDiagnostic(failure, host, port);
    if (diagnostic === undefined) throw failure;
    return { ok: false, diagnostic };
  }
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

/** What a connection is doing: its answers not yet out, and the request it read last. */
interface ConnectionState {
  pending: Set<ServerResponse>;
  last: IncomingMessage;
}
const connections = new WeakMap<Socket, ConnectionState>();

function track(request: IncomingMessage, response: ServerResponse): void {
  const socket = request.socket;
  const state = connections.get(socket) ?? { pending: new Set<ServerResponse>(), last: request };
  state.last = request;
  state.pending.add(response);
  const done = (): void => {
    state.pending.delete(response);
  };
  response.once('finish', done);
  response.once('close', done);
  connections.set(socket, state);
}

/** Sockets already answered by writeClientError. */
const answeredClientErrors = new WeakSet<Socket>();

/** The status line and message of a request Node's parser (or its request timeout) refused. */
function refusalOf(code: string | undefined): { status: number; text: string; message: string } {
  if (code === 'HPE_HEADER_OVERFLOW')
    return {
      status: 431,
      text: 'Request Header Fields Too Large',
      message: 'Request Header Fields Too Large',
    };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return {
      status: 408,
      text: 'Request Timeout',
      message: 'Request Timeout. The request did not arrive in time',
    };
  return { status: 400, text: 'Bad Request', message: 'Bad Request. Malformed HTTP request' };
}

/**
 * Answers a request Node's HTTP parser rejected (before any handler sees it), then closes the
 * socket. Requests read before it on the connection are answered first: the refusal is written
 * once their answers are out, so each client reads the answer to what it sent, in order.
 */
function writeClientError(error: Error & { code?: string }, socket: Socket, nowMs: number): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // Node's parser goes on reading what the client still sends and fails on every read, each time
  // calling here again: the answer is on its way, the bytes are discarded (bounded), and
  // destroying the socket now would reset it under the client.
  if (answeredClientErrors.has(socket)) {
    if (socket.bytesRead > DISCARD_LIMIT) socket.destroy();
    return;
  }
  const pending = [...(connections.get(socket)?.pending ?? [])];
  const last = connections.get(socket)?.last;
  const current = last && !last.complete ? last : undefined;
  if (current) {
    // The error is in the body of a request a handler answered already (or is answering): a
    // second answer would be read as the answer to the client's next request.
    const answer = pending.find((r) => r.req === current);
    if (answer === undefined || answer.headersSent) {
      socket.destroy();
      return;
    }
  }
  answeredClientErrors.add(socket);
  const before = pending.filter((r) => r.req !== current);
  // The client may still be writing: read and discard (a bounded amount), answer, end the
  // connection; destroying it at once would reset it before the client reads the answer.
  socket.resume();
  whenWritten(before, () => {
    if (!socket.writable || socket.writableEnded) {
      socket.destroy();
      return;
    }
    const timer = setTimeout(() => socket.destroy(), 2000);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    const { status, text, message } = refusalOf(error.code);
    const body = JSON.stringify({ responseCode: `${status}${NO_SERVICE}00`, responseMessage: message });
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-TIMESTAMP: ${formatJakartaTimestamp(nowMs)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

/** Calls `then` once every response has been written (or its connection is gone). */
function whenWritten(responses: ServerResponse[], then: () => void): void {
  let left = responses.filter((r) => !r.writableFinished && !r.destroyed).length;
  if (left === 0) {
    then();
    return;
  }
  const one = (): void => {
    left--;
    if (left === 0) then();
  };
  for (const response of responses) {
    if (response.writableFinished || response.destroyed) continue;
    let counted = false;
    const once = (): void => {
      if (counted) return;
      counted = true;
      one();
    };
    response.once('finish', once);
    response.once('close', once);
  }
}
