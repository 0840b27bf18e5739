/**
 * The probe is polite by construction: behind a loopback proxy that answers 429 from its 11th
 * request on, it stops at the first 429, sends nothing more, and writes a partial draft that says
 * so, with every secret masked. A burst of 5xx and lockout wording stop it the same way; a
 * money-moving call is never sent without --allow-transactions.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { BankProfile } from '../../src/banks/profile.ts';
import { bankProfiles } from '../../src/load/bank-profiles.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { draftText, probeRedactor } from '../../src/probe/draft.ts';
import { createSender, ProbeStopped } from '../../src/probe/sender.ts';
import { runProbe } from '../../src/probe/session.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/project.ts';
import { testKeys } from './hidden-banks.ts';

const keys = testKeys();
const SECRET = `snap-secret-${Math.random().toString(36).slice(2)}`;
let mock: RunningMock;

beforeAll(async () => {
  mock = await startMockBank({
    partners: [
      { provider: 'snap', clientId: 'SNAPPROBE', clientSecret: SECRET, publicKeyPem: keys.publicPem },
    ],
  });
});
afterAll(async () => {
  await mock.close();
});

/** A loopback server answering each request with `answer(n)` (n from 1), or passing it to the mock. */
async function proxy(answer: (n: number) => { status: number; body: string } | 'forward'): Promise<{
  url: string;
  seen: () => number;
  close: () => Promise<void>;
}> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    n += 1;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const decided = answer(n);
      if (decided !== 'forward') {
        res.writeHead(decided.status, { 'Content-Type': 'application/json' }).end(decided.body);
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          (e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'host',
        ),
      );
      void fetch(mock.url + (req.url ?? '/'), {
        method: req.method ?? 'POST',
        headers,
        ...(req.method === 'GET' ? {} : { body: Buffer.concat(chunks) }),
      }).then(async (r) =>
        res.writeHead(r.status, { 'Content-Type': 'application/json' }).end(await r.text()),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen: () => n,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function snapProfile(): BankProfile {
  const profile = bankProfiles().get('snap');
  if (profile === undefined) throw new Error('no shipped snap profile');
  return profile;
}

const target = (baseUrl: string) => ({
  baseUrl,
  profile: snapProfile(),
  credentials: {
    clientId: 'SNAPPROBE',
    clientSecret: SECRET,
    privateKeyPem: keys.privatePem,
    channelId: '95221',
  },
  environment: 'sandbox',
});
const SETTINGS = { maxRequests: 60, paceMs: 0, allowTransactions: false };
const TOO_MANY = { status: 429, body: '{"responseCode":"4290000","responseMessage":"Too Many Requests"}' };

it('stops at the first 429 and writes a partial draft that says so, secrets masked', async () => {
  const front = await proxy((n) => (n <= 10 ? 'forward' : TOO_MANY));
  try {
    const result = await runProbe(target(front.url), SETTINGS);
    expect(result.stopped).toBe('the bank answered 429 Too Many Requests');
    expect(result.requests).toBe(11);
    expect(front.seen()).toBe(11);
    const redactor = probeRedactor(result, target(front.url).credentials);
    const text = draftText({
      shippedText: readFileSync(join(REPO_ROOT, 'banks', 'snap.yaml'), 'utf8'),
      profile: target(front.url).profile,
      result,
      redactor,
    });
    const draft = parse(text) as Record<
      string,
      { value?: unknown; confidence?: string; observation?: { decided: boolean; why?: string } }
    > & {
      probe: { stopped?: string; requests: number };
    };
    expect(draft.probe).toMatchObject({
      requests: 11,
      stopped: 'partial draft: the bank answered 429 Too Many Requests',
    });
    expect(text).toContain('PARTIAL: the bank answered 429 Too Many Requests');
    // Asked before the 429: the token call's timestamp forms; after it, nothing is decided.
    expect(draft['timestampForms']?.confidence).toBe('observed');
    expect(draft['signQuery']?.observation).toMatchObject({
      decided: false,
      why: 'not asked: the probe stopped (the bank answered 429 Too Many Requests)',
    });
    expect(draft['signQuery']?.value).toBe('as-sent');
    expect(text).not.toContain(SECRET);
    for (const line of keys.privatePem.split('\n').filter((l) => l.length >= 16))
      expect(text).not.toContain(line);
    const tokens = result.decisions
      .flatMap((d) => d.evidence.map((e) => e.json?.['accessToken']))
      .filter((t) => typeof t === 'string');
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) expect(text).not.toContain(token);
  } finally {
    await front.close();
  }
});

it('stops after a burst of three 5xx answers', async () => {
  const front = await proxy(() => ({
    status: 503,
    body: '{"responseCode":"5030000","responseMessage":"busy"}',
  }));
  try {
    const result = await runProbe(target(front.url), SETTINGS);
    expect(result.stopped).toBe('3 server errors (5xx) in a row');
    expect(front.seen()).toBe(3);
  } finally {
    await front.close();
  }
});

it('stops at lockout wording', async () => {
  const front = await proxy(() => ({
    status: 401,
    body: '{"responseCode":"4017300","responseMessage":"Client is locked out for 24 hours"}',
  }));
  try {
    const result = await runProbe(target(front.url), SETTINGS);
    expect(result.stopped).toMatch(/lockout: "Client is locked out/);
    expect(front.seen()).toBe(1);
  } finally {
    await front.close();
  }
});

it('spends at most --max-requests, and sends no money-moving call without --allow-transactions', async () => {
  const result = await runProbe(target(mock.url), { ...SETTINGS, maxRequests: 12 });
  expect(result.requests).toBe(12);
  expect(result.stopped).toBe('the budget of 12 requests is spent');
  const front = await proxy(() => 'forward');
  try {
    const sender = createSender(front.url, SETTINGS);
    const transfer = {
      service: 'transfer-intrabank',
      method: 'POST',
      pathWithQuery: '/v1.0/transfer-intrabank',
      headers: {},
      body: '{}',
    };
    await expect(sender.send(transfer)).rejects.toThrow(ProbeStopped);
    expect(front.seen()).toBe(0);
    const allowed = createSender(front.url, { ...SETTINGS, allowTransactions: true });
    await allowed.send(transfer);
    expect(front.seen()).toBe(1);
  } finally {
    await front.close();
  }
});

it('reads a hostile answer (megabytes of non-JSON) as a classified answer, not a crash, and asks no further without a token', async () => {
  const front = await proxy(() => ({ status: 200, body: 'x'.repeat(3 << 20) }));
  try {
    const result = await runProbe(target(front.url), SETTINGS);
    expect(result.stopped).toBeUndefined();
    expect(front.seen()).toBe(8);
    const forms = result.decisions.find((d) => d.knob === 'timestampForms');
    expect(forms?.value).toBeUndefined();
    expect(
      forms?.evidence.every((e) => e.answerClass === 'accepted' && e.responseMessage.length <= 200),
    ).toBe(true);
    expect(result.decisions.find((d) => d.knob === 'signQuery')?.why).toBe(
      'not asked: no token call gave an access token',
    );
  } finally {
    await front.close();
  }
});
