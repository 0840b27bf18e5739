import { describe, expect, it } from 'vitest';
import { serviceCodeOf } from '../../src/model/service-codes.ts';
import { snapRuleChecks } from '../../src/check/snap-rules.ts';
import type { RequestSpec } from '../../src/model/types.ts';

const spec = (path: string): RequestSpec => ({
  id: 's/01',
  name: 'r',
  method: 'POST',
  path,
  headers: {},
  sign: 'snap-transaction',
  capture: {},
  expect: { status: 200 },
  source: { file: 'x.yaml', line: 1, column: 1 },
});
const headers = [
  { key: 'content-type', value: 'application/json' },
  { key: 'x-timestamp', value: '2024-03-05T17:37:16+07:00' },
];
const failed = (checks: ReturnType<typeof snapRuleChecks>) =>
  checks.filter((c) => !c.passed).map((c) => c.name);

describe('serviceCodeOf', () => {
  it.each([
    ['/nicepay/api/v1.0/transfer-va/create-va', '27'],
    ['/snap/v1.0/transfer-va/inquiry', '24'],
    ['/snap/v1.0/transfer-va/inquiry-va', '30'],
    ['/intrabank/snap/v1.0/transfer-intrabank', '17'],
    ['/v1.0/transfer-interbank-bulk/notify', '21'],
    ['/nicepay/v1.0/access-token/b2b?x=1', '73'],
  ])('%s → %s', (path, code) => expect(serviceCodeOf(path)).toBe(code));

  it('knows nothing of non-SNAP paths', () =>
    expect(serviceCodeOf('/v2.0/mpn/inquiryBilling')).toBeUndefined());
});

describe('snapRuleChecks', () => {
  it('passes a well-formed SNAP answer', () => {
    const checks = snapRuleChecks(spec('/v1.0/transfer-va/create-va'), {
      status: 200,
      headers,
      json: { responseCode: '2002700', responseMessage: 'Successful' },
    });
    expect(failed(checks)).toEqual([]);
    expect(checks.map((c) => c.name)).toEqual([
      'snap:http-status-prefix',
      'snap:service-code',
      'snap:response-message',
      'snap:response-headers',
    ]);
  });

  it('catches a code whose status prefix differs from the HTTP status', () => {
    const checks = snapRuleChecks(spec('/v1.0/transfer-va/create-va'), {
      status: 200,
      headers,
      json: { responseCode: '4012700', responseMessage: 'x' },
    });
    expect(failed(checks)).toEqual(['snap:http-status-prefix']);
    expect(checks[0]!.message).toBe('responseCode 4012700 starts with 401 but the HTTP status is 200');
  });

  it('catches a service code from another endpoint', () => {
    const checks = snapRuleChecks(spec('/v1.0/transfer-va/create-va'), {
      status: 401,
      headers,
      json: { responseCode: '4017300', responseMessage: 'x' },
    });
    expect(failed(checks)).toEqual(['snap:service-code']);
  });

  it('catches a numeric or short code, a missing message and missing headers', () => {
    const checks = snapRuleChecks(spec('/v1.0/balance-inquiry'), {
      status: 200,
      headers: [],
      json: { responseCode: 2001100 },
    });
    expect(failed(checks)).toEqual([
      'snap:response-code-format',
      'snap:response-message',
      'snap:response-headers',
    ]);
    expect(checks.at(-1)!.message).toBe('missing response header(s): Content-Type, X-TIMESTAMP');
  });
});
