/**
 * BRI's direct-debit notification, checked by a verifier written here from BRI's SDK with Node's
 * crypto alone (no kontrak signing code): BRI asks the partner for a token (SHA256withRSA over
 * `clientId|X-TIMESTAMP`), then POSTs /snap/v2.0/debit/notify with X-CLIENT-KEY and X-PARTNER-ID
 * (the client id), no X-EXTERNAL-ID, X-TIMESTAMP as `Y-m-d H:i:s` (Jakarta, no zone) and
 * X-SIGNATURE = lower-case hex HMAC-SHA256(clientSecret, `clientId|X-TIMESTAMP`)
 * (bri-oss/bridex-api-php-sdk PrepareRequest::DirectDebitOutbound, DirectDebit::paymentNotify).
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { runInEnvironment } from '../../src/cli/run-environment.ts';
import { startPartner } from '../../src/partner/server.ts';
import { failedExchanges } from '../support/exchanges.ts';
import { bankCredentials, defined, project, runAgainst, schemas } from './bank.ts';
import { signedAsMeant, tokenThenHmacVerdict, verifyingProxy } from './verifying-proxy.ts';

const PLAIN_JAKARTA = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const NOTIFY = '/snap/v2.0/debit/notify';

describe("BRI's direct-debit notification (--env partner-bri)", () => {
  it('is hex HMAC-SHA256 over clientId|"Y-m-d H:i:s", after a token, and the reference partner takes it', async () => {
    const { bank, env } = bankCredentials('PARTNER_BRI');
    const one = (headers: IncomingMessage['headers'], name: string): string => String(headers[name] ?? '');
    const proxy = await verifyingProxy(
      (path, headers, body) => {
        if (path !== NOTIFY) return tokenThenHmacVerdict(bank, 'hex', path, headers, body);
        const timestamp = one(headers, 'x-timestamp');
        const expected = createHmac('sha256', bank.clientSecret)
          .update(`${bank.clientId}|${timestamp}`)
          .digest('hex');
        return (
          one(headers, 'x-client-key') === bank.clientId &&
          one(headers, 'x-partner-id') === bank.clientId &&
          headers['x-external-id'] === undefined &&
          /^Bearer \S+$/.test(one(headers, 'authorization')) &&
          one(headers, 'x-signature') === expected
        );
      },
      await startPartner({ bank }),
    );
    const suites = project.suites.filter((s) => s.name === 'partner-debit-notify-bri');
    expect(suites).toHaveLength(1);
    const result = await runAgainst(
      { url: proxy.url, close: proxy.close },
      env(proxy.url),
      suites,
      'partner-bri',
    );
    expect(failedExchanges(result)).toEqual([]);
    const notifies = proxy.verdicts.filter((v) => v.path === NOTIFY);
    expect(notifies.length).toBeGreaterThan(2);
    // The token call carries BRI's usual UTC milliseconds; the notification its own plain form.
    signedAsMeant(
      result,
      proxy.verdicts.filter((v) => v.path === NOTIFY),
      PLAIN_JAKARTA,
    );
    expect(new Set(notifies.map((v) => v.timestamp)).size).toBeGreaterThan(0);
  });

  it('with evidence, its whole-second timestamps are a second apart: no X-TIMESTAMP twice in BRI’s sheet', async () => {
    const { bank, env } = bankCredentials('PARTNER_BRI');
    const partner = await startPartner({ bank });
    try {
      const outcome = await runInEnvironment({
        project,
        schemas,
        environment: 'partner-bri',
        suites: project.suites.filter((s) => s.name === 'partner-debit-notify-bri'),
        processEnv: env(partner.url),
        timeoutRequest: 10_000,
        evidencePacing: true,
      });
      const stamps = defined(outcome.value, 'the run').suites.flatMap((s) =>
        s.exchanges.flatMap((x) =>
          x.request.headers.filter((h) => h.key === 'X-TIMESTAMP').map((h) => h.value),
        ),
      );
      expect(stamps.length).toBeGreaterThan(4);
      expect(stamps.filter((t, i) => stamps.indexOf(t) !== i)).toEqual([]);
    } finally {
      await partner.close();
    }
  });
});
