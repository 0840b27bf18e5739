/** RunResult fixtures for the report tests. */
import type { CheckResult, ExchangeResult, RunResult, SuiteResult } from '../../src/model/results.ts';

const source = (line: number) => ({ file: 'collections/nicepay/va.yaml', line, column: 5 });

function exchange(over: Partial<ExchangeResult> & Pick<ExchangeResult, 'requestId' | 'name'>): ExchangeResult {
  return {
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
}

const schemaCheck: CheckResult = {
  name: 'schema',
  passed: false,
  message: 'response does not match schemas/snap/create-va.response.json',
  violations: [
    { pointer: '/virtualAccountData/totalAmount/value', rule: 'pattern', message: 'must match pattern "^\\d+\\.\\d{2}$"', value: '10000' },
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
      response: { status: 200, timeMs: 30, headers: [], body: '{"responseCode":"2002700"}', bodyBytes: 26, truncated: false },
      signing: {
        scheme: 'snap-transaction',
        stringToSign: 'POST:/api/v1.0/transfer-va/create-va:tok:abc123:2024-03-05T17:37:16+07:00',
        expectedStringToSign: 'POST:/api/v1.0/transfer-va/create-va:tok:abd123:2024-03-05T17:37:16+07:00',
      },
      checks: [
        { name: 'status', passed: true, message: 'HTTP 200 as expected' },
        schemaCheck,
      ],
      passed: false,
      failureClass: 'contract',
    }),
    exchange({
      requestId: 'r3',
      name: 'bad signature is rejected',
      negative: true,
      response: { status: 401, timeMs: 5, headers: [], body: '{"responseCode":"4017300","responseMessage":"Unauthorized. Signature"}', bodyBytes: 70, truncated: false },
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
      response: { status: 200, timeMs: 7, headers: [], body: '{"responseCode":"2002700"}', bodyBytes: 26, truncated: false },
      checks: [{ name: 'status', passed: false, message: 'expected a 4xx rejection, got HTTP 200\u0001 & <ok>' }],
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
    exchange({ requestId: 'b1', name: 'billing inquiry', signing: { scheme: 'bri-v2', stringToSign: 'path=/v1/mpn&verb=POST' } }),
    exchange({ requestId: 'b2', name: 'payment', request: { method: 'GET', url: 'http://127.0.0.1:4010/v1/mpn/1', headers: [], body: '', bodyBytes: 0, truncated: false } }),
  ],
};

function totals(suites: SuiteResult[]): RunResult['totals'] {
  const all = suites.flatMap((s) => s.exchanges);
  const checks = all.flatMap((x) => x.checks);
  return {
    suites: suites.length,
    requests: all.length,
    passedRequests: all.filter((x) => x.passed).length,
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
      signing: { scheme: 'snap-transaction', stringToSign: `POST:/api/v1.0/transfer-va/create-va:tok:${'ab'.repeat(32)}:2024-03-05T17:37:16+07:00` },
    }),
  );
  const suite: SuiteResult = { name: 'bulk', provider: 'nicepay', file: 'collections/nicepay/va.yaml', durationMs: 1000, passed: n, failed: 0, exchanges };
  return { kontrak: 1, environment: 'mock', startedAt: '2024-03-05T10:37:16.000Z', durationMs: 1000, suites: [suite], totals: totals([suite]) };
}
