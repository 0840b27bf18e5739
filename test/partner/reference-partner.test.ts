import { createHash, createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTimestamp } from '../../scripts/timestamp.ts';
import { startPartner, type RunningPartner } from '../../src/partner/server.ts';

/** The reference partner over HTTP, in the cases the suites cannot stage: expiry and body spacing. */
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const bank = {
  clientId: 'BANKUNIT',
  clientSecret: randomBytes(24).toString('base64url'),
  publicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
};
let clock = Date.now();
let partner: RunningPartner;
beforeAll(async () => {
  partner = await startPartner({ bank, now: () => clock, tokenTtlSeconds: 60 });
});
afterAll(async () => {
  await partner.close();
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const minified = (body: string) => JSON.stringify(JSON.parse(body));

async function post(path: string, body: string, headers: Record<string, string>) {
  const answer = await fetch(`${partner.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}

async function token(): Promise<string> {
  const ts = formatTimestamp(clock, 'snap');
  const signature = sign('sha256', Buffer.from(`${bank.clientId}|${ts}`), keys.privateKey).toString('base64');
  const answer = await post('/openapi/v1.0/access-token/b2b', '{"grantType":"client_credentials"}', {
    'X-TIMESTAMP': ts,
    'X-CLIENT-KEY': bank.clientId,
    'X-SIGNATURE': signature,
  });
  expect(answer.body.responseCode).toBe('2007300');
  return String(answer.body.accessToken);
}

function hmacHeaders(path: string, body: string, accessToken: string, externalId: string) {
  const ts = formatTimestamp(clock, 'snap');
  const signed = `POST:${path}:${accessToken}:${sha256(minified(body))}:${ts}`;
  return {
    Authorization: `Bearer ${accessToken}`,
    'X-TIMESTAMP': ts,
    'X-PARTNER-ID': bank.clientId,
    'X-EXTERNAL-ID': externalId,
    'X-SIGNATURE': createHmac('sha512', bank.clientSecret).update(signed).digest('base64'),
  };
}

const INQUIRY = '/openapi/v1.0/transfer-va/inquiry';
const inquiry = (customerNo: string) =>
  `{ "partnerServiceId": "   12345", "customerNo": "${customerNo}",\n  "virtualAccountNo": "   12345${customerNo}", "inquiryRequestId": "INQ-${customerNo}" }`;

describe('the reference partner', () => {
  it('verifies a body the bank sent with whitespace against the minified hash', async () => {
    const accessToken = await token();
    const body = inquiry('1000001');
    const answer = await post(INQUIRY, body, hmacHeaders(INQUIRY, body, accessToken, '1000000000000001'));
    expect(answer).toMatchObject({ status: 200, body: { responseCode: '2002400' } });
  });

  it('refuses a token it issued once it has expired (401xx01), and a timestamp off its clock (401xx00)', async () => {
    const accessToken = await token();
    clock += 61_000;
    try {
      const body = inquiry('1000002');
      const expired = await post(INQUIRY, body, hmacHeaders(INQUIRY, body, accessToken, '1000000000000002'));
      expect(expired).toMatchObject({ status: 401, body: { responseCode: '4012401' } });
      const fresh = await token();
      const headers = hmacHeaders(INQUIRY, body, fresh, '1000000000000003');
      clock += 301_000; // the request was signed more than 5 minutes before the partner reads it
      const stale = await post(INQUIRY, body, headers);
      expect(stale).toMatchObject({ status: 401, body: { responseCode: '4012400' } });
    } finally {
      clock = Date.now();
    }
  });

  it('answers an unknown path with a SNAP envelope, never an HTML page', async () => {
    const answer = await post('/v1.0/unknown', '{}', {});
    expect(answer).toMatchObject({ status: 404, body: { responseCode: '4040000' } });
  });
});
