/**
 * The BUNDLED signer executed inside postman-sandbox 4.7.1 (what newman 6.2.2 runs): published
 * and derived vectors, RSA against node:crypto for several key sizes and forms, and signRequest
 * on whole requests, checked with node:crypto.
 */
import {
  createHash,
  createHmac,
  createPublicKey,
  generateKeyPair,
  verify,
  sign as nodeSign,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSandbox,
  evaluate,
  loadVectors,
  profile,
  run,
  vector,
  type ExecutionResult,
  type Variable,
} from './sandbox-helpers.ts';

const vectors = loadVectors();
const demoKey = vectors.rsaDemoKey.privateKeyPkcs8Pem;
const demoPublic = createPublicKey(vectors.rsaDemoKey.publicKeySpkiPem);

let ctx: Awaited<ReturnType<typeof createSandbox>>;
beforeAll(async () => {
  ctx = await createSandbox();
});
// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
afterAll(() => ctx?.dispose());

const js = (v: unknown) => JSON.stringify(v);

describe('published and derived vectors, in the sandbox', () => {
  it('snap-token: Midtrans demo SHA256withRSA over clientKey|timestamp', async () => {
    const v = vector(vectors, 'snap-token-rsa-midtrans-demo');
    const out = (await evaluate(
      ctx,
      `(function () { var s = kontrakSigner.snapTokenStringToSign(${js(v.clientKey)}, ${js(v.timestamp)});
        return { s: s, sig: kontrakSigner.rsaSignBase64(CryptoJS, pm.environment.get('key'), s) }; })()`,
      [{ key: 'key', value: demoKey }],
    )) as { s: string; sig: string };
    expect(out.s).toBe(v.stringToSign);
    expect(out.sig).toBe(v.signatureBase64);
  });

  it('snap-transaction: Midtrans demo HMAC-SHA512, base64 and hex, from a pretty-printed body', async () => {
    const v = vector(vectors, 'snap-symmetric-hmac-midtrans-demo');
    const pretty = JSON.stringify(JSON.parse(v.body!), null, 2);
    const out = (await evaluate(
      ctx,
      `(function () { var k = kontrakSigner; var body = k.minifyJson(${js(pretty)}); var h = k.sha256Hex(CryptoJS, body);
        var s = k.snapTransactionStringToSign('POST', ${js(v.path)}, ${js(v.accessToken)}, h, ${js(v.timestamp)});
        return { body: body, h: h, s: s, b64: k.hmacSha512(CryptoJS, ${js(v.clientSecret)}, s, 'base64'),
                 hex: k.hmacSha512(CryptoJS, ${js(v.clientSecret)}, s, 'hex') }; })()`,
    )) as Record<string, string>;
    expect(out.body).toBe(v.body);
    expect(out.h).toBe(v.bodySha256Hex);
    expect(out.s).toBe(v.stringToSign);
    expect(out.b64).toBe(v.signatureBase64);
    expect(out.hex).toBe(v.signatureHexLower);
  });

  it('snap-transaction with no body hashes the empty string', async () => {
    const v = vector(vectors, 'snap-symmetric-hmac-empty-body');
    const out = (await evaluate(
      ctx,
      `(function () { var k = kontrakSigner; var h = k.sha256Hex(CryptoJS, '');
        var s = k.snapTransactionStringToSign('get', ${js(v.path)}, ${js(v.accessToken)}, h, ${js(v.timestamp)});
        return { h: h, s: s, sig: k.hmacSha512(CryptoJS, ${js(v.clientSecret)}, s, 'base64') }; })()`,
    )) as Record<string, string>;
    expect(out.h).toBe(v.bodySha256Hex);
    expect(out.s).toBe(v.stringToSign);
    expect(out.sig).toBe(v.signatureBase64);
  });

  it('snap-asymmetric: the Midtrans notification signature verifies over our string to sign, and we re-create it', async () => {
    const v = vector(vectors, 'snap-notify-rsa-verify-midtrans-demo');
    const out = (await evaluate(
      ctx,
      `(function () { var k = kontrakSigner; var h = k.sha256Hex(CryptoJS, k.minifyJson(${js(v.body)}));
        var s = k.snapAsymmetricStringToSign(${js(v.method)}, ${js(v.path)}, h, ${js(v.timestamp)});
        return { h: h, s: s, sig: k.rsaSignBase64(CryptoJS, pm.environment.get('key'), s) }; })()`,
      [{ key: 'key', value: demoKey }],
    )) as Record<string, string>;
    expect(out.h).toBe(v.bodySha256Hex);
    expect(out.s).toBe(v.stringToSign);
    expect(
      verify('sha256', Buffer.from(out.s!, 'utf8'), demoPublic, Buffer.from(v.signatureBase64!, 'base64')),
    ).toBe(true);
    expect(out.sig).toBe(v.signatureBase64); // PKCS#1 v1.5 is deterministic
    expect(verify('sha256', Buffer.from(out.s!, 'utf8'), demoPublic, Buffer.from(out.sig!, 'base64'))).toBe(
      true,
    );
  });

  it.each(['bri-v2-hmac-get', 'bri-v2-hmac-post'])('bri-v2: %s', async (id) => {
    const v = vector(vectors, id);
    const out = (await evaluate(
      ctx,
      `(function () { var k = kontrakSigner;
        var p = k.briV2Payload(${js(v.path)}, ${js(v.method)}, ${js(v.accessToken)}, ${js(v.timestamp)}, ${js(v.body)});
        return { p: p, sig: k.hmacSha256(CryptoJS, ${js(v.clientSecret)}, p, 'base64') }; })()`,
    )) as Record<string, string>;
    expect(out.p).toBe(v.payload);
    expect(out.sig).toBe(v.signatureBase64);
  });

  it('formats timestamps from a fixed instant', async () => {
    const t = Date.UTC(2024, 2, 5, 10, 37, 16, 196);
    const out = await evaluate(
      ctx,
      `['snap', 'snap-millis', 'utc-millis'].map(function (f) { return kontrakSigner.formatTimestamp(${t}, f); })`,
    );
    expect(out).toEqual([
      '2024-03-05T17:37:16+07:00',
      '2024-03-05T17:37:16.196+07:00',
      '2024-03-05T10:37:16.196Z',
    ]);
  });
});

describe('RSA in the sandbox against crypto.sign', () => {
  const messages = [
    '',
    'G1234325-SNAP|2024-03-01T08:27:49.024Z',
    'POST:/v1.0/x:{"name":"Zoë ✓ 😀 日本"}:2024-01-01T00:00:00+07:00',
    'x'.repeat(5000),
  ];

  it.each([2048, 3072, 4096])(
    '%i-bit keys in PKCS#8, PKCS#1, escaped-\\n and bare base64 DER forms',
    async (bits) => {
      const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: bits });
      const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
      const forms: Record<string, string> = {
        pkcs8,
        pkcs1,
        escaped8: pkcs8.replace(/\n/g, '\\n'),
        escaped1: pkcs1.trim().replace(/\n/g, '\\n'),
        crlf: pkcs8.replace(/\n/g, '\r\n'),
        bare8: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
        bare1: privateKey.export({ type: 'pkcs1', format: 'der' }).toString('base64'),
      };
      const env: Variable[] = Object.entries(forms).map(([key, value]) => ({ key, value }));
      const out = (await evaluate(
        ctx,
        `${js(Object.keys(forms))}.map(function (f) { return ${js(messages)}.map(function (m) {
          return kontrakSigner.rsaSignBase64(CryptoJS, pm.environment.get(f), m, f); }); })`,
        env,
      )) as string[][];
      const expected = messages.map((m) =>
        nodeSign('sha256', Buffer.from(m, 'utf8'), privateKey).toString('base64'),
      );
      expect(out).toHaveLength(Object.keys(forms).length);
      for (const sigs of out) expect(sigs).toEqual(expected);
    },
    30_000,
  );

  // How fast is measured by bench/signer.bench.ts (its budget lives there); this checks the result.
  it('signs with a 2048-bit key inside the sandbox exactly as node:crypto does', async () => {
    const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const out = (await evaluate(
      ctx,
      `(function () { var key = pm.environment.get('key'), out = [];
        for (var i = 0; i < 3; i++) out.push(kontrakSigner.rsaSignBase64(CryptoJS, key, 'message ' + i));
        return out; })()`,
      [{ key: 'key', value: pem }],
    )) as string[];
    expect(out).toEqual(
      [0, 1, 2].map((i) => nodeSign('sha256', Buffer.from(`message ${i}`), privateKey).toString('base64')),
    );
  });

  it('reports encrypted and garbage keys by variable name', async () => {
    const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    const enc = privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'x' })
      .toString();
    const out = await evaluate(
      ctx,
      `['enc', 'junk'].map(function (k) { try { kontrakSigner.rsaSignBase64(CryptoJS, pm.environment.get(k), 'm', 'nicepay_private_key'); return 'signed'; }
         catch (e) { return e.message; } })`,
      [
        { key: 'enc', value: enc },
        { key: 'junk', value: 'not a key at all' },
      ],
    );
    expect(out).toEqual([
      'kontrak: nicepay_private_key is an encrypted PEM; supply it decrypted',
      'kontrak: nicepay_private_key is not an RSA private key (neither PEM nor base64 DER)',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// signRequest on whole requests, with the current time

function sentPath(req: ExecutionResult['request']): string {
  const path = '/' + (req.url.path ?? []).join('/');
  const q = req.url.query ?? [];
  return q.length
    ? path + '?' + q.map((p) => (p.value === null ? p.key : `${p.key}=${p.value}`)).join('&')
    : path;
}

const sha256hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

interface SignCase {
  scheme: string;
  providerVars?: Variable[];
  profile?: Parameters<typeof profile>[0];
  method?: string;
  url?: string;
  raw?: string;
  headers?: Array<{ key: string; value: string }>;
  vars?: Variable[];
  directive?: string;
}

async function signCase(c: SignCase) {
  const header = [
    ...(c.headers ?? []),
    { key: 'X-Kontrak-Sign', value: c.directive ?? `${c.scheme}; provider=p` },
  ];
  return run(ctx, {
    request: {
      url: c.url ?? 'http://127.0.0.1:9/nicepay/api/v1.0/transfer-va/create-va',
      method: c.method ?? 'POST',
      header,
      ...(c.raw !== undefined
        ? { body: { mode: 'raw', raw: c.raw, options: { raw: { language: 'json' } } } }
        : {}),
    },
    collectionVariables: [
      { key: 'kontrak_provider_p', value: JSON.stringify(profile(c.profile)) },
      ...(c.vars ?? []),
    ],
    environment: c.providerVars ?? [],
  });
}

describe('signRequest in the sandbox', () => {
  let rsa: { privateKey: KeyObject; publicKey: KeyObject };
  let pem: string;
  beforeAll(async () => {
    rsa = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n');
  });
  const hmacVars: Variable[] = [
    { key: 'p_client_secret', value: 'sëcret' },
    { key: 'p_access_token', value: 'tok.en-123' },
  ];
  const body =
    '{\n  "id": "{{$guid}}",\n  "name": "{{name}}",\n  "amount": {"value": "10000.00", "currency": "IDR"}\n}';
  const vars: Variable[] = [
    { key: 'name', value: '  Zoë ✓ 😀  ' },
    { key: 'seg', value: 'a b/ü' },
  ];

  it('snap-transaction (base64): pins body and URL and signs them; the directive is gone', async () => {
    const r = await signCase({
      scheme: 'snap-transaction',
      providerVars: hmacVars,
      profile: { signedPathStripPrefix: '/nicepay', signQuery: 'as-sent', timestampFormat: 'snap' },
      url: 'http://127.0.0.1:9/nicepay/api/v1.0/{{seg}}?q=x y&t={{name}}',
      raw: body,
      vars,
    });
    expect(r.error).toBeUndefined();
    const sent = r.request.body!.raw!;
    expect(sent).toMatch(
      /^\{"id":"[0-9a-f-]{36}","name":" {2}Zoë ✓ 😀 {2}","amount":\{"value":"10000.00","currency":"IDR"\}\}$/,
    );
    expect(r.request.body!.options).toEqual({ raw: { language: 'json' } });
    const path = sentPath(r.request);
    expect(path).toBe(
      '/nicepay/api/v1.0/a%20b/%C3%BC?q=x%20y&t=%20%20Zo%C3%AB%20%E2%9C%93%20%F0%9F%98%80%20%20',
    );
    const h = r.headers;
    expect(Object.keys(h).map((k) => k.toLowerCase())).not.toContain('x-kontrak-sign');
    expect(h['X-TIMESTAMP']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    expect(Math.abs(Date.parse(h['X-TIMESTAMP']!) - Date.now())).toBeLessThan(5000);
    expect(h['Authorization']).toBe('Bearer tok.en-123');
    expect(h['Content-Type']).toBe('application/json');
    expect(h['X-EXTERNAL-ID']).toMatch(/^[1-9]\d{8}$/);
    const s = `POST:${path.slice('/nicepay'.length)}:tok.en-123:${sha256hex(sent)}:${h['X-TIMESTAMP']}`;
    expect(h['X-SIGNATURE']).toBe(createHmac('sha512', 'sëcret').update(s, 'utf8').digest('base64'));
  });

  it('snap-transaction (hex, snap-millis, query not signed, GET without body)', async () => {
    const r = await signCase({
      scheme: 'snap-transaction',
      providerVars: hmacVars,
      profile: {
        signatureEncoding: 'hex',
        timestampFormat: 'snap-millis',
        externalIdDigits: 36,
        externalIdHeader: 'X-External-ID',
      },
      method: 'GET',
      url: 'http://127.0.0.1:9/snap/v1.0/balance-inquiry?x=1',
      raw: '{"ignored": true}',
      headers: [{ key: 'x-timestamp', value: 'stale' }],
    });
    expect(r.error).toBeUndefined();
    const h = r.headers;
    // a timestamp set by the request itself is kept (and signed) as given
    expect(h['X-TIMESTAMP']).toBe('stale');
    expect(h['x-timestamp']).toBeUndefined();
    expect(h['X-External-ID']).toMatch(/^[1-9]\d{35}$/);
    const s = `GET:/snap/v1.0/balance-inquiry:tok.en-123:${sha256hex('')}:stale`;
    expect(h['X-SIGNATURE']).toBe(createHmac('sha512', 'sëcret').update(s).digest('hex'));
  });

  it('snap-token: RSA over client_id|timestamp with an escaped-\\n PEM', async () => {
    const r = await signCase({
      scheme: 'snap-token',
      providerVars: [
        { key: 'p_client_id', value: 'IONPAYTEST' },
        { key: 'p_private_key', value: pem },
      ],
      url: 'http://127.0.0.1:9/nicepay/v1.0/access-token/b2b',
      raw: '{ "grantType": "client_credentials", "additionalInfo": {} }',
    });
    expect(r.error).toBeUndefined();
    const h = r.headers;
    expect(h['X-CLIENT-KEY']).toBe('IONPAYTEST');
    expect(h['Content-Type']).toBe('application/json');
    expect(h['X-EXTERNAL-ID']).toBeUndefined();
    expect(r.request.body!.raw).toBe('{"grantType":"client_credentials","additionalInfo":{}}');
    expect(
      verify(
        'sha256',
        Buffer.from(`IONPAYTEST|${h['X-TIMESTAMP']}`),
        rsa.publicKey,
        Buffer.from(h['X-SIGNATURE']!, 'base64'),
      ),
    ).toBe(true);
  });

  it('snap-asymmetric: RSA over METHOD:path:hash:timestamp; keeps an external id the request brings', async () => {
    const r = await signCase({
      scheme: 'snap-asymmetric',
      providerVars: [{ key: 'p_private_key', value: pem }],
      profile: { timestampFormat: 'utc-millis' },
      url: 'http://127.0.0.1:9/v1.0/debit/notify',
      raw: body,
      vars,
      headers: [{ key: 'x-external-id', value: '{{myId}}' }],
    });
    expect(r.error).toBeUndefined();
    const h = r.headers;
    expect(h['X-TIMESTAMP']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(h['Authorization']).toBeUndefined();
    expect(h['X-EXTERNAL-ID']).toBe('{{myId}}'); // unresolved variable stays unresolved: not ours to invent
    const s = `POST:/v1.0/debit/notify:${sha256hex(r.request.body!.raw!)}:${h['X-TIMESTAMP']}`;
    expect(verify('sha256', Buffer.from(s), rsa.publicKey, Buffer.from(h['X-SIGNATURE']!, 'base64'))).toBe(
      true,
    );
  });

  it('bri-v2: HMAC-SHA256 over path/verb/token/timestamp/raw body; BRI-* headers', async () => {
    const r = await signCase({
      scheme: 'bri-v2',
      providerVars: hmacVars,
      profile: { timestampFormat: 'utc-millis', externalIdHeader: 'BRI-External-Id', externalIdDigits: 9 },
      url: 'http://127.0.0.1:9/v2.0/mpn/inquiryBilling',
      raw: '{ "hello": "{{name}}" }',
      vars,
    });
    expect(r.error).toBeUndefined();
    const h = r.headers;
    expect(h['BRI-Timestamp']).toMatch(/Z$/);
    expect(h['BRI-External-Id']).toMatch(/^[1-9]\d{8}$/);
    expect(h['Authorization']).toBe('Bearer tok.en-123');
    expect(h['X-SIGNATURE']).toBeUndefined();
    const payload = `path=/v2.0/mpn/inquiryBilling&verb=POST&token=Bearer tok.en-123&timestamp=${h['BRI-Timestamp']}&body={"hello":"  Zoë ✓ 😀  "}`;
    expect(h['BRI-Signature']).toBe(createHmac('sha256', 'sëcret').update(payload).digest('base64'));
  });

  it('tamper=signature corrupts the signature deterministically', async () => {
    const c: SignCase = {
      scheme: 'bri-v2',
      providerVars: hmacVars,
      method: 'GET',
      url: 'http://127.0.0.1:9/v1/inquiry/1',
      headers: [{ key: 'BRI-Timestamp', value: '2019-01-02T13:14:15.678Z' }],
    };
    const good = await signCase(c);
    const bad = await signCase({ ...c, directive: 'bri-v2; provider=p; tamper=signature' });
    const g = good.headers['BRI-Signature']!;
    const b = bad.headers['BRI-Signature']!;
    expect(b).not.toBe(g);
    expect(b.slice(1)).toBe(g.slice(1));
  });

  it('tamper=token sends a token the server never issued, correctly signed over it', async () => {
    const c: SignCase = {
      scheme: 'snap-transaction',
      providerVars: hmacVars,
      raw: '{"a":1}',
      headers: [{ key: 'X-TIMESTAMP', value: '2024-03-05T17:37:16+07:00' }],
    };
    const bad = await signCase({ ...c, directive: 'snap-transaction; provider=p; tamper=token' });
    expect(bad.headers['Authorization']).toBe('Bearer xtok.en-123');
    const sts = `POST:/nicepay/api/v1.0/transfer-va/create-va:xtok.en-123:${createHash('sha256').update('{"a":1}').digest('hex')}:2024-03-05T17:37:16+07:00`;
    expect(bad.headers['X-SIGNATURE']).toBe(createHmac('sha512', 'sëcret').update(sts).digest('base64'));
    const unknown = await signCase({ ...c, directive: 'snap-transaction; provider=p; tamper=everything' });
    expect(unknown.error?.message).toBe('kontrak: X-Kontrak-Sign has unknown parameter "tamper=everything"');
  });

  it('resolves Postman path variables (:id) before signing', async () => {
    const r = await run(ctx, {
      request: {
        url: {
          raw: 'http://127.0.0.1:9/v1/items/:id',
          host: ['127.0.0.1'],
          port: '9',
          protocol: 'http',
          path: ['v1', 'items', ':id'],
          variable: [{ key: 'id', value: '{{vid}}' }],
        },
        method: 'DELETE',
        header: [{ key: 'X-Kontrak-Sign', value: 'snap-transaction; provider=p' }],
      },
      collectionVariables: [
        { key: 'kontrak_provider_p', value: JSON.stringify(profile()) },
        { key: 'vid', value: 'A 1' },
      ],
      environment: hmacVars,
    });
    expect(r.error).toBeUndefined();
    expect(sentPath(r.request)).toBe('/v1/items/A%201');
    const s = `DELETE:/v1/items/A%201:tok.en-123:${sha256hex('')}:${r.headers['X-TIMESTAMP']}`;
    expect(r.headers['X-SIGNATURE']).toBe(createHmac('sha512', 'sëcret').update(s).digest('base64'));
  });

  it('leaves a request without the directive untouched', async () => {
    const r = await run(ctx, {
      request: {
        url: 'http://h/{{x}} y',
        method: 'POST',
        header: [{ key: 'A', value: '{{x}}' }],
        body: { mode: 'raw', raw: '{ "a": "{{$guid}}" }' },
      },
    });
    expect(r.error).toBeUndefined();
    expect(r.request.header).toEqual([{ key: 'A', value: '{{x}}' }]);
    expect(r.request.body!.raw).toBe('{ "a": "{{$guid}}" }');
  });

  it('fails clearly on a missing credential, profile or bad directive', async () => {
    const noSecret = await signCase({
      scheme: 'snap-transaction',
      providerVars: [{ key: 'p_access_token', value: 't' }],
    });
    expect(noSecret.error?.message).toBe('kontrak: variable "p_client_secret" is empty');
    const noKey = await signCase({
      scheme: 'snap-token',
      providerVars: [
        { key: 'p_client_id', value: 'c' },
        { key: 'p_private_key', value: '' },
      ],
    });
    expect(noKey.error?.message).toBe('kontrak: variable "p_private_key" is empty');
    const noProfile = await signCase({ scheme: 'snap-token', directive: 'snap-token; provider=zz' });
    expect(noProfile.error?.message).toMatch(/^kontrak: variable "kontrak_provider_zz" is missing/);
    const badProfile = await signCase({
      scheme: 'snap-token',
      profile: { timestampFormat: 'local' as never },
    });
    expect(badProfile.error?.message).toBe(
      'kontrak: variable "kontrak_provider_p" has a bad or missing "timestampFormat"',
    );
    const form = await run(ctx, {
      request: {
        url: 'http://h/x',
        method: 'POST',
        header: [{ key: 'X-Kontrak-Sign', value: 'bri-v2; provider=p' }],
        body: { mode: 'urlencoded', urlencoded: [{ key: 'a', value: 'b' }] },
      },
      collectionVariables: [{ key: 'kontrak_provider_p', value: JSON.stringify(profile()) }],
      environment: hmacVars,
    });
    expect(form.error?.message).toBe(
      'kontrak: only raw bodies can be signed, this request has a "urlencoded" body',
    );
  });

  it('is evaluated once per sandbox and always signs the current pm.request (no stale pm)', async () => {
    const first = await run(ctx, { after: ['kontrakSigner.marker = "kept";'] });
    expect(first.error).toBeUndefined();
    const ids: string[] = [];
    for (const path of ['/a', '/b', '/c']) {
      const r = await run(ctx, {
        request: {
          url: `http://127.0.0.1:9${path}`,
          method: 'POST',
          header: [{ key: 'X-Kontrak-Sign', value: 'snap-transaction; provider=p' }],
        },
        collectionVariables: [{ key: 'kontrak_provider_p', value: JSON.stringify(profile()) }],
        environment: hmacVars,
        after: ['pm.environment.set("out", JSON.stringify(kontrakSigner.marker));'],
      });
      expect(r.out).toBe('kept');
      const s = `POST:${path}:tok.en-123:${sha256hex('')}:${r.headers['X-TIMESTAMP']}`;
      expect(r.headers['X-SIGNATURE']).toBe(createHmac('sha512', 'sëcret').update(s).digest('base64'));
      ids.push(r.headers['X-EXTERNAL-ID']!);
    }
    expect(new Set(ids).size).toBe(3);
  });

  it('replaces a signer of another version left in a long-lived sandbox (the Postman app)', async () => {
    const planted = await run(ctx, {
      script: [
        'kontrakSigner = { version: "old", signRequest: function () { throw new Error("stale signer ran"); } };',
      ],
    });
    expect(planted.error).toBeUndefined();
    const r = await run(ctx, {
      request: {
        url: 'http://127.0.0.1:9/x',
        method: 'POST',
        header: [{ key: 'X-Kontrak-Sign', value: 'snap-transaction; provider=p' }],
      },
      collectionVariables: [{ key: 'kontrak_provider_p', value: JSON.stringify(profile()) }],
      environment: hmacVars,
      after: ['pm.environment.set("out", JSON.stringify(kontrakSigner.version));'],
    });
    expect(r.error).toBeUndefined();
    expect(r.out).toMatch(/^[0-9a-f]{12}$/);
    expect(r.headers['X-SIGNATURE']).toBeDefined();
  });
});
