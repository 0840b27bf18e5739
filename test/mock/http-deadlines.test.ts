/**
 * The HTTP edge the mock bank and the reference partner share, against clients that send too
 * slowly: a body still coming in at the whole-body deadline is refused with a protocol-shaped
 * 408 and the connection is closed, instead of being held open for as long as the client likes.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_DEADLINE_MS } from '../../src/mock/edge/http-body.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { startPartner } from '../../src/partner/server.ts';
import { makePartner, TOKEN_PATH } from './helpers.ts';
import { exchange, jsonOf } from './raw-http.ts';

/** Short, so the test does not wait the default; the slow client sends far more slowly than it allows. */
const DEADLINE_MS = 300;

/** A request head declaring 100 bytes, then one byte every 100 ms: 40 of them (4 s) at most. */
function trickle(target: string): (string | number)[] {
  const head = `POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
  return [head, ...Array.from({ length: 40 }, () => ['{', 100] as const).flat()];
}

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMockBank({ partners: [makePartner().partner], bodyDeadlineMs: DEADLINE_MS });
});
afterAll(() => mock.close());

describe('the whole-body deadline', () => {
  it('is a documented default of tens of seconds, far above what an honest client needs', () => {
    expect(BODY_DEADLINE_MS).toBeGreaterThanOrEqual(10_000);
    expect(BODY_DEADLINE_MS).toBeLessThanOrEqual(120_000);
  });

  it('the mock answers a body sent a byte at a time with 408 in the endpoint’s shape, and closes', async () => {
    const res = await exchange(mock.url, trickle(TOKEN_PATH));
    expect(res.responses.map((r) => r.status)).toEqual([408]);
    expect(jsonOf(res.responses[0])).toEqual({
      responseCode: '4087300',
      // SNAP has no 408 case: the status and code prefix are kept, the message is the 400 one.
      responseMessage: 'Bad Request. The request body did not arrive in time',
    });
    expect(res.responses[0]?.headers['connection']).toBe('close');
    expect(res.ended).toBe(true);
  });

  it('a BRI path gets the 408 in the BRI gateway shape', async () => {
    const res = await exchange(mock.url, trickle('/v2.0/x'));
    expect(res.responses[0]?.status).toBe(408);
    expect(jsonOf(res.responses[0])).toEqual({
      status: { code: '0109', desc: 'Invalid request parameter (The request body did not arrive in time)' },
    });
    expect(res.ended).toBe(true);
  });

  it('headers sent a line at a time past the deadline: 408 and the connection closed', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => [`X-Slow-${i}: 1\r\n`, 100] as const).flat();
    const res = await exchange(mock.url, [`GET /nowhere HTTP/1.1\r\nHost: x\r\n`, ...lines]);
    expect(res.responses.map((r) => r.status)).toEqual([408]);
    expect(jsonOf(res.responses[0])).toEqual({
      responseCode: '4080000',
      responseMessage: 'Request Timeout. The request did not arrive in time',
    });
    expect(res.ended).toBe(true);
  });

  it('a body that arrives in time is served as before', async () => {
    const head = `POST ${TOKEN_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n`;
    const res = await exchange(mock.url, [head, '{', 50, '}']);
    expect(res.responses.map((r) => r.status)).toEqual([401]);
    expect(res.ended).toBe(false);
  });

  it('the reference partner answers a trickled body with 408 and closes', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const partner = await startPartner({
      bank: {
        clientId: 'BANKDEMO',
        clientSecret: 'bank-secret-for-deadline-test',
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
      bodyDeadlineMs: DEADLINE_MS,
    });
    try {
      const res = await exchange(partner.url, trickle('/v1.0/transfer-va/inquiry'));
      expect(res.responses.map((r) => r.status)).toEqual([408]);
      expect(jsonOf(res.responses[0])).toEqual({
        responseCode: '4080000',
        responseMessage: 'The request body did not arrive in time',
      });
      expect(res.ended).toBe(true);
    } finally {
      await partner.close();
    }
  });
});
