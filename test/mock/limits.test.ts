/**
 * The mock's limits reach the client whatever its write timing: a 413 or 431 is read by a client
 * that is still writing (the mock reads and discards, answers, then closes), deep JSON is a
 * 400xx00 and not a 500, and a declared charset is honoured (UTF-8) or refused with 400xx00.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../../src/mock/edge/http-body.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import {
  call,
  CREATE_VA_PATH,
  createVaBody,
  getToken,
  jakartaTimestamp,
  makePartner,
  rsaSign,
  TOKEN_PATH,
  transactionHeaders,
  type TestPartner,
} from './helpers.ts';

let mock: RunningMock;
let partner: TestPartner;
beforeAll(async () => {
  partner = makePartner();
  mock = await startMockBank({ partners: [partner.partner] });
});
afterAll(() => mock.close());

/** Write `head`, then `chunks` one after another with a pause between, and read the answer. */
function slowClient(head: string, chunks: Buffer[], pauseMs: number): Promise<string> {
  const url = new URL(mock.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    socket.on('error', (e) => (answer ? resolve(answer) : reject(e)));
    socket.on('close', () => resolve(answer));
    socket.on('connect', () => {
      socket.write(head);
      let i = 0;
      const next = (): void => {
        if (i >= chunks.length || socket.destroyed || !socket.writable) return;
        socket.write(chunks[i++]!, () => setTimeout(next, pauseMs));
      };
      next();
    });
  });
}

/** What a real HTTP client (node:http) saw: the answer it read, or the error it got instead. */
interface ClientOutcome {
  status?: number;
  body?: string;
  error?: string;
}

/**
 * POST `total` bytes through node:http as a client on a slow or busy link does: 64 KiB at a time,
 * each write waiting for the last one and a pause. `headers` may be oversized too.
 */
function slowHttpPost(
  total: number,
  headers: Record<string, string>,
  pauseMs: number,
): Promise<ClientOutcome> {
  const url = new URL(mock.url);
  return new Promise((resolve) => {
    const outcome: ClientOutcome = {};
    const req = httpRequest({
      host: url.hostname,
      port: Number(url.port),
      path: TOKEN_PATH,
      method: 'POST',
      agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(total), ...headers },
    });
    req.on('response', (res) => {
      outcome.status = res.statusCode ?? 0;
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        outcome.body = body;
        resolve(outcome);
      });
      res.on('error', () => resolve(outcome));
    });
    req.on('error', (e) => {
      // An error after the answer was read (the server closed while we were still writing) is
      // what a client lives with; an error *instead* of the answer is the failure.
      if (outcome.status === undefined) {
        outcome.error = (e as NodeJS.ErrnoException).code ?? e.message;
        resolve(outcome);
      }
    });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const next = (): void => {
      if (req.destroyed || outcome.status !== undefined || sent >= total) {
        if (sent >= total) req.end();
        return;
      }
      const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += piece.length;
      req.write(piece, () => setTimeout(next, pauseMs));
    };
    next();
  });
}

/**
 * A client that writes its whole request before it reads a byte of the answer, as blocking HTTP
 * clients do (many bank SDKs): `head`, then `bodyBytes` in 64 KiB writes, each after the last
 * one was taken. A server that closes the connection while such a client is still writing resets
 * it: the write fails and the answer is never read.
 */
function writeThenRead(head: string, bodyBytes: number): Promise<ClientOutcome> {
  const url = new URL(mock.url);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    socket.pause(); // read nothing until everything is written
    let answer = '';
    let failed = false;
    socket.on('error', (e: NodeJS.ErrnoException) => {
      failed = true;
      resolve({ error: e.code ?? e.message });
    });
    socket.on('connect', () => {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const next = (): void => {
        if (failed) return;
        if (sent >= bodyBytes) {
          socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
          socket.on('end', () => {
            const status = /^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1];
            resolve({ ...(status ? { status: Number(status) } : {}), body: answer });
          });
          socket.resume();
          return;
        }
        const piece = chunk.subarray(0, Math.min(chunk.length, bodyBytes - sent));
        sent += piece.length;
        socket.write(piece, (err) => {
          if (!err) setImmediate(next);
        });
      };
      socket.write(head, (err) => {
        if (!err) next();
      });
    });
  });
}

describe('mock limits', () => {
  it('a client that writes its whole oversized body before reading gets the 413, not a reset', async () => {
    const total = BODY_LIMIT * 4;
    const outcome = await writeThenRead(
      `POST ${TOKEN_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${total}\r\n\r\n`,
      total,
    );
    expect(outcome).toMatchObject({ status: 413 });
    expect(outcome.body).toMatch(/"responseCode":"413\d{4}"/);
  });

  it('a client that writes oversized headers and a body before reading gets the 431, not a reset', async () => {
    const pad = Array.from({ length: 8 }, (_, i) => `X-Pad-${i}: ${'b'.repeat(4000)}\r\n`).join('');
    const total = 256 * 1024;
    const outcome = await writeThenRead(
      `POST ${TOKEN_PATH} HTTP/1.1\r\nHost: x\r\n${pad}Content-Type: application/json\r\nContent-Length: ${total}\r\n\r\n`,
      total,
    );
    expect(outcome).toMatchObject({ status: 431 });
    expect(outcome.body).toContain('"responseCode":"431');
  });

  it('a node:http client sending oversized headers, then a body, reads the 431, not a reset', async () => {
    const pad = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`X-Pad-${i}`, 'b'.repeat(4000)]));
    for (let round = 0; round < 5; round++) {
      const outcome = await slowHttpPost(BODY_LIMIT, pad, 1);
      expect(outcome, `round ${round}`).toMatchObject({ status: 431 });
      expect(outcome.body).toContain('"responseCode":"431');
    }
  });

  it('answers an oversized body with 413 even to a client still writing it', async () => {
    const total = BODY_LIMIT * 3;
    const chunks = Array.from({ length: 48 }, () => Buffer.alloc(total / 48, 0x61));
    const answer = await slowClient(
      `POST ${TOKEN_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${total}\r\n\r\n`,
      chunks,
      5,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/"responseCode":"413\d{4}"/);
  });

  it('answers oversized headers with 431 even to a client still writing them', async () => {
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.from(`X-Pad-${i}: ${'b'.repeat(4000)}\r\n`));
    const answer = await slowClient(`GET ${TOKEN_PATH} HTTP/1.1\r\nHost: x\r\n`, chunks, 5);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toContain('"responseCode":"431');
  });

  it('answers deeply nested JSON with 400xx00, not 500, once the signature is right', async () => {
    // Deep enough to overflow any recursive walk of the body, and far under the size limit.
    const deep = `{"grantType":"client_credentials","additionalInfo":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    const ts = jakartaTimestamp();
    const token = await call(`${mock.url}${TOKEN_PATH}`, {
      headers: {
        'Content-Type': 'application/json',
        'X-TIMESTAMP': ts,
        'X-CLIENT-KEY': partner.partner.clientId,
        'X-SIGNATURE': rsaSign(`${partner.partner.clientId}|${ts}`, partner.privateKey),
      },
      body: deep,
    });
    expect(token.status).toBe(400);
    expect(token.json['responseCode']).toBe('4007300');
    expect(String(token.json['responseMessage'])).toContain('nested deeper');

    const body = JSON.stringify(createVaBody({ note: 'DEEP' })).replace(
      '"DEEP"',
      `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
    );
    const created = await call(`${mock.url}${CREATE_VA_PATH}`, {
      headers: transactionHeaders({
        token: await getToken(mock.url, partner),
        body,
        secret: partner.partner.clientSecret,
        partnerId: partner.partner.clientId,
        bodyHash: 'as-sent',
      }),
      body,
    });
    expect(created.status).toBe(400);
    expect(created.json['responseCode']).toBe('4002700');
    expect(String(created.json['responseMessage'])).toContain('nested deeper');
  });

  it('refuses a declared charset other than UTF-8 with 400xx00, and honours utf-8', async () => {
    const latin1 = await call(`${mock.url}${TOKEN_PATH}`, {
      headers: { 'Content-Type': 'application/json; charset=iso-8859-1' },
      body: '{"grantType":"client_credentials"}',
    });
    expect(latin1.status).toBe(400);
    expect(latin1.json['responseCode']).toMatch(/^400\d\d00$/);
    expect(String(latin1.json['responseMessage'])).toContain('iso-8859-1');
    const utf8 = await call(`${mock.url}${TOKEN_PATH}`, {
      headers: { 'Content-Type': 'application/json; charset=UTF-8' },
      body: '{"grantType":"client_credentials"}',
    });
    // Not refused for its charset: it fails later, for its missing signature headers.
    expect(String(utf8.json['responseMessage'])).not.toContain('charset');
  });
});
