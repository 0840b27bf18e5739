/**
 * DOKU's inbound SNAP dialect, checked by a verifier written here with Node's crypto alone (no
 * kontrak signing code). DOKU signs what it sends to a merchant's Inquiry and Notification URLs
 * with the SNAP symmetric signature (developers.doku.com, SNAP signature component: "When DOKU hits
 * merchant endpoints (HTTP Notification / Inquiry Request)"); its payment notification sample
 * (developers.doku.com, "HTTP Notification Sample for SNAP", POST /v1/transfer-va/payment) carries
 * X-TIMESTAMP in UTC with milliseconds (2020-12-21T07:56:11.000Z), X-SIGNATURE
 * HMAC_SHA512(clientSecret, stringToSign), X-PARTNER-ID, X-EXTERNAL-ID, CHANNEL-ID (VA004) and
 * Authorization: Bearer with a B2B token. The verifier reads: the token call is SHA256withRSA over
 * `clientId|X-TIMESTAMP`; every other call is base64 HMAC-SHA512 over
 * `POST:<path>:<token>:<hex sha256 of the minified body>:<X-TIMESTAMP>`.
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startPartner } from '../../src/partner/server.ts';
import { failedExchanges } from '../support/exchanges.ts';
import { bankCredentials, project, runAgainst } from './bank.ts';
import { expectCalled, signedAsMeant, tokenThenHmacVerdict, verifyingProxy } from './verifying-proxy.ts';

const UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("DOKU's inbound SNAP dialect (PARTNER_BANK=doku)", () => {
  it('token then base64 HMAC-SHA512 with DOKU’s headers, and the reference partner takes it', async () => {
    // The variables of DOKU's provider (PARTNER_BANK=doku fills them from PARTNER_*: partner-bank.test.ts).
    const { bank, env } = bankCredentials('PARTNER_DOKU');
    const one = (headers: IncomingMessage['headers'], name: string): string => String(headers[name] ?? '');
    const proxy = await verifyingProxy(
      (path, headers, body) => {
        const signed = tokenThenHmacVerdict(bank, 'base64', path, headers, body);
        if (path.endsWith('/access-token/b2b'))
          return signed && one(headers, 'x-client-key') === bank.clientId;
        return (
          signed &&
          one(headers, 'x-partner-id') === bank.clientId &&
          one(headers, 'channel-id') === 'VA004' &&
          /^\d{12}$/.test(one(headers, 'x-external-id'))
        );
      },
      await startPartner({ bank }),
    );
    const suites = project.suites.filter((s) => s.name === 'partner-va-doku');
    expect(suites).toHaveLength(1);
    const result = await runAgainst({ url: proxy.url, close: proxy.close }, env(proxy.url), suites);
    expect(failedExchanges(result)).toEqual([]);
    expectCalled(proxy.verdicts, [
      '/doku/v1.0/access-token/b2b',
      '/doku/v1/transfer-va/inquiry',
      '/doku/v1/transfer-va/payment',
    ]);
    // Every call kontrak signed as DOKU verifies; only the deliberately wrong signatures do not.
    signedAsMeant(result, proxy.verdicts, UTC_MILLIS);
  });
});
