/**
 * BRI's inbound dialect, checked by a verifier written here from BRI's SDK description with Node's
 * crypto alone (no kontrak signing code): BRI asks the partner for a token (SHA256withRSA over
 * `clientId|X-TIMESTAMP`, base64), then calls BRIVA Online (/v1/transfer-va/inquiry, /payment) and
 * the QRIS notification (/v1.1/qr-dynamic/qr-mpm-notify) with `Authorization: Bearer <token>` and
 * X-SIGNATURE = lower-case hex HMAC-SHA512(clientSecret,
 * `POST:<path>:<token>:<hex sha256 of the minified body>:<X-TIMESTAMP>`), X-TIMESTAMP in UTC
 * `yyyy-MM-ddTHH:mm:ss.SSSZ` (bri-oss/bridex-api-php-sdk BrivaOnline.php, PrepareRequest.php).
 */
import { createHash, createHmac, createPublicKey, verify } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startPartner } from '../../src/partner/server.ts';
import { bankCredentials, project, runAgainst } from './bank.ts';
import { signedAsMeant, verifyingProxy } from './verifying-proxy.ts';

const UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function briVerdict(
  bank: { clientSecret: string; publicKeyPem: string },
  path: string,
  headers: IncomingMessage['headers'],
  body: string,
): boolean {
  const one = (name: string): string => {
    const value = headers[name];
    return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  };
  const timestamp = one('x-timestamp');
  const signature = one('x-signature');
  if (path.endsWith('/access-token/b2b'))
    return verify(
      'sha256',
      Buffer.from(`${one('x-client-key')}|${timestamp}`),
      createPublicKey(bank.publicKeyPem),
      Buffer.from(signature, 'base64'),
    );
  const token = /^Bearer (.+)$/.exec(one('authorization'))?.[1] ?? '';
  let minified: string;
  try {
    minified = JSON.stringify(JSON.parse(body));
  } catch {
    minified = body;
  }
  const hash = createHash('sha256').update(minified).digest('hex');
  const expected = createHmac('sha512', bank.clientSecret)
    .update(`POST:${path}:${token}:${hash}:${timestamp}`)
    .digest('hex');
  return signature === expected;
}

describe("BRI's inbound dialect (--env partner-bri)", () => {
  it('token then hex HMAC with UTC millisecond timestamps, for BRIVA and the QRIS notification', async () => {
    const { bank, env } = bankCredentials('PARTNER_BRI');
    const proxy = await verifyingProxy(
      (path, headers, body) => briVerdict(bank, path, headers, body),
      await startPartner({ bank }),
    );
    const suites = project.suites.filter((s) => s.provider === 'partner-bri');
    expect(suites.map((s) => s.name).sort()).toEqual(['partner-qris-notify-bri', 'partner-va-bri']);
    const result = await runAgainst(
      { url: proxy.url, close: proxy.close },
      env(proxy.url),
      suites,
      'partner-bri',
    );
    const failed = result.suites
      .flatMap((s) => s.exchanges)
      .filter((x) => !x.passed)
      .map(
        (x) =>
          `${x.name}: ${
            x.error ??
            x.checks
              .filter((c) => !c.passed)
              .map((c) => c.message)
              .join('; ')
          }`,
      );
    expect(failed).toEqual([]);
    for (const path of [
      '/snap/v1.0/access-token/b2b',
      '/v1/transfer-va/inquiry',
      '/v1/transfer-va/payment',
      '/v1.1/qr-dynamic/qr-mpm-notify',
    ])
      expect(proxy.verdicts.filter((v) => v.path === path).length, path).toBeGreaterThan(0);
    signedAsMeant(result, proxy.verdicts, UTC_MILLIS);
  });
});
