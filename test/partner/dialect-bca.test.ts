/**
 * BCA's inbound dialect, checked by a verifier written here from BCA's and SNAP's description with
 * Node's crypto alone (no kontrak signing code): BCA first asks the partner for a token, signing
 * `clientId|X-TIMESTAMP` with SHA256withRSA (base64); then it calls the VA inquiry, the payment flag
 * and the QRIS notification with `Authorization: Bearer <token>` and X-SIGNATURE =
 * base64(HMAC-SHA512(clientSecret, `POST:<path>:<token>:<hex sha256 of the minified body>:<X-TIMESTAMP>`)),
 * X-TIMESTAMP `yyyy-MM-ddTHH:mm:ss+07:00`. The verifier sits in front of the reference partner and
 * judges every call kontrak sends.
 */
import { createHash, createHmac, createPublicKey, verify } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startPartner, type RunningPartner } from '../../src/partner/server.ts';
import { bankCredentials, inbound, runAgainst } from './bank.ts';

interface Verdict {
  path: string;
  signature: string;
  timestamp: string;
  valid: boolean;
}

const JAKARTA = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;

function bcaVerdict(
  bank: { clientId: string; clientSecret: string; publicKeyPem: string },
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
    .digest('base64');
  return signature === expected;
}

/** A proxy that judges each call as BCA's partner would, then hands it to the reference partner. */
async function verifyingProxy(
  bank: Parameters<typeof bcaVerdict>[0],
  target: RunningPartner,
): Promise<{ url: string; verdicts: Verdict[]; close: () => Promise<void> }> {
  const verdicts: Verdict[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = request.url ?? '';
      const headers = request.headers;
      verdicts.push({
        path,
        signature: String(headers['x-signature'] ?? ''),
        timestamp: String(headers['x-timestamp'] ?? ''),
        valid: bcaVerdict(bank, path, headers, body),
      });
      const forward: Record<string, string> = {};
      for (const [k, v] of Object.entries(headers))
        if (v !== undefined && k !== 'host' && k !== 'content-length') forward[k] = String(v);
      void fetch(`${target.url}${path}`, { method: request.method ?? 'POST', headers: forward, body }).then(
        async (answer) => {
          const back: Record<string, string> = {};
          for (const name of ['content-type', 'x-timestamp']) back[name] = answer.headers.get(name) ?? '';
          response.writeHead(answer.status, back);
          response.end(await answer.text());
        },
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    verdicts,
    close: async () => {
      await new Promise((done) => server.close(done));
      await target.close();
    },
  };
}

describe("BCA's inbound dialect (PARTNER_BANK=bca, the default)", () => {
  it('token then HMAC for the VA calls and the QRIS notification, as a Node-crypto verifier reads them', async () => {
    const { bank, env } = bankCredentials();
    const proxy = await verifyingProxy(bank, await startPartner({ bank }));
    const suites = inbound.filter((s) => s.name === 'partner-va-bca' || s.name === 'partner-qris-notify-bca');
    expect(suites).toHaveLength(2);
    const result = await runAgainst({ url: proxy.url, close: proxy.close }, env(proxy.url), suites);
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
    const byPath = (suffix: string) => proxy.verdicts.filter((v) => v.path.endsWith(suffix));
    for (const suffix of [
      '/access-token/b2b',
      '/transfer-va/inquiry',
      '/transfer-va/payment',
      '/qr-mpm-notify',
    ])
      expect(byPath(suffix).length, suffix).toBeGreaterThan(0);
    // Every call kontrak signed as BCA verifies; only the deliberately wrong signatures do not.
    const exchanges = result.suites.flatMap((s) => s.exchanges);
    for (const verdict of proxy.verdicts) {
      const sent = exchanges.find((x) =>
        x.request.headers.some((h) => h.key.toUpperCase() === 'X-SIGNATURE' && h.value === verdict.signature),
      );
      const meantWrong = sent ? /signature/i.test(sent.name) : false;
      expect(verdict.valid, `${verdict.path} (${sent?.name ?? 'unmatched'})`).toBe(!meantWrong);
      if (!/\[negative: timestamp\]/.test(sent?.name ?? '')) expect(verdict.timestamp).toMatch(JAKARTA);
    }
    expect(proxy.verdicts.filter((v) => !v.valid).length).toBeGreaterThan(0);
  });
});
