import { randomBytes, randomInt } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { call, CREATE_VA_PATH, createVaBody, getToken, jakartaTimestamp, makePartner, TOKEN_PATH, type TestPartner } from './helpers.ts';

let mock: RunningMock;
let tp: TestPartner;
let token: string;

beforeAll(async () => {
  tp = makePartner();
  mock = await startMockBank({ partners: [tp.partner] });
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
function send(options: { method: string; path: string; headers: Record<string, string>; body?: Buffer }): Promise<RawAnswer> {
  const url = new URL(mock.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: options.method, path: options.path, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], text: Buffer.concat(chunks).toString('utf8') }));
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
    const res = await call(`${mock.url}/nicepay/api/v1.0/nothing-here`, { body: '{}', headers: { 'Content-Type': 'application/json' } });
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
    const res = await send({ method: 'POST', path: TOKEN_PATH, headers: { 'content-type': 'application/json' }, body: Buffer.alloc(1024 * 1024 + 10, 0x20) });
    expect(res.status).toBe(413);
    expectSnapShape(res.status, JSON.parse(res.text) as Record<string, unknown>);
  });

  it('answers an invalid Content-Type and a bad URL with SNAP JSON', async () => {
    const ct = await send({ method: 'POST', path: TOKEN_PATH, headers: { 'content-type': '@@@' }, body: Buffer.from('{}') });
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

  it('survives ~300 randomised garbage requests, always answering SNAP JSON', async () => {
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
    const paths = [TOKEN_PATH, CREATE_VA_PATH, '/', '/nicepay', '/nicepay/api/v1.0/transfer-va/create-va/', `${CREATE_VA_PATH}?a=1&b=%zz`, '/%00', '/nicepay/v1.0/access-token/b2b2c', `/${randomBytes(8).toString('hex')}`];
    const contentTypes = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml'];
    const bodies = (): Buffer => {
      const pick = randomInt(8);
      if (pick === 0) return randomBytes(randomInt(1, 400));
      if (pick === 1) return Buffer.from(JSON.stringify(createVaBody()).slice(0, randomInt(1, 60)));
      if (pick === 2) return Buffer.from(JSON.stringify(createVaBody({ totalAmount: randomInt(2) === 0 ? 'x' : null, trxId: { a: 1 }, virtualAccountName: ['x'] })));
      if (pick === 3) return Buffer.from(JSON.stringify([null, 1, 'a']));
      if (pick === 4) return Buffer.from('null');
      if (pick === 5) return Buffer.from(JSON.stringify({ grantType: randomInt(2) === 0 ? 'client_credentials' : 7, additionalInfo: 'x' }));
      if (pick === 6) return Buffer.from('"\\ud800"');
      return Buffer.alloc(0);
    };
    const headerValues = (): string => {
      const pick = randomInt(5);
      if (pick === 0) return '';
      if (pick === 1) return randomBytes(randomInt(1, 40)).toString('base64');
      if (pick === 2) return jakartaTimestamp(Date.now() + randomInt(-1000, 1000) * 1000, randomInt(2) === 0);
      if (pick === 3) return `Bearer ${randomInt(2) === 0 ? token : randomBytes(8).toString('hex')}`;
      return String(randomInt(1e9));
    };
    const headerNames = ['authorization', 'x-timestamp', 'x-signature', 'x-client-key', 'x-partner-id', 'x-external-id', 'channel-id'];

    for (let i = 0; i < 300; i++) {
      // Mostly POSTs to the real endpoints, so the garbage reaches the protocol checks, not only routing.
      const method = randomInt(3) === 0 ? (methods[randomInt(methods.length)] as string) : 'POST';
      const path = randomInt(4) === 0 ? (paths[randomInt(paths.length)] as string) : randomInt(2) === 0 ? TOKEN_PATH : CREATE_VA_PATH;
      const headers: Record<string, string> = {};
      for (const name of headerNames) if (randomInt(2) === 0) headers[name] = headerValues();
      if (randomInt(4) !== 0) headers['content-type'] = contentTypes[randomInt(contentTypes.length)] as string;
      if (randomInt(3) === 0) headers['x-client-key'] = tp.partner.clientId;
      const body = randomInt(6) === 0 ? undefined : bodies();
      // Frame every body explicitly: node:http sends GET/DELETE/OPTIONS bodies unframed otherwise.
      if (body !== undefined) headers['content-length'] = String(body.length);
      const res = await send({ method, path, headers, body });
      const context = `${method} ${res.status} ${res.text.slice(0, 200)}`;
      expect(res.contentType, context).toMatch(/^application\/json/);
      const json = JSON.parse(res.text) as Record<string, unknown>;
      expectSnapShape(res.status, json);
      expect(res.status, context).toBeLessThan(500);
    }

    // Still up and still verifying.
    expect(await getToken(mock.url, tp)).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe('startMockBank', () => {
  it('rejects a partner whose public key is not a PEM', async () => {
    await expect(startMockBank({ partners: [{ ...tp.partner, publicKeyPem: 'not a key' }] })).rejects.toThrow(/not a usable PEM/);
  });
});
