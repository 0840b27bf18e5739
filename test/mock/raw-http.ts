/**
 * A raw HTTP/1.1 client for edge-case tests: writes exactly the bytes given (pauses between
 * parts), parses every response the server sends on the connection, and says whether the server
 * ended it. Nothing here normalises what a real client library would hide.
 */
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  /** Header names as sent on the wire, in order. */
  names: string[];
  /** Lower-case header name → value (the last one when repeated). */
  headers: Record<string, string>;
  body: string;
}

export interface RawExchange {
  responses: RawResponse[];
  /** The server ended or closed the connection before the client did. */
  ended: boolean;
  /** Bytes that did not parse as a complete response (a cut-off answer). */
  rest: string;
}

export interface ExchangeOptions {
  /** Resolve once this many responses were read and the connection stayed open a moment. */
  responses?: number;
  /** Requests whose responses have no body (HEAD), by position. */
  headless?: number[];
  /** Half-close (FIN) after the last part. */
  halfClose?: boolean;
  /** How long to watch for the server ending the connection once the responses are in; default 150 ms. */
  graceMs?: number;
}

/** A request in origin form with Host, and a Content-Length when there is a body. */
export function rawRequest(method: string, target: string, headers: string[] = [], body = ''): string {
  const length = body === '' ? [] : [`Content-Length: ${Buffer.byteLength(body)}`];
  return `${method} ${target} HTTP/1.1\r\nHost: x\r\n${[...headers, ...length].map((h) => `${h}\r\n`).join('')}\r\n${body}`;
}

/** Writes `parts` (a number is a pause in ms) on a new connection and reads what comes back. */
export function exchange(
  baseUrl: string,
  parts: (string | Buffer | number)[],
  options: ExchangeOptions = {},
): Promise<RawExchange> {
  const url = new URL(baseUrl);
  const wanted = options.responses ?? 1;
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let received: Buffer = Buffer.alloc(0);
    let settled = false;
    let grace: NodeJS.Timeout | undefined;
    const finish = (ended: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(grace);
      clearTimeout(deadline);
      socket.destroy();
      resolve({ ...parseResponses(received, options.headless ?? []), ended });
    };
    const deadline = setTimeout(() => finish(false), 5000);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (parseResponses(received, options.headless ?? []).responses.length >= wanted) {
        clearTimeout(grace);
        grace = setTimeout(() => finish(false), options.graceMs ?? 150);
      }
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', () => {
      void (async () => {
        for (const part of parts) {
          if (typeof part === 'number') await new Promise((r) => setTimeout(r, part));
          else if (!socket.destroyed) socket.write(part);
        }
        if (options.halfClose === true && !socket.destroyed) socket.end();
      })();
    });
  });
}

/** Splits the bytes into complete responses (Content-Length or chunked bodies). */
export function parseResponses(bytes: Buffer, headless: number[] = []): Omit<RawExchange, 'ended'> {
  const responses: RawResponse[] = [];
  let at = 0;
  for (;;) {
    const headEnd = bytes.indexOf('\r\n\r\n', at);
    if (headEnd === -1) break;
    const lines = bytes.subarray(at, headEnd).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
    const names: string[] = [];
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      names.push(line.slice(0, colon));
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    let bodyStart = headEnd + 4;
    if (status === 100) {
      responses.push({ status, names, headers, body: '' });
      at = bodyStart;
      continue;
    }
    let body: Buffer = Buffer.alloc(0);
    if (headers['transfer-encoding'] === 'chunked') {
      const chunks: Buffer[] = [];
      for (;;) {
        const sizeEnd = bytes.indexOf('\r\n', bodyStart);
        if (sizeEnd === -1) return { responses, rest: bytes.subarray(at).toString('latin1') };
        const size = parseInt(bytes.subarray(bodyStart, sizeEnd).toString('latin1'), 16);
        if (bytes.length < sizeEnd + 2 + size + 2)
          return { responses, rest: bytes.subarray(at).toString('latin1') };
        chunks.push(bytes.subarray(sizeEnd + 2, sizeEnd + 2 + size));
        bodyStart = sizeEnd + 2 + size + 2;
        if (size === 0) break;
      }
      body = Buffer.concat(chunks);
    } else if (!headless.includes(responses.filter((r) => r.status !== 100).length)) {
      const length = Number(headers['content-length'] ?? 0);
      if (bytes.length < bodyStart + length) break;
      body = bytes.subarray(bodyStart, bodyStart + length);
      bodyStart += length;
    }
    responses.push({ status, names, headers, body: body.toString('utf8') });
    at = bodyStart;
  }
  return { responses, rest: bytes.subarray(at).toString('latin1') };
}

/** The JSON body of a response. */
export function jsonOf(response: RawResponse | undefined): Record<string, unknown> {
  if (response === undefined) throw new Error('no response');
  return JSON.parse(response.body) as Record<string, unknown>;
}
