/**
 * BCA's inbound dialect, checked by a verifier written here from BCA's and SNAP's description with
 * Node's crypto alone (no kontrak signing code): BCA first asks the partner for a token, signing
 * `clientId|X-TIMESTAMP` with SHA256withRSA (base64); then it calls the VA inquiry, the payment flag
 * and the QRIS notification with `Authorization: Bearer <token>` and X-SIGNATURE =
 * base64(HMAC-SHA512(clientSecret, `POST:<path>:<token>:<hex sha256 of the minified body>:<X-TIMESTAMP>`)),
 * X-TIMESTAMP `yyyy-MM-ddTHH:mm:ss+07:00`. The verifier sits in front of the reference partner and
 * judges every call kontrak sends.
 */
import { describe, expect, it } from 'vitest';
import { startPartner } from '../../src/partner/server.ts';
import { failedExchanges } from '../support/exchanges.ts';
import { bankCredentials, inbound, runAgainst } from './bank.ts';
import { signedAsMeant, tokenThenHmacVerdict, verifyingProxy } from './verifying-proxy.ts';

const JAKARTA = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;

describe("BCA's inbound dialect (PARTNER_BANK=bca, the default)", () => {
  it('token then HMAC for the VA calls and the QRIS notification, as a Node-crypto verifier reads them', async () => {
    const { bank, env } = bankCredentials();
    const proxy = await verifyingProxy(
      (path, headers, body) => tokenThenHmacVerdict(bank, 'base64', path, headers, body),
      await startPartner({ bank }),
    );
    const suites = inbound.filter((s) => s.name === 'partner-va-bca' || s.name === 'partner-qris-notify-bca');
    expect(suites).toHaveLength(2);
    const result = await runAgainst({ url: proxy.url, close: proxy.close }, env(proxy.url), suites);
    expect(failedExchanges(result)).toEqual([]);
    const byPath = (suffix: string) => proxy.verdicts.filter((v) => v.path.endsWith(suffix));
    for (const suffix of [
      '/access-token/b2b',
      '/transfer-va/inquiry',
      '/transfer-va/payment',
      '/qr-mpm-notify',
    ])
      expect(byPath(suffix).length, suffix).toBeGreaterThan(0);
    // Every call kontrak signed as BCA verifies; only the deliberately wrong signatures do not.
    signedAsMeant(result, proxy.verdicts, JAKARTA);
  });
});
