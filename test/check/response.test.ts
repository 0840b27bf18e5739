import { describe, expect, it } from 'vitest';
import { checkResponse } from '../../src/check/response.ts';
import { loadSchemas } from '../../src/schemas/registry.ts';
import type { RequestSpec } from '../../src/model/types.ts';
import { REPO_ROOT } from '../support/project.ts';
import { join } from 'node:path';

const schemas = loadSchemas(join(REPO_ROOT, 'schemas')).value!;
const spec: RequestSpec = {
  id: 's/01-token',
  name: 'token',
  method: 'POST',
  path: '/x',
  headers: {},
  sign: 'snap-token',
  capture: {},
  expect: { status: 200, responseCode: '2007300', schema: 'nicepay/access-token.response.json' },
  source: { file: 'x.yaml', line: 1, column: 1 },
};
const body = (value: unknown) => Buffer.from(JSON.stringify(value));
const SNAP_HEADERS = [
  { key: 'Content-Type', value: 'application/json' },
  { key: 'X-TIMESTAMP', value: '2024-03-05T17:37:16+07:00' },
];
const observed = (status: number, payload: Buffer) => ({ status, headers: SNAP_HEADERS, body: payload });
const good = {
  responseCode: '2007300',
  responseMessage: 'Successful',
  accessToken: 'abc',
  tokenType: 'Bearer',
  expiresIn: '900',
};

describe('checkResponse', () => {
  it('passes a response that matches status, code and schema', () => {
    const outcome = checkResponse(spec, observed(200, body(good)), undefined, schemas);
    expect(outcome.checks.map((c) => [c.name, c.passed])).toEqual([
      ['status', true],
      ['responseCode', true],
      ['schema', true],
      ['snap:http-status-prefix', true],
      ['snap:response-message', true],
      ['snap:response-headers', true],
    ]);
    expect(outcome.passed).toBe(true);
  });

  it('names the pointer, the rule and the value of a schema violation', () => {
    const outcome = checkResponse(spec, observed(200, body({ ...good, expiresIn: 900 })), undefined, schemas);
    const schema = outcome.checks.find((c) => c.name === 'schema')!;
    expect(schema.passed).toBe(false);
    expect(schema.violations).toEqual([
      { pointer: '/expiresIn', rule: 'type', message: 'must be string', value: 900 },
    ]);
    expect(outcome.failureClass).toBe('contract');
  });

  it('classifies an unexpected 401 as auth and a missing response as transport', () => {
    const auth = checkResponse(
      spec,
      observed(401, body({ responseCode: '4017300', responseMessage: 'Unauthorized' })),
      undefined,
      schemas,
    );
    expect(auth.failureClass).toBe('auth');
    expect(auth.checks.find((c) => c.name === 'responseCode')!.message).toBe(
      'expected responseCode 2007300, got 4017300',
    );
    const down = checkResponse(spec, undefined, 'connect ECONNREFUSED 127.0.0.1:9', schemas);
    expect(down).toMatchObject({ passed: false, failureClass: 'transport' });
    expect(down.checks[0]!.message).toContain('ECONNREFUSED');
  });

  it('reads BRI status.code and explains a body that is not JSON', () => {
    const bri = checkResponse(
      { ...spec, sign: 'bri-v2', expect: { status: 401, responseCode: '0601' } },
      observed(401, body({ status: { code: '0601', desc: 'Invalid token' } })),
      undefined,
      schemas,
    );
    expect(bri.passed).toBe(true);
    const html = checkResponse(spec, observed(200, Buffer.from('<html>')), undefined, schemas);
    expect(html.checks.find((c) => c.name === 'schema')!.message).toContain('not JSON');
  });
});

describe('BRI gateway advice', () => {
  it('explains an unexpected 0601 in plain words, naming the product list', () => {
    const mpn = { ...spec, sign: 'bri-v2' as const, expect: { status: 200, responseCode: '00' } };
    const outcome = checkResponse(
      mpn,
      observed(401, body({ status: { code: '0601', desc: 'Invalid token' } })),
      undefined,
      schemas,
    );
    const code = outcome.checks.find((c) => c.name === 'responseCode')!;
    expect(code.passed).toBe(false);
    expect(code.message).toMatch(/^expected responseCode 00, got 0601 — BRI rejected the access token/);
    expect(code.message).toContain('api_product_list');
    expect(outcome.checks[0]!.message).toContain('BRI 0601');
  });

  it('says nothing extra when the 0601 was the expected answer', () => {
    const negative = { ...spec, sign: 'bri-v2' as const, expect: { status: 401, responseCode: '0601' } };
    const outcome = checkResponse(
      negative,
      observed(401, body({ status: { code: '0601', desc: 'Invalid token' } })),
      undefined,
      schemas,
    );
    expect(outcome.checks.map((c) => c.message)).toEqual(['HTTP 401', 'responseCode 0601']);
  });
});

describe('checkResponse: what the contract rests on', () => {
  const basis = {
    bank: 'bca',
    kind: 'documented sample' as const,
    source: 'https://developer.bca.co.id/id/Dokumentasi',
  };

  it('says it in the schema check of a passing answer', () => {
    const outcome = checkResponse({ ...spec, basis }, observed(200, body(good)), undefined, schemas);
    expect(outcome.checks.find((c) => c.name === 'schema')?.message).toBe(
      'matches nicepay/access-token.response.json; basis at bca: documented sample (https://developer.bca.co.id/id/Dokumentasi)',
    );
  });

  it('says it in the schema check of a failing answer, with the SDK version', () => {
    const sdk = {
      bank: 'dana',
      kind: 'SDK model' as const,
      source: 'https://github.com/dana-id/dana-go',
      version: '7176cf5',
    };
    const outcome = checkResponse(
      { ...spec, basis: sdk },
      observed(200, body({ ...good, expiresIn: 900 })),
      undefined,
      schemas,
    );
    expect(outcome.checks.find((c) => c.name === 'schema')?.message).toMatch(
      /^1 violation\(s\) of nicepay\/access-token\.response\.json; basis at dana: SDK model \(https:\/\/github\.com\/dana-id\/dana-go 7176cf5\): /,
    );
  });

  it('says nothing of a basis when the request has none', () => {
    const outcome = checkResponse(spec, observed(200, body(good)), undefined, schemas);
    expect(outcome.checks.find((c) => c.name === 'schema')?.message).toBe(
      'matches nicepay/access-token.response.json',
    );
  });
});

describe('checkResponse: a bank test list’s message and alternatives', () => {
  const transfer: RequestSpec = {
    ...spec,
    sign: 'snap-asymmetric',
    path: '/v1.0/emoney/transfer-bank.htm',
    expect: {
      status: 200,
      responseCode: '2004300',
      responseMessage: 'Success',
      alternatives: { responseCode: ['2024300'], responseMessage: ['Request In Progress'] },
    },
  };
  const answer = (status: number, responseCode: string, responseMessage: string) =>
    checkResponse(transfer, observed(status, body({ responseCode, responseMessage })), undefined, schemas);
  const verdicts = (o: ReturnType<typeof answer>) =>
    o.checks
      .filter((c) => ['status', 'responseCode', 'responseMessage'].includes(c.name))
      .map((c) => c.passed);

  it('passes the expected answer and a listed alternative, the status following its code', () => {
    expect(verdicts(answer(200, '2004300', 'Success'))).toEqual([true, true, true]);
    expect(verdicts(answer(202, '2024300', 'Request In Progress'))).toEqual([true, true, true]);
  });

  it('fails a code or a message the list does not hold, and names what it wanted', () => {
    expect(verdicts(answer(202, '2024300', 'Pending'))).toEqual([true, true, false]);
    const other = answer(404, '4044311', 'Invalid Card');
    expect(verdicts(other)).toEqual([false, false, false]);
    expect(other.checks.find((c) => c.name === 'responseMessage')?.message).toBe(
      'expected responseMessage "Success" or "Request In Progress", got "Invalid Card"',
    );
    // An alternative's status is its code's: 200 with 2024300 is a wrong status.
    expect(verdicts(answer(200, '2024300', 'Request In Progress'))).toEqual([false, true, true]);
  });
});
