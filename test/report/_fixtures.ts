/** RunResult fixtures for the report tests. */
import { createHash } from 'node:crypto';
import type { CheckResult, ExchangeResult, RunResult, SuiteResult } from '../../src/model/results.ts';

const source = (line: number) => ({ file: 'collections/nicepay/va.yaml', line, column: 5 });

/** What to change in the default exchange; a key set to undefined (`response: undefined`) goes. */
type Over = { [K in keyof ExchangeResult]?: ExchangeResult[K] | undefined } & Pick<
  ExchangeResult,
  'requestId' | 'name'
>;

function exchange(over: Over): ExchangeResult {
  const merged = {
    negative: false,
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:4010/nicepay/api/v1.0/transfer-va/create-va',
      headers: [
        { key: 'Content-Type', value: 'application/json' },
        { key: 'X-TIMESTAMP', value: '2024-03-05T17:37:16+07:00' },
      ],
      body: '{"partnerServiceId":"   12345","trxId":"T1","totalAmount":{"value":"10000.00","currency":"IDR"}}',
      bodyBytes: 93,
      truncated: false,
    },
    response: {
      status: 200,
      timeMs: 12.4,
      headers: [{ key: 'Content-Type', value: 'application/json' }],
      body: '{"responseCode":"2002700","responseMessage":"Successful"}',
      bodyBytes: 57,
      truncated: false,
    },
    checks: [
      { name: 'status', passed: true, message: 'HTTP 200 as expected' },
      { name: 'responseCode', passed: true, message: '2002700 matches status 200 and service 27' },
    ],
    passed: true,
    source: source(10),
    ...over,
  };
  return Object.fromEntries(
    Object.entries(merged).filter(([, v]) => v !== undefined),
  ) as unknown as ExchangeResult;
}

const schemaCheck: CheckResult = {
  name: 'schema',
  passed: false,
  message: 'response does not match schemas/snap/create-va.response.json',
  violations: [
    {
      pointer: '/virtualAccountData/totalAmount/value',
      rule: 'pattern',
      message: 'must match pattern "^\\d+\\.\\d{2}$"',
      value: '10000',
    },
    { pointer: '', rule: 'required', message: "must have required property 'responseMessage'" },
  ],
};

/** A suite whose first exchanges pass and later ones fail (so ordering is tested). */
export const failingSuite: SuiteResult = {
  name: 'nicepay-va',
  provider: 'nicepay',
  file: 'collections/nicepay/va.yaml',
  durationMs: 842,
  passed: 2,
  failed: 3,
  exchanges: [
    exchange({ requestId: 'r1', name: 'get token' }),
    exchange({
      requestId: 'r2',
      name: 'create VA <script>alert("x")</script> & co',
      request: {
        method: 'POST',
        url: 'http://127.0.0.1:4010/nicepay/api/v1.0/transfer-va/create-va?q=<b>&x=1',
        headers: [{ key: 'X-SIGNATURE', value: 'abc"def<>' }],
        body: '<script>alert(1)</script> & more',
        bodyBytes: 20480,
        truncated: true,
      },
      response: {
        status: 200,
        timeMs: 30,
        headers: [],
        body: '{"responseCode":"2002700"}',
        bodyBytes: 26,
        truncated: false,
      },
      signing: {
        scheme: 'snap-transaction',
        stringToSign: 'POST:/api/v1.0/transfer-va/create-va:tok:abc123:2024-03-05T17:37:16+07:00',
        expectedStringToSign: 'POST:/api/v1.0/transfer-va/create-va:tok:abd123:2024-03-05T17:37:16+07:00',
      },
      checks: [{ name: 'status', passed: true, message: 'HTTP 200 as expected' }, schemaCheck],
      passed: false,
      failureClass: 'contract',
    }),
    exchange({
      requestId: 'r3',
      name: 'bad signature is rejected',
      negative: true,
      response: {
        status: 401,
        timeMs: 5,
        headers: [],
        body: '{"responseCode":"4017300","responseMessage":"Unauthorized. Signature"}',
        bodyBytes: 70,
        truncated: false,
      },
      checks: [{ name: 'status', passed: true, message: 'HTTP 401 as expected for a negative request' }],
    }),
    exchange({
      requestId: 'r4',
      name: 'inquiry',
      response: undefined,
      error: 'connect ECONNREFUSED 127.0.0.1:4010',
      checks: [{ name: 'transport', passed: false, message: 'no response' }],
      passed: false,
      failureClass: 'transport',
    }),
    exchange({
      requestId: 'r5',
      name: 'negative with wrong code',
      negative: true,
      response: {
        status: 200,
        timeMs: 7,
        headers: [],
        body: '{"responseCode":"2002700"}',
        bodyBytes: 26,
        truncated: false,
      },
      checks: [
        { name: 'status', passed: false, message: 'expected a 4xx rejection, got HTTP 200\u0001 & <ok>' },
      ],
      passed: false,
      failureClass: 'auth',
    }),
  ],
};

export const passingSuite: SuiteResult = {
  name: 'bri-mpn',
  provider: 'bri',
  file: 'collections/bri/mpn.yaml',
  durationMs: 120,
  passed: 2,
  failed: 0,
  exchanges: [
    exchange({
      requestId: 'b1',
      name: 'billing inquiry',
      signing: { scheme: 'bri-v2', stringToSign: 'path=/v1/mpn&verb=POST' },
    }),
    exchange({
      requestId: 'b2',
      name: 'payment',
      request: {
        method: 'GET',
        url: 'http://127.0.0.1:4010/v1/mpn/1',
        headers: [],
        body: '',
        bodyBytes: 0,
        truncated: false,
      },
    }),
  ],
};

function totals(suites: SuiteResult[]): RunResult['totals'] {
  const all = suites.flatMap((s) => s.exchanges);
  const checks = all.flatMap((x) => x.checks);
  return {
    suites: suites.length,
    requests: all.length,
    passedRequests: all.filter((x) => x.passed).length,
    flakyRequests: all.filter((x) => x.flaky).length,
    failedRequests: all.filter((x) => !x.passed).length,
    checks: checks.length,
    failedChecks: checks.filter((c) => !c.passed).length,
  };
}

/** A run with one failing and one passing suite. */
export function sampleRun(): RunResult {
  const suites = [structuredClone(failingSuite), structuredClone(passingSuite)];
  return {
    kontrak: 1,
    environment: 'mock',
    startedAt: '2024-03-05T10:37:16.000Z',
    durationMs: 3456,
    commit: '1970700abc',
    suites,
    totals: totals(suites),
  };
}

/** `n` passing exchanges with small bodies, shaped like real SNAP calls. */
export function syntheticRun(n: number): RunResult {
  const exchanges = Array.from({ length: n }, (_, i) =>
    exchange({
      requestId: `r${i}`,
      name: `create VA ${i}`,
      request: {
        method: 'POST',
        url: 'http://127.0.0.1:4010/nicepay/api/v1.0/transfer-va/create-va',
        headers: [
          { key: 'Content-Type', value: 'application/json' },
          { key: 'X-TIMESTAMP', value: '2024-03-05T17:37:16+07:00' },
          { key: 'X-PARTNER-ID', value: 'IONPAYTEST' },
          { key: 'X-EXTERNAL-ID', value: String(100000000 + i) },
        ],
        body: `{"partnerServiceId":"   12345","trxId":"T${i}","totalAmount":{"value":"10000.00","currency":"IDR"}}`,
        bodyBytes: 95,
        truncated: false,
      },
      checks: [
        { name: 'status', passed: true, message: 'HTTP 200 as expected' },
        { name: 'responseCode', passed: true, message: '2002700 matches status 200 and service 27' },
        { name: 'schema', passed: true, message: 'matches schemas/snap/create-va.response.json' },
      ],
      signing: {
        scheme: 'snap-transaction',
        stringToSign: `POST:/api/v1.0/transfer-va/create-va:tok:${'ab'.repeat(32)}:2024-03-05T17:37:16+07:00`,
      },
    }),
  );
  const suite: SuiteResult = {
    name: 'bulk',
    provider: 'nicepay',
    file: 'collections/nicepay/va.yaml',
    durationMs: 1000,
    passed: n,
    failed: 0,
    exchanges,
  };
  return {
    kontrak: 1,
    environment: 'mock',
    startedAt: '2024-03-05T10:37:16.000Z',
    durationMs: 1000,
    suites: [suite],
    totals: totals([suite]),
  };
}

/** Hex/base64 that looks random (incompressible) but is the same every run. */
function noise(i: number, bytes: number, encoding: 'hex' | 'base64'): string {
  let out = Buffer.alloc(0);
  for (let k = 0; out.length < bytes; k++)
    out = Buffer.concat([out, createHash('sha256').update(`${i}:${k}`).digest()]);
  return out.subarray(0, bytes).toString(encoding);
}

/**
 * `n` exchanges shaped exactly like a real NICEPAY create-VA run through newman (15 request
 * headers with newman's own, a 64-byte signature, a 382-byte body, a 622-byte response), every
 * `failEvery`-th one failing its schema. The measure for "≤ 1 MB per 1,000 requests".
 */
export function realisticRun(n: number, failEvery = 0): RunResult {
  const exchanges = Array.from({ length: n }, (_, i): ExchangeResult => {
    const failed = failEvery > 0 && i % failEvery === failEvery - 1;
    const trx = `KONTRAK${1795303665120 + i * 7919}`;
    const body = `{"partnerServiceId":"","customerNo":"","virtualAccountNo":"","virtualAccountName":"Kontrak Test Customer","trxId":"${trx}","totalAmount":{"value":"10000.00","currency":"IDR"},"additionalInfo":{"bankCd":"BMRI","goodsNm":"Contract test","dbProcessUrl":"https://merchant.example/notify","vacctValidDt":"","vacctValidTm":"","msId":"","msFee":"","mbFee":"","mbFeeType":""}}`;
    const response = `{"responseCode":"2002700","responseMessage":"Successful","virtualAccountData":{"partnerServiceId":"   88899","customerNo":"${1473887771 + i}","virtualAccountNo":"   88899${1473887771 + i}","virtualAccountName":"Kontrak Test Customer","trxId":"${trx}","totalAmount":{"value":"10000.00","currency":"IDR"},"additionalInfo":{"bankCd":"BMRI","goodsNm":"Contract test","dbProcessUrl":"https://merchant.example/notify","msId":"","msFee":"","mbFee":"","mbFeeType":"","tXidVA":"NICEPAYMOCK${noise(i, 8, 'hex')}","vacctValidDt":"20261123","vacctValidTm":"235959"}}}`;
    const ts = `2026-11-22T06:${String(27 + (Math.floor(i / 60) % 30)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}+07:00`;
    return exchange({
      requestId: `nicepay-va/${i}`,
      name: `create VA ${i}`,
      request: {
        method: 'POST',
        url: 'http://127.0.0.1:44585/nicepay/api/v1.0/transfer-va/create-va',
        headers: [
          ['X-PARTNER-ID', 'NICEPAYMOCK'],
          ['CHANNEL-ID', 'NICEPAYMOCK01'],
          ['X-TIMESTAMP', ts],
          ['Authorization', 'Bearer «nicepay_access_token:redacted»'],
          ['Content-Type', 'application/json'],
          ['X-SIGNATURE', noise(i, 64, 'base64')],
          ['X-EXTERNAL-ID', String(3845199223264748 + i * 104729)],
          ['User-Agent', 'PostmanRuntime/7.39.1'],
          ['Accept', '*/*'],
          ['Cache-Control', 'no-cache'],
          ['Postman-Token', noise(i, 16, 'hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')],
          ['Host', '127.0.0.1:44585'],
          ['Accept-Encoding', 'gzip, deflate, br'],
          ['Connection', 'keep-alive'],
          ['Content-Length', String(body.length)],
        ].map(([key, value]) => ({ key: key!, value: value! })),
        body,
        bodyBytes: body.length,
        truncated: false,
      },
      response: {
        status: 200,
        timeMs: 7,
        headers: [
          ['x-timestamp', ts],
          ['content-type', 'application/json; charset=utf-8'],
          ['content-length', String(response.length)],
          ['Date', 'Sat, 21 Nov 2026 23:27:44 GMT'],
          ['Connection', 'keep-alive'],
          ['Keep-Alive', 'timeout=72'],
        ].map(([key, value]) => ({ key: key!, value: value! })),
        body: response,
        bodyBytes: response.length,
        truncated: false,
      },
      signing: {
        scheme: 'snap-transaction',
        stringToSign: `POST:/api/v1.0/transfer-va/create-va:«nicepay_access_token:redacted»:${noise(i, 32, 'hex')}:${ts}`,
      },
      checks: [
        { name: 'status', passed: true, message: 'HTTP 200 as expected' },
        { name: 'responseCode', passed: true, message: '2002700: HTTP 200, service 27, case 00' },
        failed
          ? { ...schemaCheck, message: 'response does not match nicepay/create-va.response.json' }
          : { name: 'schema', passed: true, message: 'matches nicepay/create-va.response.json' },
      ],
      passed: !failed,
      ...(failed ? { failureClass: 'contract' as const } : {}),
    });
  });
  const passed = exchanges.filter((x) => x.passed).length;
  const suite: SuiteResult = {
    name: 'nicepay-va',
    provider: 'nicepay',
    file: 'collections/nicepay/va.yaml',
    durationMs: 20 * n,
    passed,
    failed: n - passed,
    exchanges,
  };
  return {
    kontrak: 1,
    environment: 'mock',
    startedAt: '2026-11-21T23:27:44.000Z',
    durationMs: 20 * n,
    commit: '771b86d0a1b2',
    suites: [suite],
    totals: totals([suite]),
  };
}
