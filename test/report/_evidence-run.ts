/** A small run for the evidence tests: two providers, a token call, transactions, a failure. */
import type { ExchangeResult, RunResult, SuiteResult } from '../../src/model/results.ts';

export const SECRET = 'client-secret-VALUE-0123456789';
export const BASE = 'http://127.0.0.1:4010';

let counter = 0;
function exchange(
  path: string,
  over: Partial<ExchangeResult> & { scenario: string },
  headers: Array<[string, string]> = [],
): ExchangeResult {
  counter++;
  const second = String(counter).padStart(2, '0');
  const transaction = !path.includes('access-token');
  return {
    requestId: `s/${second}`,
    name: over.scenario,
    negative: false,
    expected: { status: 200, responseCode: '2001100' },
    request: {
      method: 'POST',
      url: `${BASE}${path}`,
      ...(transaction ? { bearerTail: 'a1b2' } : {}),
      headers: [
        { key: 'X-TIMESTAMP', value: `2026-11-30T04:14:${second}+07:00` },
        ...(transaction
          ? [
              { key: 'Authorization', value: 'Bearer «snap_access_token:redacted»' },
              { key: 'X-EXTERNAL-ID', value: `10000000000000${second}` },
              { key: 'X-PARTNER-ID', value: 'SNAPMOCK' },
            ]
          : [{ key: 'X-CLIENT-KEY', value: 'SNAPMOCK' }]),
        { key: 'Content-Type', value: 'application/json' },
        { key: 'X-SIGNATURE', value: `sig+${second}/abc==` },
        { key: 'Host', value: '127.0.0.1:4010' },
        ...headers.map(([key, value]) => ({ key, value })),
      ],
      body: `{"partnerReferenceNo":"REF${second}","note":"it's quoted"}`,
      bodyBytes: 48,
      truncated: false,
    },
    response: {
      status: 200,
      statusText: 'OK',
      timeMs: 3,
      headers: [{ key: 'content-type', value: 'application/json' }],
      body: '{"responseCode":"2001100","responseMessage":"Successful"}',
      bodyBytes: 57,
      truncated: false,
    },
    checks: [{ name: 'status', passed: true, message: 'HTTP 200 as expected' }],
    passed: true,
    source: { file: 'collections/snap/core.yaml', line: counter, column: 7 },
    ...over,
  };
}

export function evidenceRun(): RunResult {
  counter = 0;
  const snap: SuiteResult = {
    name: 'snap-core@snap',
    provider: 'snap',
    file: 'collections/snap/core.yaml',
    durationMs: 100,
    passed: 4,
    failed: 1,
    exchanges: [
      exchange('/v1.0/access-token/b2b', { scenario: 'access token B2B — Successful' }),
      exchange('/v1.0/balance-inquiry', { scenario: 'balance inquiry — Successful' }),
      exchange('/v1.0/balance-inquiry', {
        scenario: 'Unauthorized . Signature',
        negative: true,
        negativeCase: { kind: 'signature' },
        expected: { status: 401, responseCode: '4011100' },
        passed: false,
        failureClass: 'contract',
        checks: [
          { name: 'status', passed: false, message: 'expected HTTP 401, got 200' },
          { name: 'responseCode', passed: false, message: 'expected 4011100, got 2001100' },
        ],
      }),
      exchange('/v1.0/transfer-intrabank', {
        scenario: 'Inconsistent Request',
        negative: true,
        negativeCase: { kind: 'inconsistent-request', field: 'partnerReferenceNo' },
        expected: { status: 404, responseCode: '4041718' },
      }),
      exchange('/v1.0/transfer-intrabank', { scenario: 'intrabank transfer — Successful' }),
    ],
  };
  const nicepay: SuiteResult = {
    name: 'nicepay-va',
    provider: 'nicepay',
    file: 'collections/nicepay/va.yaml',
    durationMs: 50,
    passed: 1,
    failed: 0,
    exchanges: [exchange('/nicepay/api/v1.0/transfer-va/create-va', { scenario: 'create VA — Successful' })],
  };
  return {
    kontrak: 1,
    environment: 'mock',
    startedAt: '2026-11-29T21:14:00.000Z',
    durationMs: 2000,
    commit: 'abc123def456',
    suites: [snap, nicepay],
    totals: {
      suites: 2,
      requests: 6,
      passedRequests: 5,
      failedRequests: 1,
      flakyRequests: 0,
      checks: 7,
      failedChecks: 2,
    },
  };
}
