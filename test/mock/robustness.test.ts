import { randomInt } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { BRI_PARTNER, expectProtocolShape, FUZZ_COUNT, fuzzRequest, signedFuzzRequest } from './fuzz.ts';
import {
  call,
  CREATE_VA_PATH,
  getToken,
  makePartner,
  TOKEN_PATH,
  transactionHeaders,
  type TestPartner,
} from './helpers.ts';

let mock: RunningMock;
let tp: TestPartner;
let token: string;

beforeAll(async () => {
  tp = makePartner();
  mock = await startMockBank({ partners: [tp.partner, BRI_PARTNER] });
  token = await getToken(mock.url, tp);
});
afterAll(async () => {
  await mock.close();
});

/** A SNAP error body whose code agrees with the HTTP status. */
function expectSnapShape(status: number, json: Record<string, unknown>): void {
  expect(json['responseCode']).toMatch(/^\d{7}$/);
  expect(String(json['responseCode']).slice(0, 3)).toBe(String(status));
  expect(typeof json['responseMessage']).toBe('string');
}

interface RawAnswer {
  status: number;
  contentType: string | undefined;
  text: string;
}

/** One request through node:http (which allows bodies on any method and odd headers). */
function send(options: {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  agent?: Agent;
}): Promise<RawAnswer> {
  const url = new URL(mock.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        headers: options.headers,
        agent: options.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'],
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Writes raw bytes on a socket and returns everything the server answers. */
function sendRaw(bytes: string): Promise<string> {
  const url = new URL(mock.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

describe('routing errors', () => {
  it('answers an unknown path with SNAP 404', async () => {
    const res = await call(`${mock.url}/nicepay/api/v1.0/nothing-here`, {
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(404);
    expect(res.json['responseCode']).toBe('4040000');
    expect(res.json['responseMessage']).toMatch(/^Not Found/);
  });

  it('answers a known path with the wrong method with SNAP 405 and Allow', async () => {
    const res = await call(mock.url + TOKEN_PATH, { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.json['responseCode']).toBe('4057300');
    expect(res.headers.get('allow')).toBe('POST');
    const del = await call(mock.url + CREATE_VA_PATH, { method: 'DELETE', body: '{}' });
    expect(del.status).toBe(405);
    expect(del.json['responseCode']).toBe('4052700');
  });
});

describe('hostile input', () => {
  it('answers a body over the size limit with SNAP 413', async () => {
    const res = await send({
      method: 'POST',
      path: TOKEN_PATH,
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(1024 * 1024 + 10, 0x20),
    });
    expect(res.status).toBe(413);
    expectSnapShape(res.status, JSON.parse(res.text) as Record<string, unknown>);
  });

  it('answers an invalid Content-Type and a bad URL with SNAP JSON', async () => {
    const ct = await send({
      method: 'POST',
      path: TOKEN_PATH,
      headers: { 'content-type': '@@@' },
      body: Buffer.from('{}'),
    });
    expectSnapShape(ct.status, JSON.parse(ct.text) as Record<string, unknown>);
    const url = await send({ method: 'POST', path: '/nicepay/%zz%', headers: {}, body: Buffer.from('{}') });
    expectSnapShape(url.status, JSON.parse(url.text) as Record<string, unknown>);
  });

  it('answers an unparsable HTTP request with SNAP JSON before closing', async () => {
    const raw = await sendRaw('BLAH /nicepay HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    const json = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expectSnapShape(400, json);
  });

  it('answers 5,000 randomised malformed requests across all emulations, 32 in flight, and still serves', async () => {
    const sign = (method: string, path: string, body: string) =>
      transactionHeaders({
        token,
        body,
        secret: tp.partner.clientSecret,
        partnerId: tp.partner.clientId,
        signedPath: path.replace('/nicepay', ''),
        method,
      });
    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    const stats = new Map<number, number>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < FUZZ_COUNT) {
        next += 1;
        const fuzz = randomInt(4) === 0 ? signedFuzzRequest(sign) : fuzzRequest(token);
        const res = await send({ ...fuzz, agent });
        const context = `${fuzz.method} ${fuzz.path} → ${res.status} ${res.text.slice(0, 200)}`;
        expect(res.contentType, context).toMatch(/^application\/json/);
        expect(res.status, context).toBeLessThan(500);
        expectProtocolShape(res.status, JSON.parse(res.text) as Record<string, unknown>, context);
        stats.set(res.status, (stats.get(res.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    agent.destroy();
    expect([...stats.values()].reduce((a, b) => a + b, 0)).toBe(FUZZ_COUNT);

    // Still up and still verifying, in every family.
    expect(await getToken(mock.url, tp)).toMatch(/^[A-Za-z0-9_-]+$/);
    const bri = await call(`${mock.url}/oauth/client_credential/accesstoken?grant_type=client_credentials`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `client_id=${BRI_PARTNER.clientId}&client_secret=${BRI_PARTNER.clientSecret}`,
    });
    expect(bri.json['status']).toBe('approved');
  });
});

describe('content types', () => {
  it('answers a JSON endpoint given another content type in the endpoint’s shape', async () => {
    const plain = await send({
      method: 'POST',
      path: CREATE_VA_PATH,
      headers: { 'content-type': 'text/plain' },
      body: Buffer.from('{}'),
    });
    expect(JSON.parse(plain.text)).toEqual({
      responseCode: '4002701',
      responseMessage: 'Invalid Field Format Content-Type',
    });
    const none = await send({
      method: 'POST',
      path: CREATE_VA_PATH,
      headers: { 'content-length': '2' },
      body: Buffer.from('{}'),
    });
    expect(JSON.parse(none.text)).toEqual({
      responseCode: '4002702',
      responseMessage: 'Invalid Mandatory Field Content-Type',
    });
    const bri = await send({
      method: 'POST',
      path: '/v2.0/mpn/payment',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.from('a=1'),
    });
    expect(bri.status).toBe(400);
    expect(JSON.parse(bri.text)).toEqual({
      status: { code: '0109', desc: 'Invalid request parameter (Content-Type must be application/json)' },
    });
    const token = await send({
      method: 'POST',
      path: '/oauth/client_credential/accesstoken?grant_type=client_credentials',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{}'),
    });
    expect(JSON.parse(token.text)).toMatchObject({ ErrorCode: 'invalid_request' });
  });
});

describe('startMockBank', () => {
  it('rejects a partner whose public key is not a PEM, except a BRI API v2 partner without one', async () => {
    await expect(startMockBank({ partners: [{ ...tp.partner, publicKeyPem: 'not a key' }] })).rejects.toThrow(
      /not a usable PEM/,
    );
    await expect(
      startMockBank({ partners: [{ ...tp.partner, provider: 'snap', publicKeyPem: '' }] }),
    ).rejects.toThrow(/not a usable PEM/);
    const briOnly = await startMockBank({
      partners: [{ provider: 'bri', clientId: 'k', clientSecret: 's', publicKeyPem: '' }],
    });
    await briOnly.close();
  });

  it('listens on the given host and port', async () => {
    const probe = await startMockBank({ partners: [] });
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const fixed = await startMockBank({ partners: [], host: '127.0.0.1', port });
    try {
      expect(fixed.url).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${fixed.url}/nowhere`)).status).toBe(404);
    } finally {
      await fixed.close();
    }
  });
});
