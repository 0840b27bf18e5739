/**
 * The mock's limits reach the client whatever its write timing: a 413 or 431 is read by a client
 * that is still writing (the mock reads and discards, answers, then closes), deep JSON is a
 * 400xx00 and not a 500, and a declared charset is honoured (UTF-8) or refused with 400xx00.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../../src/mock/app.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { call, makePartner, TOKEN_PATH } from './helpers.ts';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMockBank({ partners: [makePartner().partner] });
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

describe('mock limits', () => {
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

  it('answers deeply nested JSON with 400xx00, not 500', async () => {
    const body = `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const res = await call(`${mock.url}${TOKEN_PATH}`, {
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(res.status).toBe(400);
    expect(res.json['responseCode']).toMatch(/^400\d\d00$/);
    expect(String(res.json['responseMessage'])).toContain('nested deeper');
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
