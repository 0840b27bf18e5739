/**
 * What real clients send, reproduced from their documented behaviour (reference notes on each
 * SDK; no vendor code), against the mock bank's emulations: accepted when the bank would accept
 * it, otherwise rejected with the standard code and a diagnosis naming what differs.
 */
import {
  createHash,
  createHmac,
  createPrivateKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockPartner, type RunningMock } from '../../src/mock/server.ts';
import { loadVectors, vector } from '../scripts/sandbox-helpers.ts';
import { briTimestamp, nextBriExternalId } from './emulations.ts';
import { call, jakartaTimestamp, nextExternalId, type JsonResponse } from './helpers.ts';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PUBLIC_PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const SECRET = 'compat-secret';
const partner = (provider: string, clientId: string): MockPartner => ({
  provider,
  clientId,
  clientSecret: SECRET,
  publicKeyPem: provider === 'bri' ? '' : PUBLIC_PEM,
});

let mock: RunningMock;
const logged: string[] = [];
beforeAll(async () => {
  mock = await startMockBank({
    partners: [
      partner('nicepay', 'NPCLIENT'),
      partner('snap', 'SNAPCLIENT'),
      partner('bri-snap', 'BRICLIENT'),
      partner('bri', 'BRIV2'),
    ],
    log: (line) => logged.push(line),
  });
});
afterAll(async () => {
  await mock.close();
});

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const diagnosis = (res: JsonResponse) => res.headers.get('x-kontrak-diagnosis') ?? '';
const axes = (res: JsonResponse) => res.headers.get('x-kontrak-diagnosis-axes') ?? '';

/** `yyyy-MM-ddTHH:mm:ss` of an instant's UTC wall clock: what a UTC host's "local time" is. */
const utcWall = (ms = Date.now()) => new Date(ms).toISOString().slice(0, 19);

async function token(path: string, clientId: string, timestamp: string, key: KeyObject = privateKey) {
  return call(mock.url + path, {
    headers: {
      'Content-Type': 'application/json',
      'X-TIMESTAMP': timestamp,
      'X-CLIENT-KEY': clientId,
      'X-SIGNATURE': sign('sha256', Buffer.from(`${clientId}|${timestamp}`), key).toString('base64'),
    },
    body: '{"grantType":"client_credentials","additionalInfo":{}}',
  });
}

async function getAccessToken(path: string, clientId: string): Promise<string> {
  const res = await token(path, clientId, jakartaTimestamp(Date.now(), true));
  expect(res.status).toBe(200);
  return res.json['accessToken'] as string;
}

interface SnapCall {
  url: string;
  clientId: string;
  accessToken: string;
  /** The exact bytes sent. */
  body: string;
  /** What the client put in the string to sign as the path. */
  signedPath: string;
  /** What the client hashed. */
  hashed?: string;
  encoding?: 'base64' | 'hex';
  channelId?: string;
}

function snapCall(c: SnapCall): Promise<JsonResponse> {
  const timestamp = jakartaTimestamp(Date.now(), true);
  const sts = `POST:${c.signedPath}:${c.accessToken}:${sha256(c.hashed ?? c.body)}:${timestamp}`;
  return call(mock.url + c.url, {
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${c.accessToken}`,
      'X-TIMESTAMP': timestamp,
      'X-SIGNATURE': createHmac('sha512', SECRET)
        .update(sts, 'utf8')
        .digest(c.encoding ?? 'base64'),
      'X-PARTNER-ID': c.clientId,
      'X-EXTERNAL-ID': nextExternalId().slice(0, 16),
      'CHANNEL-ID': c.channelId ?? '95221',
    },
    body: c.body,
  });
}

/** PHP json_encode without flags: `/` written `\/`, non-ASCII as `\uXXXX`. */
const phpJsonEncode = (value: unknown) =>
  JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Python json.dumps defaults: `", "` and `": "` separators. */
const pythonJsonDumps = (value: unknown): string =>
  JSON.stringify(value, null, 1)
    .replace(/\n\s*/g, ' ')
    .replace(/\[ /g, '[')
    .replace(/ \]/g, ']')
    .replace(/\{ /g, '{')
    .replace(/ \}/g, '}');

const balance = { partnerReferenceNo: '2020102900000000000001', accountNo: '0011223344' };

describe('timestamps', () => {
  it('NICEPAY Node SDK on a UTC host (local wall time labelled +07:00): rejected, the zone mix-up named', async () => {
    const res = await token('/nicepay/v1.0/access-token/b2b', 'NPCLIENT', `${utcWall()}+07:00`);
    expect(res.json['responseCode']).toBe('4017300');
    expect(diagnosis(res)).toBe(
      'X-TIMESTAMP is 7 h behind: it looks like UTC wall time labelled +07:00; format Asia/Jakarta local time, or use the real offset',
    );
    expect(axes(res)).toBe('clock');
    expect(
      logged.some((l) =>
        l.startsWith('POST /nicepay/v1.0/access-token/b2b -> 401 4017300: X-TIMESTAMP is 7 h behind'),
      ),
    ).toBe(true);
  });

  it('the same SDK on a host in Asia/Jakarta: accepted', async () => {
    const res = await token('/nicepay/v1.0/access-token/b2b', 'NPCLIENT', jakartaTimestamp());
    expect(res.json['responseCode']).toBe('2007300');
  });

  it('Jakarta wall time labelled Z in BRI-Timestamp: 0602 naming the zone', async () => {
    const t = await call(`${mock.url}/oauth/client_credential/accesstoken?grant_type=client_credentials`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `client_id=BRIV2&client_secret=${SECRET}`,
    });
    const accessToken = t.json['access_token'] as string;
    const timestamp = new Date(Date.now() + 7 * 3_600_000).toISOString();
    const body = '{"billingCode":"123456789012345"}';
    const payload = `path=/v2.0/mpn/inquiryBilling&verb=POST&token=Bearer ${accessToken}&timestamp=${timestamp}&body=${body}`;
    const res = await call(`${mock.url}/v2.0/mpn/inquiryBilling`, {
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${accessToken}`,
        'BRI-Timestamp': timestamp,
        'BRI-Signature': createHmac('sha256', SECRET).update(payload).digest('base64'),
        'BRI-External-Id': nextBriExternalId(),
      },
      body,
    });
    expect(res.json).toMatchObject({ status: { code: '0602' } });
    expect(diagnosis(res)).toMatch(
      /^BRI-Timestamp is 7 h ahead: it looks like Asia\/Jakarta \(UTC\+7\) wall time labelled Z; write the UTC time with Z/,
    );
  });

  it('a BRI API v2 client that leaves "Bearer " out of the payload: 0602 naming it', async () => {
    const t = await call(`${mock.url}/oauth/client_credential/accesstoken?grant_type=client_credentials`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `client_id=BRIV2&client_secret=${SECRET}`,
    });
    const accessToken = t.json['access_token'] as string;
    const timestamp = briTimestamp();
    const body = '{"billingCode":"123456789012345"}';
    const payload = `path=/v2.0/mpn/inquiryBilling&verb=POST&token=${accessToken}&timestamp=${timestamp}&body=${body}`;
    const res = await call(`${mock.url}/v2.0/mpn/inquiryBilling`, {
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${accessToken}`,
        'BRI-Timestamp': timestamp,
        'BRI-Signature': createHmac('sha256', SECRET).update(payload).digest('base64'),
        'BRI-External-Id': nextBriExternalId(),
      },
      body,
    });
    expect(res.json).toMatchObject({ status: { code: '0602' } });
    expect(axes(res)).toBe('bearer');
    expect(diagnosis(res)).toContain('the token segment without `Bearer `');
  });
});

describe('bodies', () => {
  it("BRI's PHP SDK: json_encode escapes, hashed as sent, hex HMAC, parse_url path (query unsigned): accepted", async () => {
    const accessToken = await getAccessToken('/snap/v1.0/access-token/b2b', 'BRICLIENT');
    const body = phpJsonEncode({
      ...balance,
      additionalInfo: { callback: 'https://merchant.example/cb', note: 'Zoë' },
    });
    expect(body).toContain('https:\\/\\/merchant.example\\/cb');
    expect(body).toContain('Zo\\u00eb');
    const res = await snapCall({
      url: '/snap/v1.0/balance-inquiry?channel=mobile',
      clientId: 'BRICLIENT',
      accessToken,
      body,
      signedPath: '/snap/v1.0/balance-inquiry',
      encoding: 'hex',
    });
    expect(res.json['responseCode']).toBe('2001100');
  });

  it('PHP-escaped JSON hashed as sent is accepted where the bank hashes the minified body too', async () => {
    const accessToken = await getAccessToken('/v1.0/access-token/b2b', 'SNAPCLIENT');
    const body = phpJsonEncode({ ...balance, additionalInfo: { callback: 'https://merchant.example/cb' } });
    const res = await snapCall({
      url: '/v1.0/balance-inquiry',
      clientId: 'SNAPCLIENT',
      accessToken,
      body,
      signedPath: '/v1.0/balance-inquiry',
    });
    expect(res.json['responseCode']).toBe('2001100');
  });

  it("a client hashing a parser's re-serialisation of PHP-escaped JSON: rejected, `\\/` named", async () => {
    const accessToken = await getAccessToken('/v1.0/access-token/b2b', 'SNAPCLIENT');
    const body = phpJsonEncode({ ...balance, additionalInfo: { callback: 'https://merchant.example/cb' } });
    const res = await snapCall({
      url: '/v1.0/balance-inquiry',
      clientId: 'SNAPCLIENT',
      accessToken,
      body,
      hashed: JSON.stringify(JSON.parse(body)),
      signedPath: '/v1.0/balance-inquiry',
    });
    expect(res.json).toEqual({ responseCode: '4011100', responseMessage: 'Unauthorized. Invalid Signature' });
    expect(axes(res)).toBe('body');
    expect(diagnosis(res)).toContain(
      'signature is valid for the body as a JSON parser re-writes it (the body as sent contains `\\/`)',
    );
    expect(diagnosis(res)).toContain('send JSON without escaped slashes');
  });

  it('a body hashed with `\\u00e9` escapes but sent as UTF-8: rejected, the escape variant named, not the secret', async () => {
    const accessToken = await getAccessToken('/v1.0/access-token/b2b', 'SNAPCLIENT');
    const value = { ...balance, additionalInfo: { note: 'Café Kopi' } };
    const res = await snapCall({
      url: '/v1.0/balance-inquiry',
      clientId: 'SNAPCLIENT',
      accessToken,
      body: JSON.stringify(value),
      hashed: phpJsonEncode(value),
      signedPath: '/v1.0/balance-inquiry',
    });
    expect(res.json['responseCode']).toBe('4011100');
    expect(axes(res)).toBe('body');
    expect(diagnosis(res)).toContain('`\\u00e9`');
    expect(diagnosis(res)).not.toContain('client secret differs');
  });

  it("NICEPAY's Python SDK: json.dumps text with spaces, hashed and sent as is: accepted by NICEPAY", async () => {
    const accessToken = await getAccessToken('/nicepay/v1.0/access-token/b2b', 'NPCLIENT');
    const body = pythonJsonDumps({
      partnerServiceId: '',
      customerNo: '',
      virtualAccountNo: '',
      virtualAccountName: 'Setya Wardana',
      trxId: `TRX${Date.now()}`,
      totalAmount: { value: '10000.00', currency: 'IDR' },
      additionalInfo: { bankCd: 'BMRI', goodsNm: 'Test', dbProcessUrl: 'https://merchant.example/notify' },
    });
    expect(body).toMatch(/^\{"partnerServiceId": "", "customerNo": ""/);
    const res = await snapCall({
      url: '/nicepay/api/v1.0/transfer-va/create-va',
      clientId: 'NPCLIENT',
      accessToken,
      body,
      signedPath: '/api/v1.0/transfer-va/create-va',
      channelId: 'NPCLIENT01',
    });
    expect(res.json['responseCode']).toBe('2002700');
  });

  it('the same pretty body at a bank that hashes the minified body: rejected, whitespace named', async () => {
    const accessToken = await getAccessToken('/v1.0/access-token/b2b', 'SNAPCLIENT');
    const body = pythonJsonDumps(balance);
    const res = await snapCall({
      url: '/v1.0/balance-inquiry',
      clientId: 'SNAPCLIENT',
      accessToken,
      body,
      signedPath: '/v1.0/balance-inquiry',
    });
    expect(res.json['responseCode']).toBe('4011100');
    expect(axes(res)).toBe('body');
    expect(diagnosis(res)).toMatch(
      /^signature is valid for the body as sent \(with whitespace between tokens\); this bank hashes the minified body/,
    );
  });

  it('Jackson numbers (a Java client): `1.0` kept byte for byte, accepted; a re-serialising client is told about `1.0`', async () => {
    const accessToken = await getAccessToken('/v1.0/access-token/b2b', 'SNAPCLIENT');
    const body =
      '{"partnerReferenceNo":"J1","accountNo":"0011223344","additionalInfo":{"rate":1.0,"limit":1.50E3}}';
    const common = {
      url: '/v1.0/balance-inquiry',
      clientId: 'SNAPCLIENT',
      accessToken,
      signedPath: '/v1.0/balance-inquiry',
    };
    const rewritten = await snapCall({ ...common, body, hashed: JSON.stringify(JSON.parse(body)) });
    expect(rewritten.json['responseCode']).toBe('4011100');
    expect(diagnosis(rewritten)).toContain('(the body as sent contains `1.0`, `1.50E3`)');
    const res = await snapCall({ ...common, body });
    expect(res.json['responseCode']).toBe('2001100');
  });
});

describe('query strings and paths', () => {
  it('an independent JS signer sorts the query; the SNAP standard signs it as sent: rejected, named', async () => {
    const accessToken = await getAccessToken('/v1.0/access-token/b2b', 'SNAPCLIENT');
    const body = JSON.stringify(balance);
    const common = { clientId: 'SNAPCLIENT', accessToken, body };
    const sorted = await snapCall({
      ...common,
      url: '/v1.0/balance-inquiry?b=2&a=1',
      signedPath: '/v1.0/balance-inquiry?a=1&b=2',
    });
    expect(sorted.json['responseCode']).toBe('4011100');
    expect(axes(sorted)).toBe('query');
    expect(diagnosis(sorted)).toBe(
      'signature is valid for the query parameters sorted by name; this bank signs the query string as sent - sign the query string as sent',
    );
    const asSent = await snapCall({
      ...common,
      url: '/v1.0/balance-inquiry?b=2&a=1',
      signedPath: '/v1.0/balance-inquiry?b=2&a=1',
    });
    expect(asSent.json['responseCode']).toBe('2001100');
  });

  it('the query signed where NICEPAY leaves it out, and /nicepay kept in the path: both named', async () => {
    const accessToken = await getAccessToken('/nicepay/v1.0/access-token/b2b', 'NPCLIENT');
    const body = JSON.stringify({
      partnerServiceId: '',
      customerNo: '',
      virtualAccountNo: '',
      virtualAccountName: 'A',
      trxId: `TRX${Date.now()}Q`,
      totalAmount: { value: '1.00', currency: 'IDR' },
      additionalInfo: { bankCd: 'BMRI', goodsNm: 'T', dbProcessUrl: 'https://m.example/n' },
    });
    const res = await snapCall({
      url: '/nicepay/api/v1.0/transfer-va/create-va?channel=mobile',
      clientId: 'NPCLIENT',
      accessToken,
      body,
      signedPath: '/nicepay/api/v1.0/transfer-va/create-va?channel=mobile',
      channelId: 'NPCLIENT01',
    });
    expect(res.json['responseCode']).toBe('4012700');
    expect(axes(res)).toBe('query,path');
    expect(diagnosis(res)).toContain('the query string as sent, with the path with its `/nicepay` prefix');
  });

  it('BRI SNAP path without /snap, and base64 where BRI expects hex: named', async () => {
    const accessToken = await getAccessToken('/snap/v1.0/access-token/b2b', 'BRICLIENT');
    const body = JSON.stringify(balance);
    const res = await snapCall({
      url: '/snap/v1.0/balance-inquiry',
      clientId: 'BRICLIENT',
      accessToken,
      body,
      signedPath: '/v1.0/balance-inquiry',
    });
    expect(axes(res)).toBe('path,encoding');
    expect(diagnosis(res)).toContain('the path without `/snap` (`/v1.0/balance-inquiry`)');
  });

  it('a wrong secret is none of the variants', async () => {
    const accessToken = await getAccessToken('/v1.0/access-token/b2b', 'SNAPCLIENT');
    const timestamp = jakartaTimestamp();
    const res = await call(`${mock.url}/v1.0/balance-inquiry`, {
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${accessToken}`,
        'X-TIMESTAMP': timestamp,
        'X-SIGNATURE': createHmac('sha512', 'not-the-secret')
          .update(`POST:/v1.0/balance-inquiry:${accessToken}:${sha256('{}')}:${timestamp}`)
          .digest('base64'),
        'X-PARTNER-ID': 'SNAPCLIENT',
        'X-EXTERNAL-ID': nextExternalId().slice(0, 16),
        'CHANNEL-ID': '95221',
      },
      body: '{}',
    });
    expect(axes(res)).toBe('key');
    expect(diagnosis(res)).toMatch(
      /^signature matches none of the known variants .*: the client secret differs/,
    );
  });
});

describe('keys', () => {
  it('PKCS#1 (BRI template) and PKCS#8 (NICEPAY base64 DER) forms of the same key sign tokens the mock accepts', async () => {
    const pkcs1 = createPrivateKey(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
    const der = privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    const pkcs8 = createPrivateKey({ key: Buffer.from(der, 'base64'), format: 'der', type: 'pkcs8' });
    for (const key of [pkcs1, pkcs8]) {
      const res = await token(
        '/snap/v1.0/access-token/b2b',
        'BRICLIENT',
        jakartaTimestamp(Date.now(), true),
        key,
      );
      expect(res.json['responseCode']).toBe('2007300');
    }
  });

  it('the published Midtrans token signature verifies with the demo public key', async () => {
    const vectors = loadVectors();
    const v = vector(vectors, 'snap-token-rsa-midtrans-demo');
    const at = Date.parse(v.timestamp!);
    const demo = await startMockBank({
      partners: [
        {
          provider: 'snap',
          clientId: v.clientKey!,
          clientSecret: 's',
          publicKeyPem: vectors.rsaDemoKey.publicKeySpkiPem,
        },
      ],
      now: () => at,
    });
    try {
      const res = await call(`${demo.url}/v1.0/access-token/b2b`, {
        headers: {
          'Content-Type': 'application/json',
          'X-TIMESTAMP': v.timestamp!,
          'X-CLIENT-KEY': v.clientKey!,
          'X-SIGNATURE': v.signatureBase64!,
        },
        body: '{"grantType":"client_credentials"}',
      });
      expect(res.json['responseCode']).toBe('2007300');
    } finally {
      await demo.close();
    }
  });
});
