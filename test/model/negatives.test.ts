import { describe, expect, it } from 'vitest';
import { expandNegatives } from '../../src/model/negatives.ts';
import { loadProject } from '../../src/load/project.ts';
import type { RequestSpec, Suite } from '../../src/model/types.ts';
import { REPO_ROOT } from '../support/project.ts';

const provider = loadProject(REPO_ROOT).value!.providers.get('nicepay')!;
const base: RequestSpec = {
  id: 's/01-create',
  name: 'create',
  method: 'POST',
  path: '/nicepay/api/v1.0/transfer-va/create-va',
  headers: {},
  sign: 'snap-transaction',
  body: { virtualAccountName: 'A', trxId: 'T', totalAmount: { value: '1.00', currency: 'IDR' } },
  capture: { va: 'virtualAccountData.virtualAccountNo' },
  expect: { status: 200, responseCode: '2002700', schema: 'nicepay/create-va.response.json' },
  source: { file: 'x.yaml', line: 3, column: 7 },
};
const suite = (request: RequestSpec): Suite => ({
  name: 's',
  provider: 'nicepay',
  source: request.source,
  requests: [request],
});

describe('expandNegatives', () => {
  it('derives each SNAP variant with the service code of its endpoint, right after the original', () => {
    const out = expandNegatives(
      suite({
        ...base,
        negatives: [
          { kind: 'signature' },
          { kind: 'token' },
          { kind: 'timestamp' },
          { kind: 'external-id-reuse' },
          { kind: 'mandatory-field' },
        ],
      }),
      provider,
    );
    expect(out.diagnostics).toEqual([]);
    const [original, ...variants] = out.value!.requests;
    expect(original).toMatchObject({ id: 's/01-create', recordExternalId: true });
    expect(original!.negatives).toBeUndefined();
    expect(variants.map((v) => [v.name, v.expect.status, v.expect.responseCode])).toEqual([
      ['create [negative: signature]', 401, '4012700'],
      ['create [negative: token]', 401, '4012701'],
      ['create [negative: timestamp]', 401, '4012700'],
      ['create [negative: external-id-reuse]', 409, '4092700'],
      ['create [negative: mandatory-field virtualAccountName]', 400, '4002702'],
    ]);
    expect(
      variants.every(
        (v) =>
          v.negative && Object.keys(v.capture).length === 0 && v.expect.schema === 'snap/error.response.json',
      ),
    ).toBe(true);
    expect(variants[0]!.tamper).toBe('signature');
    expect(variants[1]!.tamper).toBe('token');
    expect(variants[2]!.headers['X-TIMESTAMP']).toBe('2020-01-01T00:00:00+07:00');
    expect(variants[3]!.headers['X-EXTERNAL-ID']).toBe('{{kontrak_last_external_id}}');
    expect(variants[4]!.body).toEqual({ trxId: 'T', totalAmount: { value: '1.00', currency: 'IDR' } });
    expect(base.body).toHaveProperty('virtualAccountName'); // the original is untouched
  });

  it('drops a named nested field', () => {
    const out = expandNegatives(
      suite({ ...base, negatives: [{ kind: 'mandatory-field', field: 'totalAmount.currency' }] }),
      provider,
    );
    expect(out.value!.requests[1]!.body).toEqual({
      virtualAccountName: 'A',
      trxId: 'T',
      totalAmount: { value: '1.00' },
    });
  });

  it('gives BRI API v2 its gateway codes', () => {
    const bri: RequestSpec = {
      ...base,
      path: '/v2.0/mpn/inquiryBilling',
      sign: 'bri-v2',
      negatives: [{ kind: 'signature' }, { kind: 'token' }],
    };
    const out = expandNegatives(suite(bri), provider);
    expect(
      out.value!.requests.slice(1).map((v) => [v.expect.status, v.expect.responseCode, v.expect.schema]),
    ).toEqual([
      [401, '0602', 'bri/status-envelope.json'],
      [401, '0601', 'bri/status-envelope.json'],
    ]);
  });

  it('explains variants that cannot exist, at the request', () => {
    const token: RequestSpec = {
      ...base,
      path: '/nicepay/v1.0/access-token/b2b',
      sign: 'snap-token',
      body: { grantType: 'client_credentials' },
      negatives: [
        { kind: 'token' },
        { kind: 'external-id-reuse' },
        { kind: 'mandatory-field', field: 'nope' },
        { kind: 'mandatory-field' },
      ],
    };
    const out = expandNegatives(suite(token), provider);
    expect(out.diagnostics.map((d) => d.message)).toEqual([
      'cannot derive the "token" negative of "create": a snap-token request carries no access token',
      'cannot derive the "external-id-reuse" negative of "create": snap-token requests carry no X-EXTERNAL-ID to reuse',
      'cannot derive the "mandatory-field nope" negative of "create": the body has no field "nope" to drop',
    ]);
    expect(out.diagnostics[0]).toMatchObject({ code: 'E_NEGATIVE', file: 'x.yaml', line: 3 });
    expect(out.value!.requests.map((r) => r.expect.responseCode)).toEqual(['2002700', '4007302']);
  });
});

describe("a bare mandatory-field negative reads the bank's answer", () => {
  it("drops the first field the request's bank holds mandatory, not one of ASPI's it does not", () => {
    const out = expandNegatives(
      suite({
        ...base,
        service: 'transfer-va/create-va',
        // The bank does not require virtualAccountName (ASPI's first), and requires trxId.
        mandatory: [{ fields: ['trxId'], source: 'a bank document', bank: 'acme' }],
        negatives: [{ kind: 'mandatory-field' }],
      }),
      provider,
    );
    expect(out.diagnostics).toEqual([]);
    expect(out.value!.requests.map((r) => r.name)).toEqual([
      'create',
      'create [negative: mandatory-field trxId]',
    ]);
  });
});
