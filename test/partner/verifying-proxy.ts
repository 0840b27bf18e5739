/**
 * A proxy in front of the reference partner that judges each call with a bank's own rules (a
 * verifier the test writes with Node's crypto alone), records the verdict, then passes the call on.
 */
import { createHash, createHmac, createPublicKey, verify } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { RunResult } from '../../src/model/results.ts';
import type { RunningPartner } from '../../src/partner/server.ts';

export interface Verdict {
  path: string;
  signature: string;
  timestamp: string;
  valid: boolean;
}

export async function verifyingProxy(
  judge: (path: string, headers: IncomingMessage['headers'], body: string) => boolean,
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
        valid: judge(path, headers, body),
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

/** Each of `paths` reached the partner at least once. */
export function expectCalled(verdicts: readonly Verdict[], paths: readonly string[]): void {
  for (const path of paths) expect(verdicts.filter((v) => v.path === path).length, path).toBeGreaterThan(0);
}

/**
 * Every call kontrak signed verifies; only the deliberately wrong signatures do not (and there are
 * some); every fresh X-TIMESTAMP has the bank's form.
 */
export function signedAsMeant(result: RunResult, verdicts: readonly Verdict[], timestampForm: RegExp): void {
  const exchanges = result.suites.flatMap((s) => s.exchanges);
  for (const verdict of verdicts) {
    const sent = exchanges.find((x) =>
      x.request.headers.some((h) => h.key.toUpperCase() === 'X-SIGNATURE' && h.value === verdict.signature),
    );
    const meantWrong = sent ? /signature/i.test(sent.name) : false;
    expect(verdict.valid, `${verdict.path} (${sent?.name ?? 'unmatched'})`).toBe(!meantWrong);
    if (!/\[negative: timestamp\]/.test(sent?.name ?? '')) expect(verdict.timestamp).toMatch(timestampForm);
  }
  expect(verdicts.filter((v) => !v.valid).length).toBeGreaterThan(0);
}

/**
 * SNAP's inbound form with Node's crypto alone: the token call is SHA256withRSA over
 * `clientId|X-TIMESTAMP` (base64); every other call is HMAC-SHA512 over
 * `POST:<path>:<token>:<hex sha256 of the minified body>:<X-TIMESTAMP>`, in the bank's encoding.
 */
export function tokenThenHmacVerdict(
  bank: { clientSecret: string; publicKeyPem: string },
  encoding: 'base64' | 'hex',
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
    .digest(encoding);
  return signature === expected;
}
