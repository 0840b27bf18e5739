/**
 * The token reuse check and the captures, performed in Node for kontrak's runs
 * (src/run/node-steps.ts), behave as the item scripts that performed them in the sandbox
 * (render/item-steps.ts, the same lines the collection for Postman carries): the same collection
 * is run both ways against one server, and what went out, what was skipped and what was
 * captured are the same.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMockCredentials } from '../../src/env/values.ts';
import { loadProject } from '../../src/load/project.ts';
import type { Project } from '../../src/model/types.ts';
import { itemStepsOf } from '../../src/render/item-steps.ts';
import { renderCollection, stepsRunInNode } from '../../src/render/postman.ts';
import { runNewman } from '../../src/run/newman-run.ts';
import { PROVIDER_YAML, SUITE_YAML, tempProject } from '../support/project.ts';

const SUITE = `${SUITE_YAML}
    - name: create
      method: POST
      path: /nicepay/api/v1.0/transfer-va/create-va
      sign: snap-transaction
      body: { trxId: "T1", totalAmount: { value: "1.00", currency: IDR } }
      expect: { status: 200 }
      capture:
        va_no: virtualAccountData.virtualAccountNo
        va_first: virtualAccountData.items[0]
        va_missing: virtualAccountData.nothing.deeper
    - name: inquiry
      method: POST
      path: /nicepay/api/v1.0/transfer-va/inquiry
      sign: snap-transaction
      body: { virtualAccountNo: "{{va_no}}", first: "{{va_first}}", missing: "{{va_missing}}" }
      expect: { status: 200 }
`;

interface Seen {
  path: string;
  authorization: string;
  expiry: string;
  body: string;
}

let server: http.Server;
let base = '';
let seen: Seen[] = [];
let tokens = 0;
/** The token answer's lifetime, seconds (undefined: the answer gives none). */
let expiresIn: number | undefined = 900;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const path = req.url ?? '';
      seen.push({
        path,
        authorization: req.headers.authorization ?? '',
        expiry: String(req.headers['x-expiry'] ?? ''),
        body,
      });
      const answer = path.includes('access-token')
        ? { responseCode: '2007300', accessToken: `tok-${++tokens}`, ...(expiresIn ? { expiresIn } : {}) }
        : {
            responseCode: '2002700',
            virtualAccountData: { virtualAccountNo: `VA-${seen.length}`, items: [7] },
          };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

type Path = 'sandbox' | 'node';

/** One suite's run as kontrak's runs sent it, with its steps in scripts (sandbox) or in Node. */
async function runSuite(project: Project, path: Path, globals: Record<string, string>) {
  const suite = project.suites[0]!;
  const provider = project.providers.get('nicepay')!;
  const inNode = path === 'node';
  const collection = renderCollection({
    suite,
    provider,
    signerScript: [],
    forPostman: false,
    stepsInNode: inNode,
  });
  // The token's expiry as the next request resolves it (the loader refuses the variable in a suite).
  collection.item[1]!.request.header.push({ key: 'X-EXPIRY', value: '{{nicepay_access_token_expires_at}}' });
  const steps = new Map(
    suite.requests.filter(stepsRunInNode).map((r) => [r.id, itemStepsOf(r, provider, false)]),
  );
  const values = generateMockCredentials([provider], base).values.map((v) => ({ ...v, secret: false }));
  seen = [];
  tokens = 0;
  const started = Date.now();
  const out = await runNewman({
    collection,
    values,
    globals,
    timeoutRequest: 5000,
    signInNode: true,
    ...(inNode ? { steps } : {}),
  });
  const ended = Date.now();
  const scripted = collection.item.filter((item) => (item.event ?? []).length > 0).length;
  return { out, seen, started, ended, scripted };
}

/** What the two paths must agree on: what went out (expiry aside), what was skipped and why. */
function comparable(run: Awaited<ReturnType<typeof runSuite>>) {
  return {
    sent: run.seen.map(({ path, authorization, body }) => ({
      path,
      authorization,
      body: JSON.parse(body) as unknown,
    })),
    reused: [...run.out.reused.values()].map((note) => note.replace(/valid \d+ s/, 'valid N s')),
    scriptErrors: [...run.out.scriptErrors.entries()],
    failed: run.out.exchanges.filter((e) => e.error !== undefined).length,
  };
}

describe('item steps in Node behave as the sandbox scripts did', () => {
  let project: { root: string; cleanup: () => void };
  let loaded: Project;
  beforeAll(() => {
    project = tempProject({ 'collections/p.yaml': PROVIDER_YAML, 'collections/a.yaml': SUITE });
    const result = loadProject(project.root);
    expect(result.diagnostics).toEqual([]);
    loaded = result.value!;
  });
  afterAll(() => project.cleanup());

  const both = async (globals: () => Record<string, string>) => ({
    sandbox: await runSuite(loaded, 'sandbox', globals()),
    node: await runSuite(loaded, 'node', globals()),
  });

  it('a capture feeds the next request, and the token expiry is captured from expiresIn', async () => {
    expiresIn = 900;
    const { sandbox, node } = await both(() => ({}));
    expect(sandbox.scripted).toBeGreaterThan(0);
    expect(node.scripted).toBe(0);
    expect(comparable(node)).toEqual(comparable(sandbox));
    const sent = comparable(node).sent;
    expect(sent.map((s) => s.path)).toEqual([
      '/nicepay/v1.0/access-token/b2b',
      '/nicepay/api/v1.0/transfer-va/create-va',
      '/nicepay/api/v1.0/transfer-va/inquiry',
    ]);
    // The captured token signs and authorises the next request; body captures fill the next body.
    expect(sent[1]!.authorization).toBe('Bearer tok-1');
    expect(sent[2]!.body).toEqual({ virtualAccountNo: 'VA-2', first: '7', missing: '{{va_missing}}' });
    for (const run of [sandbox, node]) {
      const expiry = Number(run.seen[1]!.expiry);
      expect(expiry).toBeGreaterThanOrEqual(run.started + 900_000);
      expect(expiry).toBeLessThanOrEqual(run.ended + 900_000);
    }
  });

  it('a token from an earlier suite with more than a minute left is reused; the request is not sent', async () => {
    const earlier = () => ({
      nicepay_access_token: 'tok-earlier',
      nicepay_access_token_expires_at: String(Date.now() + 600_000),
    });
    const { sandbox, node } = await both(earlier);
    expect(comparable(node)).toEqual(comparable(sandbox));
    expect(node.seen.map((s) => s.path)).toEqual([
      '/nicepay/api/v1.0/transfer-va/create-va',
      '/nicepay/api/v1.0/transfer-va/inquiry',
    ]);
    expect(node.seen[0]!.authorization).toBe('Bearer tok-earlier');
    expect([...node.out.reused.values()]).toEqual([
      expect.stringMatching(/^nicepay_access_token fetched earlier in this run, valid (599|600) s more$/),
    ]);
  });

  it('a token with a minute or less left, or no expiry, is fetched again', async () => {
    for (const left of [30_000, 60_000, -1]) {
      const { sandbox, node } = await both(() => ({
        nicepay_access_token: 'tok-earlier',
        nicepay_access_token_expires_at: String(Date.now() + left),
      }));
      expect(comparable(node)).toEqual(comparable(sandbox));
      expect(node.out.reused.size).toBe(0);
      expect(node.seen[1]!.authorization).toBe('Bearer tok-1');
    }
    const { sandbox, node } = await both(() => ({ nicepay_access_token: 'tok-earlier' }));
    expect(comparable(node)).toEqual(comparable(sandbox));
    expect(node.out.reused.size).toBe(0);
  });

  it('an answer without expiresIn captures the token but no expiry', async () => {
    expiresIn = undefined;
    try {
      const { sandbox, node } = await both(() => ({}));
      expect(comparable(node)).toEqual(comparable(sandbox));
      expect(node.seen[1]!.authorization).toBe('Bearer tok-1');
      expect(node.seen[1]!.expiry).toBe('{{nicepay_access_token_expires_at}}');
      expect(sandbox.seen[1]!.expiry).toBe('{{nicepay_access_token_expires_at}}');
    } finally {
      expiresIn = 900;
    }
  });

  it('the collection for Postman carries the same capture lines as the sandbox path ran', () => {
    const suite = loaded.suites[0]!;
    const provider = loaded.providers.get('nicepay')!;
    const tests = (forPostman: boolean) =>
      renderCollection({ suite, provider, signerScript: [], forPostman })
        .item.map((item) => item.event?.find((e) => e.listen === 'test')?.script.exec ?? [])
        .map((lines) => lines.filter((line) => !line.startsWith('kontrakChecks.check(')));
    expect(tests(true)).toEqual(tests(false));
  });
});
