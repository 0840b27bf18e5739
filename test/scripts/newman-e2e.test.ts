/**
 * End to end: the signer as the collection-level pre-request script of a real newman 6.2.2 run
 * against a local HTTP server that recomputes every signature with node:crypto over the bytes it
 * received. Proves that what is signed is what is sent (dynamic variables, unicode, spaces,
 * percent-encoding) and that the directive header never leaves the client.
 */
import { createHash, createHmac, generateKeyPairSync, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import newman from 'newman';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signerScript } from '../../src/render/bundle-signer.ts';
import { profile } from './sandbox-helpers.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

const received: Received[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const secret = 'clïent-secret';
const token = 'eyJhbGciOi.token';
const sha256hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function item(
  name: string,
  method: string,
  url: string | object,
  directive: string | undefined,
  raw?: string,
  extraHeaders: Array<{ key: string; value: string }> = [],
) {
  return {
    name,
    request: {
      method,
      url,
      header: [
        ...extraHeaders,
        ...(raw !== undefined ? [{ key: 'Content-Type', value: 'application/json' }] : []),
        ...(directive ? [{ key: 'X-Kontrak-Sign', value: directive }] : []),
      ],
      ...(raw !== undefined ? { body: { mode: 'raw', raw, options: { raw: { language: 'json' } } } } : {}),
    },
  };
}

function runNewman(
  collection: object,
  environment: object,
): Promise<{ failures: unknown[]; errors: string[] }> {
  return new Promise((resolve, reject) => {
    const errors: string[] = [];
    newman
      .run(
        { collection, environment, reporters: [], timeoutRequest: 5000 } as newman.NewmanRunOptions,
        (err, summary) => {
          if (err) reject(err);
          else resolve({ failures: summary.run.failures, errors });
        },
      )
      .on('console', (_err: Error | null, args: { level: string; messages: unknown[] }) => {
        if (args.level === 'error') errors.push(args.messages.map(String).join(' '));
      });
  });
}

describe('newman end to end', () => {
  let failures: unknown[];
  let scriptErrors: string[];
  const byName = (name: string) => {
    const r = received.find((x) => x.headers['x-test-name'] === name);
    if (!r) throw new Error(`request ${name} not received`);
    return r;
  };

  beforeAll(async () => {
    const nicepay = profile({
      provider: 'p',
      signedPathStripPrefix: '/nicepay',
      signQuery: 'as-sent',
      timestampFormat: 'snap',
    });
    const bri = profile({
      provider: 'bri',
      timestampFormat: 'utc-millis',
      externalIdHeader: 'BRI-External-Id',
    });
    const body =
      '{\n  "partnerReferenceNo": "{{$guid}}",\n  "virtualAccountName": "{{name}}",\n  "stamp": "{{$timestamp}}",\n  "amount": { "value": "10000.00", "currency": "IDR" }\n}';
    const tag = (name: string) => [{ key: 'X-Test-Name', value: name }];
    const collection = {
      info: {
        name: 'kontrak signer e2e',
        schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
      },
      event: [{ listen: 'prerequest', script: { type: 'text/javascript', exec: await signerScript() } }],
      variable: [
        { key: 'kontrak_provider_p', value: JSON.stringify(nicepay) },
        { key: 'kontrak_provider_bri', value: JSON.stringify(bri) },
        { key: 'kontrak_provider_q', value: JSON.stringify(profile({ provider: 'q' })) },
        { key: 'base', value: base },
      ],
      item: [
        item(
          'token',
          'POST',
          '{{base}}/nicepay/v1.0/access-token/b2b',
          'snap-token; provider=p',
          '{\n  "grantType": "client_credentials",\n  "additionalInfo": {}\n}',
          tag('token'),
        ),
        item(
          'trx',
          'POST',
          '{{base}}/nicepay/api/v1.0/transfer-va/{{seg}}?q={{name}}&n=100%&plain=1',
          'snap-transaction; provider=p',
          body,
          tag('trx'),
        ),
        // the URL object form src/render/postman.ts emits
        item(
          'trx2',
          'POST',
          {
            raw: '{{base}}/nicepay/api/v1.0/transfer-va/create-va?lang={{name}}',
            host: ['{{base}}'],
            path: ['nicepay', 'api', 'v1.0', 'transfer-va', 'create-va'],
            query: [{ key: 'lang', value: '{{name}}' }],
          },
          'snap-transaction; provider=p',
          body,
          tag('trx2'),
        ),
        item(
          'asym',
          'POST',
          '{{base}}/nicepay/v1.0/debit/notify',
          'snap-asymmetric; provider=p',
          body,
          tag('asym'),
        ),
        item(
          'bri-get',
          'GET',
          '{{base}}/v1/inquiry/{{acct}}',
          'bri-v2; provider=bri',
          undefined,
          tag('bri-get'),
        ),
        item(
          'bri-post',
          'POST',
          '{{base}}/v2.0/mpn/inquiryBilling',
          'bri-v2; provider=bri',
          '{ "billing": "{{name}}" }',
          tag('bri-post'),
        ),
        item(
          'tampered',
          'POST',
          '{{base}}/nicepay/api/v1.0/transfer-va/create-va',
          'snap-transaction; provider=p; tamper=signature',
          body,
          tag('tampered'),
        ),
        item('unsigned', 'GET', '{{base}}/health', undefined, undefined, tag('unsigned')),
        item(
          'no-credentials',
          'POST',
          '{{base}}/nicepay/api/x',
          'snap-transaction; provider=q',
          '{}',
          tag('no-credentials'),
        ),
        // a request-level script runs after the collection-level signer and changes a variable
        {
          ...item(
            'late',
            'POST',
            '{{base}}/nicepay/api/v1.0/transfer-va/create-va',
            'snap-transaction; provider=p',
            '{"v":"{{late}}"}',
            tag('late'),
          ),
          event: [
            {
              listen: 'prerequest',
              script: {
                type: 'text/javascript',
                exec: ["pm.variables.set('late', 'changed after signing')"],
              },
            },
          ],
        },
      ],
    };
    const environment = {
      name: 'e2e',
      values: [
        { key: 'p_client_id', value: 'IONPAYTEST' },
        // as an environment variable would carry it: newlines written as \n
        {
          key: 'p_private_key',
          value: keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString().replace(/\n/g, '\\n'),
        },
        { key: 'p_client_secret', value: secret },
        { key: 'p_access_token', value: token },
        { key: 'bri_client_secret', value: secret },
        { key: 'bri_access_token', value: token },
        { key: 'name', value: ' Zoë  ✓ 😀 日本 ' },
        { key: 'seg', value: 'va list/ü' },
        { key: 'acct', value: '888801000157508' },
        { key: 'late', value: 'the signed value' },
      ],
    };
    const result = await runNewman(collection, environment);
    failures = result.failures;
    scriptErrors = result.errors;
  }, 30_000);

  it('sent every request it could sign, and never the directive header', () => {
    expect(received.map((r) => r.headers['x-test-name']).sort()).toEqual(
      ['asym', 'bri-get', 'bri-post', 'late', 'token', 'trx', 'trx2', 'tampered', 'unsigned'].sort(),
    );
    for (const r of received) expect(r.headers['x-kontrak-sign']).toBeUndefined();
  });

  it('snap-token: the server verifies the RSA signature with the public key', () => {
    const r = byName('token');
    expect(r.headers['x-client-key']).toBe('IONPAYTEST');
    expect(r.body.toString()).toBe('{"grantType":"client_credentials","additionalInfo":{}}');
    const ts = String(r.headers['x-timestamp']);
    expect(ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    expect(
      verify(
        'sha256',
        Buffer.from(`IONPAYTEST|${ts}`),
        keys.publicKey,
        Buffer.from(String(r.headers['x-signature']), 'base64'),
      ),
    ).toBe(true);
  });

  it('snap-transaction: the server recomputes the HMAC over the URL and body bytes it received', () => {
    for (const name of ['trx', 'trx2']) {
      const r = byName(name);
      const body = r.body.toString('utf8');
      // one {{$guid}} value, signed and sent; unicode and inner spaces untouched
      expect(body).toMatch(
        /^\{"partnerReferenceNo":"[0-9a-f-]{36}","virtualAccountName":" Zoë {2}✓ 😀 日本 ","stamp":"\d+","amount":\{"value":"10000.00","currency":"IDR"\}\}$/,
      );
      const path = r.url.replace(/^\/nicepay/, '');
      const s = `POST:${path}:${token}:${sha256hex(r.body)}:${String(r.headers['x-timestamp'])}`;
      expect(r.headers['x-signature']).toBe(createHmac('sha512', secret).update(s, 'utf8').digest('base64'));
      expect(r.headers['authorization']).toBe(`Bearer ${token}`);
      expect(r.headers['content-type']).toBe('application/json');
      expect(String(r.headers['x-external-id'])).toMatch(/^[1-9]\d{8}$/);
      // the request's own Content-Type was replaced, not duplicated
      expect(r.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === 'content-type')).toHaveLength(
        1,
      );
    }
    expect(byName('trx2').url).toBe(
      '/nicepay/api/v1.0/transfer-va/create-va?lang=%20Zo%C3%AB%20%20%E2%9C%93%20%F0%9F%98%80%20%E6%97%A5%E6%9C%AC%20',
    );
    expect(byName('trx').url).toBe(
      '/nicepay/api/v1.0/transfer-va/va%20list/%C3%BC?q=%20Zo%C3%AB%20%20%E2%9C%93%20%F0%9F%98%80%20%E6%97%A5%E6%9C%AC%20&n=100%25&plain=1',
    );
    expect(byName('trx').body.toString()).not.toBe(byName('trx2').body.toString());
    expect(byName('trx').headers['x-external-id']).not.toBe(byName('trx2').headers['x-external-id']);
  });

  it('snap-asymmetric: the server verifies RSA over METHOD:path:sha256(body):timestamp', () => {
    const r = byName('asym');
    const s = `POST:/v1.0/debit/notify:${sha256hex(r.body)}:${String(r.headers['x-timestamp'])}`;
    expect(
      verify(
        'sha256',
        Buffer.from(s),
        keys.publicKey,
        Buffer.from(String(r.headers['x-signature']), 'base64'),
      ),
    ).toBe(true);
  });

  it('bri-v2: the server recomputes BRI-Signature for GET (empty body) and POST', () => {
    for (const name of ['bri-get', 'bri-post']) {
      const r = byName(name);
      const ts = String(r.headers['bri-timestamp']);
      expect(ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const payload = `path=${r.url}&verb=${r.method}&token=Bearer ${token}&timestamp=${ts}&body=${r.body.toString('utf8')}`;
      expect(r.headers['bri-signature']).toBe(
        createHmac('sha256', secret).update(payload, 'utf8').digest('base64'),
      );
      expect(String(r.headers['bri-external-id'])).toMatch(/^[1-9]\d{8}$/);
    }
    expect(byName('bri-get').body.length).toBe(0);
    expect(byName('bri-post').body.toString()).toBe('{"billing":" Zoë  ✓ 😀 日本 "}');
  });

  it('tamper=signature produces a signature the server rejects', () => {
    const r = byName('tampered');
    const s = `POST:/api/v1.0/transfer-va/create-va:${token}:${sha256hex(r.body)}:${String(r.headers['x-timestamp'])}`;
    const good = createHmac('sha512', secret).update(s).digest('base64');
    expect(r.headers['x-signature']).toBeDefined();
    expect(r.headers['x-signature']).not.toBe(good);
  });

  it('a variable changed by a request-level script after signing changes neither what is signed nor what is sent', () => {
    const r = byName('late');
    expect(r.body.toString()).toBe('{"v":"the signed value"}');
    const s = `POST:/api/v1.0/transfer-va/create-va:${token}:${sha256hex(r.body)}:${String(r.headers['x-timestamp'])}`;
    expect(r.headers['x-signature']).toBe(createHmac('sha512', secret).update(s, 'utf8').digest('base64'));
  });

  it('a request without the directive is sent as is; one that cannot be signed is not sent', () => {
    const r = byName('unsigned');
    expect(r.headers['x-timestamp']).toBeUndefined();
    expect(r.headers['x-signature']).toBeUndefined();
    // the signer says why on the console and skips the request: an unsigned request never leaves
    expect(scriptErrors).toEqual(['kontrak: variable "q_client_secret" is empty']);
    expect(received.find((x) => x.headers['x-test-name'] === 'no-credentials')).toBeUndefined();
    // and a failing test names the variable, so the run is red (newman exits 1), never a quiet skip
    expect((failures as Array<{ error: { test: string } }>).map((f) => f.error.test)).toEqual([
      'signing: kontrak: variable "q_client_secret" is empty (request not sent)',
    ]);
  });
});
