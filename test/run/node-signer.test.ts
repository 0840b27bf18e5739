/**
 * The signer kontrak runs in Node (newman's beforeRequest) against the one Postman collections
 * carry (postman-sandbox): the published vectors, every signed request of every shipped suite
 * byte for byte, and a request that cannot be signed is never sent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sdk from 'postman-collection';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMockCredentials } from '../../src/env/values.ts';
import { loadProject } from '../../src/load/project.ts';
import { providerVariable, SIGN_DIRECTIVE_HEADER, type Provider } from '../../src/model/types.ts';
import { signerScript } from '../../src/render/bundle-signer.ts';
import { renderCollection } from '../../src/render/postman.ts';
import type { PostmanItem } from '../../src/render/postman-types.ts';
import { signInNode, variableView, type SdkRequest } from '../../src/run/node-signer.ts';
import { runNewman } from '../../src/run/newman-run.ts';
import { createSandbox, loadVectors, profile, run, vector } from '../scripts/sandbox-helpers.ts';
import { REPO_ROOT } from '../support/project.ts';

const vectors = loadVectors();
const demoKey = vectors.rsaDemoKey.privateKeyPkcs8Pem;

const request = (url: string, method: string, headers: Record<string, string>, raw?: string): SdkRequest =>
  new sdk.Request({
    url,
    method,
    header: Object.entries(headers).map(([key, value]) => ({ key, value })),
    ...(raw !== undefined ? { body: { mode: 'raw', raw } } : {}),
  }) as unknown as SdkRequest;

const headersOf = (r: SdkRequest): Record<string, string> => {
  const out: Record<string, string> = {};
  (r as unknown as { headers: { each(f: (h: { key: string; value: string }) => void): void } }).headers.each(
    (h) => (out[h.key] = h.value),
  );
  return out;
};

describe('the signer in Node reproduces the published vectors', () => {
  const signWith = (
    scheme: string,
    signing: Parameters<typeof profile>[0],
    env: Record<string, string>,
    r: SdkRequest,
  ) => {
    r.headers.add({ key: SIGN_DIRECTIVE_HEADER, value: `${scheme}; provider=p` });
    signInNode(r, variableView(env, { kontrak_provider_p: JSON.stringify(profile(signing)) }, {}));
    return headersOf(r);
  };

  it('snap-token (RSA, Midtrans demo key)', () => {
    const v = vector(vectors, 'snap-token-rsa-midtrans-demo');
    const h = signWith(
      'snap-token',
      {},
      { p_client_id: v.clientKey!, p_private_key: demoKey },
      request('http://127.0.0.1:9/v1.0/access-token/b2b', 'POST', { 'X-TIMESTAMP': v.timestamp! }, '{}'),
    );
    expect(h['X-SIGNATURE']).toBe(v.signatureBase64);
    expect(h['X-CLIENT-KEY']).toBe(v.clientKey);
  });

  it('snap-transaction (HMAC-SHA512, base64 and hex) from a pretty-printed body', () => {
    const v = vector(vectors, 'snap-symmetric-hmac-midtrans-demo');
    for (const [encoding, expected] of [
      ['base64', v.signatureBase64],
      ['hex', v.signatureHexLower],
    ] as const) {
      const r = request(
        `http://127.0.0.1:9${v.path}`,
        v.method!,
        { 'X-TIMESTAMP': v.timestamp!, 'X-EXTERNAL-ID': '1' },
        JSON.stringify(JSON.parse(v.body!), null, 2),
      );
      const h = signWith(
        'snap-transaction',
        { signatureEncoding: encoding },
        { p_client_secret: v.clientSecret!, p_access_token: v.accessToken! },
        r,
      );
      expect(h['X-SIGNATURE']).toBe(expected);
      expect(r.body?.raw).toBe(v.body);
    }
  });

  it('snap-transaction with no body, and snap-asymmetric (notification)', () => {
    const empty = vector(vectors, 'snap-symmetric-hmac-empty-body');
    const r = request(`http://127.0.0.1:9${empty.path}`, empty.method!, {
      'X-TIMESTAMP': empty.timestamp!,
      'X-EXTERNAL-ID': '1',
    });
    expect(
      signWith(
        'snap-transaction',
        {},
        { p_client_secret: empty.clientSecret!, p_access_token: empty.accessToken! },
        r,
      )['X-SIGNATURE'],
    ).toBe(empty.signatureBase64);
    const notify = vector(vectors, 'snap-notify-rsa-verify-midtrans-demo');
    const n = request(
      `http://127.0.0.1:9${notify.path}`,
      notify.method!,
      { 'X-TIMESTAMP': notify.timestamp!, 'X-EXTERNAL-ID': '1' },
      notify.body,
    );
    expect(signWith('snap-asymmetric', {}, { p_private_key: demoKey }, n)['X-SIGNATURE']).toBe(
      notify.signatureBase64,
    );
  });

  it('bri-v2 (HMAC-SHA256), GET and POST', () => {
    for (const id of ['bri-v2-hmac-get', 'bri-v2-hmac-post']) {
      const v = vector(vectors, id);
      const r = request(
        `http://127.0.0.1:9${v.path}`,
        v.method!,
        { 'BRI-Timestamp': v.timestamp!, 'BRI-External-Id': '1' },
        v.body || undefined,
      );
      const h = signWith(
        'bri-v2',
        { externalIdHeader: 'BRI-External-Id' },
        { p_client_secret: v.clientSecret!, p_access_token: v.accessToken! },
        r,
      );
      expect(h['BRI-Signature'], id).toBe(v.signatureBase64);
    }
  });
});

describe('the signer in Node and the sandbox signer agree on every shipped request', () => {
  let ctx: Awaited<ReturnType<typeof createSandbox>>;
  beforeAll(async () => {
    ctx = await createSandbox();
  });
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
  afterAll(() => ctx?.dispose());

  const project = loadProject(REPO_ROOT).value!;
  // Dynamic variables get one fixed value, so both signers see the same resolved request.
  const fixed: Record<string, string> = {
    $timestamp: '1795000000',
    $isoTimestamp: '2026-11-22T01:00:00.000Z',
    $randomInt: '417',
    $randomCreditCardMask: '4321',
    $guid: '0b5e5c0e-7d0c-4d43-9c2f-3a4c0e2f1a11',
    $kontrakId: '4212345678',
  };

  /** The item as the runtime hands it over: every {{variable}} resolved; a given timestamp and external id. */
  function resolved(item: PostmanItem, provider: Provider, values: Record<string, string>): PostmanItem {
    const text = JSON.stringify(item.request).replace(/\{\{([^{}]+)\}\}/g, (whole, name: string) =>
      JSON.stringify(values[name] ?? fixed[name] ?? whole).slice(1, -1),
    );
    const req = JSON.parse(text) as PostmanItem['request'];
    const bri = /bri-v2/.test(JSON.stringify(req.header));
    req.header = [
      ...req.header,
      {
        key: bri ? 'BRI-Timestamp' : 'X-TIMESTAMP',
        value: bri ? '2026-11-22T01:00:00.000Z' : '2026-11-22T08:00:00+07:00',
      },
      ...(/snap-token/.test(JSON.stringify(req.header))
        ? []
        : [{ key: provider.signing.externalIdHeader, value: '123456789' }]),
    ];
    return { ...item, request: req };
  }

  for (const suite of project.suites) {
    it(suite.name, async () => {
      const provider = project.providers.get(suite.provider)!;
      const collection = renderCollection({
        suite,
        provider,
        signerScript: await signerScript(),
        forPostman: true,
      });
      const values: Record<string, string> = Object.fromEntries(
        generateMockCredentials([provider], 'http://127.0.0.1:9').values.map((v) => [v.key, v.value]),
      );
      values[providerVariable(provider.name, 'access_token')] = 'tok.en-123';
      const collectionVariables = Object.fromEntries(collection.variable.map((v) => [v.key, v.value]));
      let compared = 0;
      for (const item of collection.item) {
        if (!item.request.header.some((h) => h.key === SIGN_DIRECTIVE_HEADER)) continue;
        const input = resolved(item, provider, values);
        const sandbox = await run(ctx, {
          request: input.request as never,
          collectionVariables: Object.entries(collectionVariables).map(([key, value]) => ({ key, value })),
          environment: Object.entries(values).map(([key, value]) => ({ key, value })),
        });
        expect(sandbox.error, item.name).toBeUndefined();
        const node = new sdk.Request(input.request) as unknown as SdkRequest;
        signInNode(node, variableView(values, collectionVariables, {}));
        expect(headersOf(node), item.name).toEqual(sandbox.headers);
        expect(node.body?.raw ?? '', item.name).toBe(sandbox.request.body?.raw ?? '');
        expect(node.url.getPath(), item.name).toBe('/' + (sandbox.request.url.path ?? []).join('/'));
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    });
  }
});

describe.each([
  ['in Node', true],
  ['in the collection script', false],
] as const)('a request the signer %s cannot sign', (_where, inNode) => {
  it('is not sent, says why, and the run goes on', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${String(req.headers['x-signature'] ?? '-')}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const directive = { key: SIGN_DIRECTIVE_HEADER, value: 'snap-transaction; provider=p' };
      const out = await runNewman({
        collection: {
          info: {
            _postman_id: 'x',
            name: 'x',
            description: '',
            schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
          },
          item: [
            {
              id: 'unsignable',
              name: 'no token yet',
              request: {
                method: 'POST',
                url: `${base}/first`,
                header: [directive],
                body: { mode: 'raw', raw: '{}' },
              } as never,
            },
            {
              id: 'plain',
              name: 'unsigned by design',
              request: { method: 'GET', url: `${base}/second`, header: [] } as never,
            },
          ],
          variable: [{ key: 'kontrak_provider_p', value: JSON.stringify(profile()), type: 'string' }],
          ...(inNode
            ? {}
            : {
                event: [
                  { listen: 'prerequest', script: { type: 'text/javascript', exec: await signerScript() } },
                ],
              }),
        },
        values: [{ key: 'p_client_secret', value: 's', secret: true }],
        timeoutRequest: 5000,
        signInNode: inNode,
      });
      expect(seen).toEqual(['GET /second -']);
      expect(out.scriptErrors.get('unsignable')).toBe(
        'not sent: kontrak: variable "p_access_token" is empty',
      );
      expect(out.exchanges.map((x) => x.itemId)).toContain('plain');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
