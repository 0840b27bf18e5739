/**
 * BRI's inbound dialect, checked by a verifier written here from BRI's SDK description with Node's
 * crypto alone (no kontrak signing code): BRI asks the partner for a token (SHA256withRSA over
 * `clientId|X-TIMESTAMP`, base64), then calls BRIVA Online (/v1/transfer-va/inquiry, /payment) and
 * the QRIS notification (/v1.1/qr-dynamic/qr-mpm-notify) with `Authorization: Bearer <token>` and
 * X-SIGNATURE = lower-case hex HMAC-SHA512(clientSecret,
 * `POST:<path>:<token>:<hex sha256 of the minified body>:<X-TIMESTAMP>`), X-TIMESTAMP in UTC
 * `yyyy-MM-ddTHH:mm:ss.SSSZ` (bri-oss/bridex-api-php-sdk BrivaOnline.php, PrepareRequest.php).
 */
import { describe, expect, it } from 'vitest';
import { startPartner } from '../../src/partner/server.ts';
import { failedExchanges } from '../support/exchanges.ts';
import { bankCredentials, project, runAgainst } from './bank.ts';
import { expectCalled, signedAsMeant, tokenThenHmacVerdict, verifyingProxy } from './verifying-proxy.ts';

const UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("BRI's inbound dialect (--env partner-bri)", () => {
  it('token then hex HMAC with UTC millisecond timestamps, for BRIVA and the QRIS notification', async () => {
    const { bank, env } = bankCredentials('PARTNER_BRI');
    const proxy = await verifyingProxy(
      (path, headers, body) => tokenThenHmacVerdict(bank, 'hex', path, headers, body),
      await startPartner({ bank }),
    );
    // BRI's direct-debit notification signs otherwise: dialect-bri-debit-notify.test.ts.
    const suites = project.suites.filter(
      (s) => s.provider === 'partner-bri' && s.name !== 'partner-debit-notify-bri',
    );
    expect(suites.map((s) => s.name).sort()).toEqual(['partner-qris-notify-bri', 'partner-va-bri']);
    const result = await runAgainst(
      { url: proxy.url, close: proxy.close },
      env(proxy.url),
      suites,
      'partner-bri',
    );
    expect(failedExchanges(result)).toEqual([]);
    expectCalled(proxy.verdicts, [
      '/snap/v1.0/access-token/b2b',
      '/v1/transfer-va/inquiry',
      '/v1/transfer-va/payment',
      '/v1.1/qr-dynamic/qr-mpm-notify',
    ]);
    signedAsMeant(result, proxy.verdicts, UTC_MILLIS);
  });
});
