import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultPlanFor, parseFaultSpec } from '../../src/mock/edge/faults.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import {
  call,
  createVaBody,
  CREATE_VA_PATH,
  getToken,
  makePartner,
  TOKEN_PATH,
  transactionHeaders,
  type TestPartner,
} from './helpers.ts';

const FAULT = 'X-Kontrak-Fault';
let mock: RunningMock;
let tp: TestPartner;

beforeAll(async () => {
  tp = makePartner('FAULTTEST1');
  mock = await startMockBank({ partners: [tp.partner], faults: { '/v1.0/balance-inquiry': 'status=504' } });
});
afterAll(async () => {
  await mock.close();
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request; resolves with what arrived or rejects with the transport error. */
function rawRequest(path: string, headers: Record<string, string>, body = '{}'): Promise<Raw> {
  const url = new URL(mock.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', ...headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('aborted')));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('fault specs', () => {
  it('parses lists and rejects unknown items', () => {
    expect(parseFaultSpec('latency=250; status=503')).toEqual({
      ok: true,
      plan: { latencyMs: 250, status: 503 },
    });
    expect(parseFaultSpec('malformed-json,truncated , reset')).toEqual({
      ok: true,
      plan: { latencyMs: 0, malformedJson: true, truncated: true, reset: true },
    });
    expect(parseFaultSpec('clock=+180000')).toEqual({
      ok: true,
      plan: { latencyMs: 0, clockOffsetMs: 180_000_000 },
    });
    expect(parseFaultSpec('status=503; times=2')).toEqual({
      ok: true,
      plan: { latencyMs: 0, status: 503, times: 2 },
    });
    for (const bad of [
      'latency=-1',
      'latency=999999',
      'status=404',
      'explode',
      'reset=1',
      'latency',
      'clock',
      'clock=soon',
      'times=0',
      'times',
      'times=x',
    ]) {
      expect(parseFaultSpec(bad).ok, bad).toBe(false);
    }
  });

  it('matches item names in any case: each flag stays the fault it names', () => {
    expect(parseFaultSpec('Malformed-JSON')).toEqual({
      ok: true,
      plan: { latencyMs: 0, malformedJson: true },
    });
    expect(parseFaultSpec('TRUNCATED')).toEqual({ ok: true, plan: { latencyMs: 0, truncated: true } });
    expect(parseFaultSpec('Reset; Status=503; Times=1; LATENCY=5')).toEqual({
      ok: true,
      plan: { latencyMs: 5, reset: true, status: 503, times: 1 },
    });
    const bad = parseFaultSpec('Reset=1');
    expect(bad.ok ? '' : bad.reason).toMatch(/reset takes no value/);
  });

  it('lets the header override the configured faults and adds the global latency', () => {
    const parsed = faultPlanFor({
      header: 'status=500',
      configured: 'status=503;latency=20',
      baseLatencyMs: 5,
    });
    expect(parsed).toEqual({ ok: true, plan: { latencyMs: 25, status: 500 } });
  });
});

describe('X-Kontrak-Fault', () => {
  it('times=1 faults only the first request per external id', async () => {
    const statuses: number[] = [];
    for (const id of ['71', '71', '72', '71']) {
      const r = await rawRequest(TOKEN_PATH, { [FAULT]: 'status=503; times=1', 'X-EXTERNAL-ID': id });
      statuses.push(r.status);
    }
    // The token request has no valid signature, so a request past its fault gets a 401.
    expect(statuses).toEqual([503, 401, 503, 401]);
  });

  it('answers status=503 before any check, SNAP-shaped, on every route', async () => {
    const token = await call(mock.url + TOKEN_PATH, { headers: { [FAULT]: 'status=503' }, body: '{}' });
    expect(token.status).toBe(503);
    expect(token.json).toEqual({
      responseCode: '5037300',
      responseMessage: 'Service Unavailable. Fault injected (X-Kontrak-Fault)',
    });
    const unknown = await call(`${mock.url}/nowhere`, { headers: { [FAULT]: 'status=500' }, body: '{}' });
    expect(unknown.json['responseCode']).toBe('5000000');
    const bri = await call(`${mock.url}/v2.0/mpn/inquiryBilling`, {
      headers: { [FAULT]: 'status=504' },
      body: '{}',
    });
    expect(bri.status).toBe(504);
    expect(bri.json['status']).toMatchObject({ code: '0500' });
  });

  it('adds latency', async () => {
    const started = Date.now();
    const res = await call(mock.url + TOKEN_PATH, {
      headers: { [FAULT]: 'latency=300', 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.status).toBe(401);
  });

  it('malformed-json: processes the request, then breaks the body', async () => {
    const token = await getToken(mock.url, tp);
    const body = JSON.stringify(createVaBody());
    const headers = transactionHeaders({
      token,
      body,
      secret: tp.partner.clientSecret,
      partnerId: tp.partner.clientId,
      headers: { [FAULT]: 'malformed-json' },
    });
    const res = await rawRequest(CREATE_VA_PATH, headers, body);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(() => JSON.parse(res.text) as unknown).toThrow();
    expect(res.text.startsWith('{"responseCode":"2002700"')).toBe(true);
    // It was processed: the same trxId is now a duplicate.
    const again = transactionHeaders({
      token,
      body,
      secret: tp.partner.clientSecret,
      partnerId: tp.partner.clientId,
    });
    expect((await call(mock.url + CREATE_VA_PATH, { headers: again, body })).json['responseCode']).toBe(
      '4092701',
    );
  });

  it('clock: a request handled as if later finds a fresh token expired', async () => {
    const token = await getToken(mock.url, tp);
    const body = JSON.stringify(createVaBody());
    const later = transactionHeaders({
      token,
      body,
      secret: tp.partner.clientSecret,
      partnerId: tp.partner.clientId,
      headers: { [FAULT]: 'clock=+1000' },
    });
    const res = await call(mock.url + CREATE_VA_PATH, { headers: later, body });
    expect(res.status).toBe(401);
    expect(res.json['responseCode']).toBe('4012701');
    // Without the shift the same token is fine.
    const now = transactionHeaders({
      token,
      body,
      secret: tp.partner.clientSecret,
      partnerId: tp.partner.clientId,
    });
    expect((await call(mock.url + CREATE_VA_PATH, { headers: now, body })).json['responseCode']).toBe(
      '2002700',
    );
  });

  it('truncated: declares more bytes than it sends, then closes', async () => {
    const wire = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(mock.url).port), '127.0.0.1', () =>
        socket.write(
          `POST ${TOKEN_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n${FAULT}: truncated\r\n\r\n{}`,
        ),
      );
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.on('error', reject);
    });
    expect(wire).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    const declared = Number(/Content-Length: (\d+)/.exec(wire)?.[1]);
    const sent = Buffer.byteLength(wire.slice(wire.indexOf('\r\n\r\n') + 4));
    expect(sent).toBeGreaterThan(0);
    expect(declared).toBeGreaterThan(sent);
    await expect(rawRequest(TOKEN_PATH, { [FAULT]: 'truncated' })).rejects.toThrow();
    await expect(
      fetch(mock.url + TOKEN_PATH, { method: 'POST', headers: { [FAULT]: 'truncated' }, body: '{}' }).then(
        (r) => r.text(),
      ),
    ).rejects.toThrow();
  });

  it('reset: destroys the socket without an answer', async () => {
    await expect(rawRequest(TOKEN_PATH, { [FAULT]: 'reset' })).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it('answers an unknown fault with 400 in the route’s shape', async () => {
    const res = await call(mock.url + TOKEN_PATH, { headers: { [FAULT]: 'explode' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(res.json['responseCode']).toBe('4007300');
    expect(res.json['responseMessage']).toMatch(/X-Kontrak-Fault "explode" is not a fault/);
  });

  it('applies MockOptions.faults by path', async () => {
    const res = await call(`${mock.url}/v1.0/balance-inquiry`, { body: '{}' });
    expect(res.status).toBe(504);
    expect(res.json).toEqual({
      responseCode: '5041100',
      responseMessage: 'Timeout. Fault injected (X-Kontrak-Fault)',
    });
  });

  it('still serves after faults', async () => {
    expect(await getToken(mock.url, tp)).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe('MockOptions', () => {
  it('latencyMs delays every response', async () => {
    const slow = await startMockBank({ partners: [], latencyMs: 150 });
    try {
      const started = Date.now();
      await call(`${slow.url}/nowhere`, { body: '{}' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await slow.close();
    }
  });

  it('rejects a bad configured fault at start', async () => {
    await expect(startMockBank({ partners: [], faults: { '/x': 'status=418' } })).rejects.toThrow(
      /faults\["\/x"\]/,
    );
  });
});
