/**
 * `retry:` in both collection forms (kontrak's own, signed in Node, and Postman's, signed in the
 * sandbox) against a scripted bank: what is retried, how often, and that a retry carries the very
 * body and external id of the first attempt, freshly and validly signed.
 */
import { createHash, createHmac } from 'node:crypto';
import { cpSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/load/project.ts';
import { signerScript } from '../../src/render/bundle-signer.ts';
import { renderCollection } from '../../src/render/postman.ts';
import { runNewman, type RawExchange } from '../../src/run/newman-run.ts';
import { REPO_ROOT, tempProject } from '../support/project.ts';

const TRANSFER = '/v1.0/transfer-intrabank';
const suite = (retry: string) => `kontrak: 1
suite:
  name: retries
  provider: snap
  requests:
    - name: transfer
      method: POST
      service: transfer-intrabank
      sign: snap-transaction
      body:
        partnerReferenceNo: "TRF{{$timestamp}}{{$randomInt}}"
        amount: { value: "10000.00", currency: IDR }
        beneficiaryAccountNo: "5566778899"
        sourceAccountNo: "0011223344"
      expect: { status: 200 }
      retry: ${retry}
    - name: next request
      method: GET
      path: /next
      expect: { status: 200 }
`;

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
/** What the bank does with each transfer request, in order: a status (`503`, `429 0` = with Retry-After: 0) or `reset`. */
let script: string[] = [];
let received: Received[] = [];
let base = '';
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const step = req.url === TRANSFER ? (script.shift() ?? '200') : '200';
    if (step === 'reset') return req.socket.destroy();
    const [status = '200', retryAfter] = step.split(' ');
    res.writeHead(Number(status), {
      'content-type': 'application/json',
      ...(retryAfter ? { 'retry-after': retryAfter } : {}),
    });
    res.end('{"responseCode":"2001700"}');
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const SECRET = 'retry-secret';
const TOKEN = 'retry-token';

async function runWith(
  form: 'kontrak' | 'postman',
  retry: string,
  steps: string[],
  pin?: object,
): Promise<{ exchanges: RawExchange[]; transfers: Received[] }> {
  const project = tempProject({ 'collections/snap/retries.yaml': suite(retry) });
  try {
    cpSync(
      join(REPO_ROOT, 'collections', 'snap', 'provider.yaml'),
      join(project.root, 'collections', 'snap', 'provider.yaml'),
    );
    const loaded = loadProject(project.root);
    if (!loaded.value) throw new Error(JSON.stringify(loaded.diagnostics));
    const s = loaded.value.suites[0]!;
    const postman = form === 'postman';
    const collection = renderCollection({
      suite: s,
      provider: loaded.value.providers.get('snap')!,
      signerScript: postman ? await signerScript() : [],
      forPostman: postman,
    });
    // A pin left behind by an earlier run that stopped while it waited to retry.
    if (pin)
      collection.variable.push({
        key: `kontrak_retry_${s.requests[0]!.id}`,
        value: JSON.stringify(pin),
        type: 'string',
      });
    script = [...steps];
    received = [];
    const values = {
      snap_base_url: base,
      snap_client_id: 'RETRY1',
      snap_client_secret: SECRET,
      snap_access_token: TOKEN,
      snap_channel_id: '95221',
      snap_private_key: '',
    };
    const out = await runNewman({
      collection,
      values: Object.entries(values).map(([key, value]) => ({ key, value, secret: false })),
      timeoutRequest: 3000,
      signInNode: !postman,
    });
    return { exchanges: out.exchanges, transfers: received.filter((r) => r.url === TRANSFER) };
  } finally {
    project.cleanup();
  }
}

const header = (r: Received, name: string): string => String(r.headers[name.toLowerCase()] ?? '');
const validSignature = (r: Received): boolean => {
  const digest = createHash('sha256').update(r.body, 'utf8').digest('hex');
  const expected = createHmac('sha512', SECRET)
    .update(`POST:${TRANSFER}:${TOKEN}:${digest}:${header(r, 'X-TIMESTAMP')}`, 'utf8')
    .digest('base64');
  return header(r, 'X-SIGNATURE') === expected;
};

describe.each(['kontrak', 'postman'] as const)('retry in the %s collection', (form) => {
  it('sends a failed transfer again with the same body and external id, signed afresh, then goes on', async () => {
    const { exchanges, transfers } = await runWith(form, '{ count: 2, backoffMs: 5 }', ['503', '200']);
    expect(transfers).toHaveLength(2);
    const [first, second] = transfers as [Received, Received];
    expect(second.body).toBe(first.body);
    expect((JSON.parse(first.body) as { partnerReferenceNo?: unknown }).partnerReferenceNo).toMatch(
      /^TRF\d+/,
    );
    expect(header(second, 'X-EXTERNAL-ID')).toBe(header(first, 'X-EXTERNAL-ID'));
    expect(header(first, 'X-EXTERNAL-ID')).toMatch(/^\d{16}$/);
    expect(transfers.every(validSignature)).toBe(true);
    expect(header(second, 'X-Kontrak-Sign')).toBe('');
    expect(exchanges.map((x) => x.retry?.cause ?? '-')).toEqual(['5xx', '-', '-']);
    expect(exchanges.at(-1)!.request.url).toBe(`${base}/next`);
  });

  it('retries transport errors and 429', async () => {
    const { exchanges, transfers } = await runWith(form, '{ count: 2, backoffMs: 1 }', [
      'reset',
      '429',
      '200',
    ]);
    expect(transfers).toHaveLength(3);
    expect(exchanges.map((x) => x.retry?.cause ?? '-')).toEqual(['transport', '429', '-', '-']);
    expect(exchanges[1]!.retry).toEqual({ cause: '429', attempt: 2, waitMs: 2 });
  });

  it('waits as Retry-After says rather than its own backoff', async () => {
    // With a backoff of a minute, only Retry-After: 0 lets this finish within the test's time.
    const { exchanges, transfers } = await runWith(form, '{ count: 1, backoffMs: 60000 }', ['503 0', '200']);
    expect(transfers).toHaveLength(2);
    expect(exchanges[0]!.retry).toEqual({ cause: '5xx', attempt: 1, waitMs: 0 });
  }, 20_000);

  it('ignores a stale pin left by a run that stopped while waiting to retry', async () => {
    const leftover = { body: '{"partnerReferenceNo":"OLD"}', id: '1111222233334444', attempt: 1 };
    const stale = await runWith(form, '{ count: 1, backoffMs: 1 }', ['200'], {
      ...leftover,
      at: Date.now() - 11 * 60_000,
    });
    expect(
      (JSON.parse(stale.transfers[0]!.body) as { partnerReferenceNo?: unknown }).partnerReferenceNo,
    ).toMatch(/^TRF\d+/);
    expect(header(stale.transfers[0]!, 'X-EXTERNAL-ID')).not.toBe(leftover.id);
    // A pin still due is used: this is a retry of the earlier attempt.
    const due = await runWith(form, '{ count: 1, backoffMs: 1 }', ['200'], { ...leftover, at: Date.now() });
    expect(due.transfers[0]!.body).toBe(leftover.body);
    expect(header(due.transfers[0]!, 'X-EXTERNAL-ID')).toBe(leftover.id);
    expect(validSignature(due.transfers[0]!)).toBe(true);
  });

  it('stops after count retries, and never retries what the policy does not name', async () => {
    const exhausted = await runWith(form, '{ count: 2, backoffMs: 1 }', ['503', '502', '504', '200']);
    expect(exhausted.transfers).toHaveLength(3);
    expect(exhausted.exchanges.map((x) => x.retry?.attempt ?? '-')).toEqual([1, 2, '-', '-']);
    expect(exhausted.exchanges[2]!.response?.status).toBe(504);

    const clientError = await runWith(form, '{ count: 2, backoffMs: 1 }', ['400']);
    expect(clientError.transfers).toHaveLength(1);
    const notNamed = await runWith(form, '{ count: 2, on: [5xx], backoffMs: 1 }', ['reset', '200']);
    expect(notNamed.transfers).toHaveLength(1);
    expect(notNamed.exchanges[0]!.error).toMatch(/ECONNRESET|socket hang up/);
  });
});
