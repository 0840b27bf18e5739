/**
 * Property test of the signing contract: over random profiles, schemes, paths, queries and bodies,
 * the sandbox signer (the bundle Postman runs), the Node signer (kontrak run) and the mock bank's
 * verification agree byte for byte; and a signature made the wrong way along one variant axis is
 * diagnosed as exactly that axis. Seeded, so a failure reproduces (KONTRAK_PROPERTY_SEED).
 */
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import sdk from 'postman-collection';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SIGN_QUERY_VALUES,
  signedPath,
  stringToSign,
  type SignedParts,
  type SigningPolicy,
  type SigningScheme,
} from '../../scripts/signing-contract.ts';
import { formatTimestamp } from '../../scripts/timestamp.ts';
import { checkSignature, sha256Hex } from '../../src/mock/gate/signature.ts';
import { SIGN_DIRECTIVE_HEADER, type ProviderSigning } from '../../src/model/types.ts';
import { signInNode, variableView, type SdkRequest } from '../../src/run/node-signer.ts';
import { createSandbox, profile, run } from './sandbox-helpers.ts';

/** The value, or a test failure saying it is missing. */
function must<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`${what} is missing`);
  return value;
}

const SEED = Number(process.env.KONTRAK_PROPERTY_SEED ?? 20261129);
const CASES = 30;

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => must(items[Math.floor(random() * items.length)]);
const word = (alphabet = 'abcxyzé9-_'): string =>
  Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(Array.from(alphabet))).join('');

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const SECRET = 'sëcret-of-p';
const TOKEN = 'tok-123';

interface Case {
  scheme: SigningScheme;
  signing: ProviderSigning;
  method: string;
  url: string;
  body: string | undefined;
  timestamp: string;
}

function randomCase(): Case {
  const scheme = pick<SigningScheme>([
    'snap-transaction',
    'snap-transaction',
    'bri-v2',
    'snap-asymmetric',
    'snap-token',
  ]);
  const timestampFormat = scheme === 'bri-v2' ? 'utc-millis' : pick(['snap', 'snap-millis'] as const);
  const signing = profile({
    signatureEncoding: pick(['base64', 'hex'] as const),
    signedPathStripPrefix: pick(['', '/nicepay', '/nicepay/', '/snap']),
    signQuery: pick(SIGN_QUERY_VALUES),
    bodyHash: pick(['minified', 'as-sent'] as const),
    timestampFormat,
    externalIdHeader: scheme === 'bri-v2' ? 'BRI-External-Id' : 'X-EXTERNAL-ID',
  });
  const prefix = pick(['', '/nicepay', '/snap', '/intrabank/snap']);
  const path = `${prefix}/v1.0/${word()}/${word()}`;
  const params = Array.from({ length: Math.floor(random() * 4) }, () => `${word('bac')}=${word()}`);
  const method = pick(['POST', 'POST', 'GET', 'DELETE']);
  const value = {
    [word()]: word(),
    amount: { value: '10000.00', currency: 'IDR' },
    n: Math.floor(random() * 1e6) / 100,
  };
  const body = method === 'GET' ? undefined : JSON.stringify(value, null, pick([0, 2]));
  const timestamp = formatTimestamp(
    Date.UTC(2026, 10, 29, 3, Math.floor(random() * 60), 7, 250),
    timestampFormat,
  );
  return {
    scheme,
    signing,
    method,
    url: `http://127.0.0.1:9${path}${params.length ? `?${params.join('&')}` : ''}`,
    body,
    timestamp,
  };
}

const cases = Array.from({ length: CASES }, randomCase);
const credentials = {
  p_client_id: 'CLIENTP',
  p_client_secret: SECRET,
  p_access_token: TOKEN,
  p_private_key: PRIVATE_PEM,
};
const headerOf = (c: Case) => (c.scheme === 'bri-v2' ? 'BRI-Timestamp' : 'X-TIMESTAMP');
const signatureHeader = (c: Case) => (c.scheme === 'bri-v2' ? 'BRI-Signature' : 'X-SIGNATURE');

function signedInNode(c: Case) {
  const request = new sdk.Request({
    url: c.url,
    method: c.method,
    header: [
      { key: SIGN_DIRECTIVE_HEADER, value: `${c.scheme}; provider=p` },
      { key: headerOf(c), value: c.timestamp },
      { key: c.signing.externalIdHeader, value: '123456789' },
    ],
    ...(c.body !== undefined ? { body: { mode: 'raw', raw: c.body } } : {}),
  }) as unknown as SdkRequest;
  const result = must(
    signInNode(request, variableView(credentials, { kontrak_provider_p: JSON.stringify(c.signing) }, {})),
  );
  const headers: Record<string, string> = {};
  (
    request as unknown as { headers: { each(f: (h: { key: string; value: string }) => void): void } }
  ).headers.each((h) => {
    headers[h.key] = h.value;
  });
  const sent = (request as unknown as { url: { toString(): string } }).url.toString();
  return {
    result,
    headers,
    pathWithQuery: sent.replace(/^https?:\/\/[^/]+/, ''),
    body: request.body?.raw ?? '',
  };
}

/** What the mock receives of a request the Node signer signed. */
function received(c: Case, node: ReturnType<typeof signedInNode>): SignedParts {
  return {
    scheme: c.scheme,
    method: c.method,
    pathWithQuery: node.pathWithQuery,
    body: node.body,
    timestamp: c.timestamp,
    clientKey: 'CLIENTP',
    accessToken: TOKEN,
  };
}

const policyOf = (s: ProviderSigning): SigningPolicy => ({
  signedPathStripPrefix: s.signedPathStripPrefix,
  signQuery: s.signQuery,
  bodyHash: s.bodyHash,
  signatureEncoding: s.signatureEncoding,
});
const rsa = (c: Case) => c.scheme === 'snap-token' || c.scheme === 'snap-asymmetric';
const keyOf = (c: Case) => (rsa(c) ? { publicKey } : { secret: SECRET });

/** A signature over `text` the way a client of this case's scheme writes it. */
function clientSignature(c: Case, text: string, encoding: 'base64' | 'hex' = 'base64'): string {
  if (rsa(c)) return sign('sha256', Buffer.from(text), privateKey).toString(encoding);
  const algorithm = c.scheme === 'bri-v2' ? 'sha256' : 'sha512';
  return createHmac(algorithm, SECRET).update(text, 'utf8').digest(encoding);
}

let ctx: Awaited<ReturnType<typeof createSandbox>>;
beforeAll(async () => {
  ctx = await createSandbox();
});
afterAll(() => {
  ctx.dispose();
});

describe(`signing contract property (seed ${SEED})`, () => {
  it('sandbox signer, Node signer and mock verification agree on every case', async () => {
    for (const [i, c] of cases.entries()) {
      const node = signedInNode(c);
      const sandbox = await run(ctx, {
        request: {
          url: c.url,
          method: c.method,
          header: [
            { key: SIGN_DIRECTIVE_HEADER, value: `${c.scheme}; provider=p` },
            { key: headerOf(c), value: c.timestamp },
            { key: c.signing.externalIdHeader, value: '123456789' },
          ],
          ...(c.body !== undefined ? { body: { mode: 'raw', raw: c.body } } : {}),
        },
        collectionVariables: [{ key: 'kontrak_provider_p', value: JSON.stringify(c.signing) }],
        environment: Object.entries(credentials).map(([key, value]) => ({ key, value })),
      });
      const label = `case ${i}: ${JSON.stringify(c)}`;
      expect(sandbox.error, label).toBeUndefined();
      expect(sandbox.headers[signatureHeader(c)], label).toBe(node.headers[signatureHeader(c)]);
      const verdict = checkSignature({
        parts: received(c, node),
        policy: policyOf(c.signing),
        signature: must(node.headers[signatureHeader(c)]),
        key: keyOf(c),
      });
      expect(verdict, label).toEqual({ ok: true, stringToSign: node.result.stringToSign });
    }
  }, 120_000);

  it('a signature made the wrong way along one axis is diagnosed as that axis', () => {
    let checked = 0;
    for (const [i, c] of cases.entries()) {
      const node = signedInNode(c);
      const parts = received(c, node);
      const policy = policyOf(c.signing);
      const deviations: Array<[string, SignedParts, string]> = [];
      const wrong = (p: Partial<SigningPolicy>, q: Partial<SignedParts> = {}) =>
        stringToSign({ ...parts, ...q }, { ...policy, ...p }, sha256Hex);
      const good = stringToSign(parts, policy, sha256Hex);
      if (c.scheme !== 'snap-token') {
        const other = SIGN_QUERY_VALUES.find(
          (m) =>
            signedPath(parts.pathWithQuery, policy.signedPathStripPrefix, m) !==
            signedPath(parts.pathWithQuery, policy.signedPathStripPrefix, policy.signQuery),
        );
        if (other) deviations.push(['query', parts, wrong({ signQuery: other })]);
        const path = parts.pathWithQuery.split('?', 1)[0] ?? '';
        if (signedPath(path, policy.signedPathStripPrefix, 'excluded') !== path)
          deviations.push(['path', parts, wrong({ signedPathStripPrefix: '' })]);
        else deviations.push(['path', parts, wrong({ signedPathStripPrefix: `/${path.split('/')[1]}` })]);
        if (parts.body !== '') {
          // The body arrives pretty-printed; the client hashed the form this bank does not.
          const pretty = JSON.stringify(JSON.parse(parts.body), null, 2);
          const hashed = policy.bodyHash === 'minified' ? pretty : parts.body;
          deviations.push([
            'body',
            { ...parts, body: pretty },
            wrong({ bodyHash: 'as-sent' }, { body: hashed }),
          ]);
        }
      }
      if (c.scheme === 'snap-transaction')
        deviations.push(['bearer', parts, wrong({}, { accessToken: `Bearer ${TOKEN}` })]);
      if (c.scheme === 'bri-v2')
        deviations.push(['bearer', parts, good.replace('&token=Bearer ', '&token=')]);
      deviations.push([
        'timestamp',
        parts,
        wrong(
          {},
          {
            timestamp: formatTimestamp(
              Date.parse(c.timestamp),
              c.scheme === 'bri-v2' ? 'snap' : 'utc-millis',
            ),
          },
        ),
      ]);
      for (const [axis, receivedParts, text] of deviations) {
        const verdict = checkSignature({
          parts: receivedParts,
          policy,
          signature: clientSignature(
            c,
            text,
            c.scheme === 'snap-transaction' ? policy.signatureEncoding : 'base64',
          ),
          key: keyOf(c),
        });
        expect(verdict.ok ? [] : verdict.axes, `case ${i} ${axis}: ${JSON.stringify(c)}`).toEqual([axis]);
        checked++;
      }
      const expectedEncoding = c.scheme === 'snap-transaction' ? policy.signatureEncoding : 'base64';
      const encodingWrong = checkSignature({
        parts,
        policy,
        signature: clientSignature(c, good, expectedEncoding === 'hex' ? 'base64' : 'hex'),
        key: keyOf(c),
      });
      expect(encodingWrong.ok ? [] : encodingWrong.axes, `case ${i} encoding ${JSON.stringify(c)}`).toEqual([
        'encoding',
      ]);
    }
    expect(checked).toBeGreaterThan(CASES * 3);
  });
});
