/**
 * The mock's HTTP edge, connections: keep-alive and pipelining, what closes a connection (a
 * refused body, a malformed message, HTTP/1.0), and what clients see while the mock shuts down.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { makePartner, TOKEN_PATH } from './helpers.ts';
import { exchange, jsonOf, parseResponses, rawRequest } from './raw-http.ts';

const JSON_TYPE = ['Content-Type: application/json'];
const MALFORMED = { responseCode: '4000000', responseMessage: 'Bad Request. Malformed HTTP request' };

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMockBank({ partners: [makePartner().partner] });
});
afterAll(() => mock.close());

describe('keep-alive', () => {
  it('serves requests one after another and pipelined on one connection, in order', async () => {
    const sequential = await exchange(
      mock.url,
      [rawRequest('GET', '/first'), 50, rawRequest('POST', TOKEN_PATH, JSON_TYPE, '{}')],
      { responses: 2 },
    );
    expect(sequential.responses.map((r) => r.status)).toEqual([404, 401]);
    expect(sequential.ended).toBe(false);
    const pipelined = await exchange(
      mock.url,
      [rawRequest('GET', '/first') + rawRequest('HEAD', '/second') + rawRequest('GET', '/third')],
      { responses: 3, headless: [1] },
    );
    expect(
      pipelined.responses.map((r) => [r.status, r.body === '' ? '' : jsonOf(r)['responseMessage']]),
    ).toEqual([
      [404, 'Not Found. No endpoint GET /first'],
      [404, ''],
      [404, 'Not Found. No endpoint GET /third'],
    ]);
    expect(pipelined.ended).toBe(false);
  });

  it('closes after an HTTP/1.0 request unless it asks for keep-alive, and after Connection: close', async () => {
    const plain = await exchange(mock.url, ['GET /nowhere HTTP/1.0\r\n\r\n']);
    expect([plain.responses[0]?.status, plain.responses[0]?.headers['connection'], plain.ended]).toEqual([
      404,
      'close',
      true,
    ]);
    const kept = await exchange(mock.url, ['GET /nowhere HTTP/1.0\r\nConnection: keep-alive\r\n\r\n']);
    expect([kept.responses[0]?.headers['connection'], kept.ended]).toEqual(['keep-alive', false]);
    const asked = await exchange(mock.url, [rawRequest('GET', '/nowhere', ['Connection: close'])]);
    expect(asked.ended).toBe(true);
  });

  it('answers Expect: 100-continue with 100 before reading the body', async () => {
    const res = await exchange(
      mock.url,
      [
        `POST ${TOKEN_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n`,
        100,
        '{}',
      ],
      { responses: 2 },
    );
    expect(res.responses.map((r) => r.status)).toEqual([100, 401]);
  });
});

describe('refused bodies close the connection', () => {
  it('after a charset, UTF-8 or nesting refusal: Connection: close, and nothing more is read', async () => {
    for (const [headers, body] of [
      [['Content-Type: application/json; charset=latin1'], Buffer.from('{}')],
      [['Content-Type: application/json'], Buffer.from([0xc3, 0x28])],
      [[], Buffer.from([0xc3, 0x28])],
      [['Content-Type: application/json'], Buffer.from('['.repeat(70))],
      [
        ['Content-Type: application/json; charset=latin1', 'X-Kontrak-Fault: malformed-json'],
        Buffer.from('{}'),
      ],
    ] as const) {
      const head = rawRequest('POST', TOKEN_PATH, [...headers, `Content-Length: ${body.length}`]);
      const res = await exchange(mock.url, [head, body, 50, rawRequest('GET', '/nowhere')], { responses: 2 });
      expect(
        res.responses.map((r) => r.status),
        headers.join(),
      ).toEqual([400]);
      expect(res.responses[0]?.headers['connection']).toBe('close');
      expect(res.ended).toBe(true);
    }
  });

  it('a body over the limit, chunked, is a 413 in the endpoint’s shape, then the connection closes', async () => {
    const size = 1024 * 1024 + 1024;
    const res = await exchange(mock.url, [
      `POST /v2.0/x HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${size.toString(16)}\r\n`,
      Buffer.alloc(size, 0x20),
      '\r\n0\r\n\r\n',
    ]);
    expect(res.responses[0]?.status).toBe(413);
    expect(jsonOf(res.responses[0])).toEqual({
      status: { code: '0109', desc: 'Invalid request parameter (Request body is too large)' },
    });
    expect(res.responses[0]?.headers['connection']).toBe('close');
    expect(res.ended).toBe(true);
  });
});

describe('malformed messages', () => {
  const head = `POST ${TOKEN_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n`;

  it('answer 400 "Malformed HTTP request" and close, whatever is wrong with the framing', async () => {
    for (const bytes of [
      `${head}Content-Length: abc\r\n\r\n{}`,
      `${head}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
      `${head}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
      `GET /nowhere HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n`,
    ]) {
      const res = await exchange(mock.url, [bytes]);
      expect(
        res.responses.map((r) => r.status),
        bytes,
      ).toEqual([400]);
      expect(jsonOf(res.responses[0])).toEqual(MALFORMED);
      expect(res.responses[0]?.headers['x-timestamp']).toBeDefined();
      expect(res.ended).toBe(true);
    }
  });

  it('bytes after a complete request are a malformed next request: the first is answered, then 400', async () => {
    const res = await exchange(mock.url, [`${head}Content-Length: 2\r\n\r\n{}XYZ`]);
    expect(res.responses.map((r) => r.status)).toEqual([401, 400]);
    expect(jsonOf(res.responses[1])).toEqual(MALFORMED);
    expect(res.ended).toBe(true);
  });

  it('a body shorter than its Content-Length, then the end of the stream: 400', async () => {
    const res = await exchange(mock.url, [`${head}Content-Length: 10\r\n\r\n{}`, 50], { halfClose: true });
    expect(jsonOf(res.responses[0])).toEqual(MALFORMED);
  });

  it('an HTTP/1.1 request without Host: 400 and close', async () => {
    const res = await exchange(mock.url, ['GET /nowhere HTTP/1.1\r\n\r\n']);
    expect(res.responses[0]?.status).toBe(400);
    expect(res.ended).toBe(true);
  });
});

describe('oversized headers', () => {
  const pad = Array.from({ length: 8 }, (_, i) => `X-Pad-${i}: ${'b'.repeat(4000)}`);
  const TOO_LARGE = {
    responseCode: '4310000',
    responseMessage: 'Request Header Fields Too Large',
  };

  it('on a kept-alive connection, after an answered request: 431, then the connection closes', async () => {
    const res = await exchange(
      mock.url,
      [rawRequest('GET', '/first'), 50, rawRequest('GET', '/second', pad)],
      { responses: 2 },
    );
    expect(res.responses.map((r) => r.status)).toEqual([404, 431]);
    expect(jsonOf(res.responses[1])).toEqual(TOO_LARGE);
    expect(res.ended).toBe(true);
  });

  it('pipelined behind a request: its answer first, then the 431', async () => {
    const res = await exchange(
      mock.url,
      [rawRequest('GET', '/slow', ['X-Kontrak-Fault: latency=100']) + rawRequest('GET', '/second', pad)],
      { responses: 2 },
    );
    expect(res.responses.map((r) => r.status)).toEqual([404, 431]);
    expect(jsonOf(res.responses[0])['responseMessage']).toBe('Not Found. No endpoint GET /slow');
    expect(res.ended).toBe(true);
  });

  it('reach every one of 60 clients at once, each on a connection that served a request before', async () => {
    const all = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        exchange(mock.url, [rawRequest('GET', `/client-${i}`), 20, rawRequest('GET', '/big', pad)], {
          responses: 2,
        }),
      ),
    );
    const statuses = all.map((res) => res.responses.map((r) => r.status).join(','));
    expect(statuses.filter((s) => s !== '404,431')).toEqual([]);
  });
});

describe('faults on the edge', () => {
  it('apply before the Content-Type check, and truncated cuts a 415 too', async () => {
    const first = await exchange(mock.url, [
      rawRequest('POST', TOKEN_PATH, ['Content-Type: @@@', 'X-Kontrak-Fault: status=500'], '{}'),
    ]);
    expect(jsonOf(first.responses[0])['responseCode']).toBe('5007300');
    const cut = await exchange(mock.url, [
      rawRequest('POST', TOKEN_PATH, ['Content-Type: @@@', 'X-Kontrak-Fault: truncated'], '{}'),
    ]);
    expect(cut.responses).toHaveLength(0);
    expect(cut.rest).toMatch(/^HTTP\/1\.1 415 Unsupported Media Type\r\n/);
    expect(cut.ended).toBe(true);
  });
});

describe('closing', () => {
  /** A connection that collects what it receives. */
  function open(url: string): Promise<{ socket: Socket; received: () => Buffer; ended: Promise<void> }> {
    const { port, hostname } = new URL(url);
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      const socket = connect(Number(port), hostname);
      const ended = new Promise<void>((done) => socket.once('close', () => done()));
      socket.on('data', (d: Buffer) => chunks.push(d));
      socket.on('error', () => undefined);
      socket.once('connect', () => resolve({ socket, received: () => Buffer.concat(chunks), ended }));
    });
  }

  it('closes idle connections, refuses new ones, answers the request in flight, 503s the next', async () => {
    const closing = await startMockBank({ partners: [] });
    const idle = await open(closing.url);
    idle.socket.write(rawRequest('GET', '/idle'));
    const busy = await open(closing.url);
    await new Promise((r) => setTimeout(r, 100));
    busy.socket.write(rawRequest('GET', '/slow', ['X-Kontrak-Fault: latency=300']));
    await new Promise((r) => setTimeout(r, 50));
    const closed = closing.close();
    await idle.ended;
    expect(parseResponses(idle.received()).responses.map((r) => r.status)).toEqual([404]);
    await expect(fetch(`${closing.url}/nowhere`)).rejects.toThrow();
    // Pipelined behind the one in flight, so it arrives while the mock is closing.
    busy.socket.write(rawRequest('GET', '/while-closing'));
    await busy.ended;
    const answers = parseResponses(busy.received()).responses;
    expect(answers.map((r) => r.status)).toEqual([404, 503]);
    expect(jsonOf(answers[0])['responseMessage']).toBe('Not Found. No endpoint GET /slow');
    expect(answers[1]?.headers['connection']).toMatch(/^close$/i);
    await closed;
  });
});

describe('closing, without waiting on clients', () => {
  it('ends a kept-alive connection once its answer is out, so close() resolves at once', async () => {
    const closing = await startMockBank({ partners: [] });
    const { port, hostname } = new URL(closing.url);
    const busy = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    busy.on('data', (d: Buffer) => chunks.push(d));
    const ended = new Promise<void>((done) => busy.once('end', () => done()));
    await new Promise((r) => busy.once('connect', r));
    busy.write(rawRequest('POST', TOKEN_PATH, ['X-Kontrak-Fault: latency=200'], '{}'));
    // A client that keeps its connection open and sends nothing more.
    const quiet = connect(Number(port), hostname, () =>
      quiet.write(rawRequest('GET', '/slow', ['X-Kontrak-Fault: latency=200'])),
    );
    const quietEnded = new Promise<void>((done) => quiet.once('end', () => done()));
    quiet.resume();
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    const closed = closing.close();
    busy.write(rawRequest('POST', TOKEN_PATH, JSON_TYPE, '{}'));
    await closed;
    // The client never hung up: the mock did, after answering.
    expect(performance.now() - started).toBeLessThan(2000);
    await Promise.all([ended, quietEnded]);
    const [inFlight, refused] = parseResponses(Buffer.concat(chunks)).responses;
    expect(inFlight?.status).toBe(400);
    expect(refused?.status).toBe(503);
    expect(refused?.headers['connection']).toBe('close');
    expect(refused?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(jsonOf(refused)).toEqual({
      responseCode: '5037300',
      responseMessage: 'Service Unavailable. The mock bank is shutting down',
    });
    busy.destroy();
    quiet.destroy();
  });
});
