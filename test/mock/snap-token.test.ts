import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { SNAP_LAYOUTS, snapClient, snapPartner } from './emulations.ts';
import {
  call,
  getToken,
  jakartaTimestamp,
  makePartner,
  rsaSign,
  TOKEN_PATH,
  type TestPartner,
} from './helpers.ts';

const EXPECTED = 'x-kontrak-expected-string-to-sign';
const BODY = JSON.stringify({ grantType: 'client_credentials' });

let mock: RunningMock;
const partners = {
  snap: snapPartner(SNAP_LAYOUTS.snap, 'SNAPMERCH1'),
  'bri-snap': snapPartner(SNAP_LAYOUTS['bri-snap'], 'BRISNAP001'),
  nicepay: makePartner('IONPAYTEST'),
};

beforeAll(async () => {
  mock = await startMockBank({ partners: Object.values(partners).map((p) => p.partner) });
});
afterAll(async () => {
  await mock.close();
});

function tokenRequest(path: string, tp: TestPartner, ts: string) {
  return call(mock.url + path, {
    headers: {
      'Content-Type': 'application/json',
      'X-TIMESTAMP': ts,
      'X-CLIENT-KEY': tp.partner.clientId,
      'X-SIGNATURE': rsaSign(`${tp.partner.clientId}|${ts}`, tp.privateKey),
    },
    body: BODY,
  });
}

describe.each(['snap', 'bri-snap'] as const)('%s access token (service 73)', (emulation) => {
  const layout = SNAP_LAYOUTS[emulation];

  it('issues a token with the emulation’s tokenType and expiresIn', async () => {
    const res = await tokenRequest(layout.tokenPath, partners[emulation], jakartaTimestamp());
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      responseCode: '2007300',
      tokenType: layout.tokenType,
      expiresIn: layout.expiresIn,
    });
    expect(res.json['accessToken']).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('accepts X-TIMESTAMP with and without milliseconds', async () => {
    const withMs = await tokenRequest(
      layout.tokenPath,
      partners[emulation],
      jakartaTimestamp(Date.now(), true),
    );
    expect(withMs.json['responseCode']).toBe('2007300');
    const without = await tokenRequest(layout.tokenPath, partners[emulation], jakartaTimestamp());
    expect(without.json['responseCode']).toBe('2007300');
  });

  it('refuses partners registered with another emulation as unknown clients', async () => {
    const other = emulation === 'snap' ? partners['bri-snap'] : partners.snap;
    for (const tp of [other, partners.nicepay]) {
      const res = await tokenRequest(layout.tokenPath, tp, jakartaTimestamp());
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ responseCode: '4017300', responseMessage: 'Unauthorized. Unknown Client' });
    }
  });

  it('rejects a signature by another key with 4017300 and the expected string', async () => {
    const ts = jakartaTimestamp();
    const res = await call(mock.url + layout.tokenPath, {
      headers: {
        'Content-Type': 'application/json',
        'X-TIMESTAMP': ts,
        'X-CLIENT-KEY': partners[emulation].partner.clientId,
        'X-SIGNATURE': rsaSign(`x|${ts}`, partners[emulation].privateKey),
      },
      body: BODY,
    });
    expect(res.status).toBe(401);
    expect(res.json['responseCode']).toBe('4017300');
    expect(res.headers.get(EXPECTED)).toBe(`${partners[emulation].partner.clientId}|${ts}`);
  });

  it('does not accept its tokens at another emulation (4011101)', async () => {
    const client = await snapClient(mock.url, layout, partners[emulation]);
    const otherLayout = SNAP_LAYOUTS[emulation === 'snap' ? 'bri-snap' : 'snap'];
    const path = `${otherLayout.base}/balance-inquiry`;
    const res = await client.send(path, { accountNo: '0011223344' }, { encoding: otherLayout.encoding });
    expect(res.status).toBe(401);
    expect(res.json['responseCode']).toBe('4011101');
  });
});

describe('NICEPAY token stays NICEPAY-only', () => {
  it('refuses a generic SNAP partner at the NICEPAY token path', async () => {
    const ts = jakartaTimestamp();
    const res = await tokenRequest(TOKEN_PATH, partners.snap, ts);
    expect(res.json).toEqual({ responseCode: '4017300', responseMessage: 'Unauthorized. Unknown Client' });
    expect(await getToken(mock.url, partners.nicepay)).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
