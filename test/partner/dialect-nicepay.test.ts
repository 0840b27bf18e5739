/**
 * NICEPAY's inbound dialect, checked by a verifier written here with Node's crypto alone (no
 * kontrak signing code). NICEPAY posts the e-wallet / direct-debit notification (56) to the
 * merchant's /api/v1.0/debit/notify with Content-Type, X-TIMESTAMP, X-CLIENT-KEY and X-SIGNATURE,
 * and no X-EXTERNAL-ID; the merchant verifies X-SIGNATURE with NICEPAY's public key as
 * SHA256withRSA (base64) over `clientId|X-TIMESTAMP`: the token-style string, the body unsigned
 * (docs.nicepay.co.id/en/nicepay-api-snap-notification-e-wallet-direct-debit; the verify example of
 * nicepay-dev/nodejs-nicepay README, "Verify message / data signature SHA 256 RSA").
 */
import { createPublicKey, verify } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startPartner } from '../../src/partner/server.ts';
import { failedExchanges } from '../support/exchanges.ts';
import { bankCredentials, inbound, runAgainst } from './bank.ts';
import { signedAsMeant, verifyingProxy } from './verifying-proxy.ts';

const JAKARTA = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;
const NOTIFY = '/api/v1.0/debit/notify';

describe("NICEPAY's inbound dialect (PARTNER_BANK=nicepay)", () => {
  it('RSA over clientId|X-TIMESTAMP with X-CLIENT-KEY and no X-EXTERNAL-ID, and the reference partner takes it', async () => {
    const { bank, env } = bankCredentials();
    const one = (headers: IncomingMessage['headers'], name: string): string => String(headers[name] ?? '');
    const proxy = await verifyingProxy(
      (path, headers) => {
        if (path !== NOTIFY) return false;
        const clientKey = one(headers, 'x-client-key');
        const signed = verify(
          'sha256',
          Buffer.from(`${clientKey}|${one(headers, 'x-timestamp')}`, 'utf8'),
          createPublicKey(bank.publicKeyPem),
          Buffer.from(one(headers, 'x-signature'), 'base64'),
        );
        return clientKey === bank.clientId && headers['x-external-id'] === undefined && signed;
      },
      await startPartner({ bank }),
    );
    const suites = inbound.filter((s) => s.name === 'partner-debit-notify-nicepay');
    expect(suites).toHaveLength(1);
    const result = await runAgainst(
      { url: proxy.url, close: proxy.close },
      env(proxy.url, { PARTNER_BANK: 'nicepay' }),
      suites,
    );
    expect(failedExchanges(result)).toEqual([]);
    expect(proxy.verdicts.filter((v) => v.path === NOTIFY).length).toBeGreaterThan(1);
    // Every notification kontrak signed as NICEPAY verifies; only the deliberately wrong one does not.
    signedAsMeant(result, proxy.verdicts, JAKARTA);
  });
});
