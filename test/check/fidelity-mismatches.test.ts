/**
 * The eight mismatches between kontrak and the banks' own documents, one test each, with the
 * bank's published values (test/fixtures/bank-samples holds them with their sources).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicePath } from '../../src/banks/profile.ts';
import { bankOverlayTargets, requestContract } from '../../src/banks/overlays.ts';
import { checkResponse } from '../../src/check/response.ts';
import { bankRequestSpec } from '../../src/load/bank.ts';
import { bankProfiles } from '../../src/load/bank-profiles.ts';
import { loadProject } from '../../src/load/project.ts';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import type { RequestSpec } from '../../src/model/types.ts';
import { REPO_ROOT } from '../support/project.ts';
import { bankClient, bankPartner, uniqueRef } from '../mock/bank-client.ts';

/** The shipped bank profiles, whose overlays derive each bank's own schemas. */
const banks = bankProfiles();
const schemas = loadSchemas(join(REPO_ROOT, 'schemas'), undefined, {
  overlays: bankOverlayTargets(banks),
}).value!;
const sample = (file: string): Record<string, unknown> =>
  (
    JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'bank-samples', file), 'utf8')) as {
      sample: Record<string, unknown>;
    }
  ).sample;
const valid = (schema: string, body: unknown): string[] => {
  const validate = schemas.validator(schema);
  if (!validate) return [`${schema} not loaded`];
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
};
const ts = '2026-01-01T10:00:00+07:00';

describe('1. bank statement (14)', () => {
  it("accepts BCA's balance amount with dateTime, BRI's statement without balance, and hasMore Y", () => {
    expect(valid('snap/bank-statement.response.json', sample('bca/bank-statement-success.json'))).toEqual([]);
    expect(
      valid('snap/bank-statement.response.json', sample('bri-snap/bank-statement-success.json')),
    ).toEqual([]);
    expect(
      valid('snap/bank-statement.response.json', {
        ...sample('snap/bank-statement-success.json'),
        hasMore: 'Y',
      }),
    ).toEqual([]);
  });

  it('still refuses a balance without its amount and a detail without its remark (ASPI M)', () => {
    const bca = sample('bca/bank-statement-success.json') as { balance: Array<Record<string, unknown>> };
    const { amount: _dropped, ...noAmount } = bca.balance[0]!;
    expect(valid('snap/bank-statement.response.json', { ...bca, balance: [noAmount] })).not.toEqual([]);
    const detail = { amount: { value: '1.00', currency: 'IDR' }, transactionDate: ts, type: 'CREDIT' };
    expect(valid('snap/bank-statement.response.json', { ...bca, detailData: [detail] })).not.toEqual([]);
  });
});

describe('2. QRIS query (51)', () => {
  it("accepts BCA's feeAmount null, and paidTime and amount null for a failed QR", () => {
    expect(
      valid('snap/qr/qr-mpm-query.response.json', sample('bca/qr-qr-mpm-query-success-regular.json')),
    ).toEqual([]);
    expect(
      valid('snap/qr/qr-mpm-query.response.json', sample('bca/qr-qr-mpm-query-status-failed.json')),
    ).toEqual([]);
  });

  it('still refuses null in a mandatory field', () => {
    const body = { ...sample('bca/qr-qr-mpm-query-success-regular.json'), latestTransactionStatus: null };
    expect(valid('snap/qr/qr-mpm-query.response.json', body)).not.toEqual([]);
  });
});

describe('3. BCA VA payment (25) and inquiry (24)', () => {
  const headers = [
    { key: 'Content-Type', value: 'application/json' },
    { key: 'X-TIMESTAMP', value: ts },
  ];
  /** The partner-va-bca suite's check of the reply, as the loader resolves it. */
  function partnerCheck(service: string, code: string, body: unknown) {
    const schema = `snap/${service}.response.json`;
    const contract = requestContract(banks, undefined, `bca/${service}`, schema);
    const spec: RequestSpec = {
      id: 'partner-va-bca/x',
      name: service,
      method: 'POST',
      path: `/openapi/v1.0/${service}`,
      service: `bca/${service}`,
      headers: {},
      sign: 'snap-transaction',
      capture: {},
      expect: { status: 200, responseCode: code, schema: contract ? `banks/bca/${schema}` : schema },
      ...(contract ? { contract } : {}),
      source: { file: 'collections/partner/va-bca.yaml', line: 1, column: 1 },
    };
    return checkResponse(
      spec,
      { status: 200, headers, body: Buffer.from(JSON.stringify(body)) },
      undefined,
      schemas,
    );
  }

  it('a 2002500 reply with paymentFlagStatus "01" or none fails with a finding', () => {
    for (const file of [
      'bca/transfer-va-payment-flag-01.json',
      'bca/transfer-va-payment-flag-missing.json',
    ]) {
      const outcome = partnerCheck('transfer-va/payment', '2002500', sample(file));
      expect(outcome.passed, file).toBe(false);
      expect(outcome.checks.find((c) => c.name === 'finding')?.message).toMatch(/BCA books the payment/);
    }
    expect(
      partnerCheck('transfer-va/payment', '2002500', sample('bca/transfer-va-payment-success.json')).passed,
    ).toBe(true);
  });

  it('a 2002400 reply with inquiryStatus "01" or none fails with a finding', () => {
    for (const file of [
      'bca/transfer-va-inquiry-status-01.json',
      'bca/transfer-va-inquiry-status-missing.json',
    ]) {
      const outcome = partnerCheck('transfer-va/inquiry', '2002400', sample(file));
      expect(outcome.passed, file).toBe(false);
      expect(outcome.checks.find((c) => c.name === 'finding')?.message).toMatch(/BCA/);
    }
  });
});

describe('4. access token (73)', () => {
  it('accepts BCA\'s "tokenType": "bearer"', () => {
    expect(valid('snap/access-token.response.json', sample('bca/access-token-b2b-success.json'))).toEqual([]);
  });
});

describe('8. transfer status (36)', () => {
  it('requires beneficiaryAccountNo, referenceNumber and sourceAccountNo (ASPI M)', () => {
    const bca = sample('bca/transfer-status-success.json');
    expect(valid('snap/transfer/status.response.json', bca)).toEqual([]);
    for (const field of ['beneficiaryAccountNo', 'referenceNumber', 'sourceAccountNo']) {
      const { [field]: _dropped, ...without } = bca;
      expect(valid('snap/transfer/status.response.json', without), field).toEqual([
        " must have required property '" + field + "'",
      ]);
    }
  });
});

describe('7. DANA answers', () => {
  it("a 457-character responseMessage passes DANA's contract, and still not a generic bank's", () => {
    const body = sample('dana/debit-payment-host-to-host-create-order-redirect.json');
    const spec = bankRequestSpec(banks, 'dana', 'debit/payment-host-to-host', {
      status: 200,
      schema: 'snap/error.response.json',
    });
    const headers = [
      { key: 'Content-Type', value: 'application/json' },
      { key: 'X-TIMESTAMP', value: ts },
    ];
    const observed = { status: 200, headers, body: Buffer.from(JSON.stringify(body)) };
    expect(checkResponse(spec, observed, undefined, schemas).checks.filter((c) => !c.passed)).toEqual([]);
    expect(valid('snap/error.response.json', body)).not.toEqual([]);
  });
});

describe('the mock takes what the banks document (5, 6, 7)', () => {
  let mock: RunningMock;
  const partners = {
    bca: bankPartner('bca', 'BCAFIDEL01'),
    bri: bankPartner('bri-snap', 'BRIFIDEL01'),
    dana: bankPartner('dana', 'DANAFIDEL1'),
    snap: bankPartner('snap', 'SNAPFIDEL1'),
  };
  beforeAll(async () => {
    mock = await startMockBank({ partners: Object.values(partners).map((p) => p.partner) });
  });
  afterAll(async () => {
    await mock.close();
  });
  const path = (bank: string, service: string) => servicePath(banks.get(bank)!, service);

  it('5. BCA QRIS with CHANNEL-ID 95251 (EDC WSID)', async () => {
    const bca = await bankClient(mock.url, partners.bca, path('bca', 'access-token/b2b'));
    const res = await bca.send(
      path('bca', 'qr/qr-mpm-generate'),
      {
        partnerReferenceNo: uniqueRef('Q'),
        amount: { value: '50000.00', currency: 'IDR' },
        merchantId: '123456789',
        terminalId: 'A1234567',
      },
      { headers: { 'CHANNEL-ID': '95251' } },
    );
    expect([res.status, res.json['responseMessage']]).toEqual([200, 'Successful']);
  });

  it("6. BRI's template bodies: a QRIS query without merchantId, a direct debit with urlParam/isDeepLink", async () => {
    const bri = await bankClient(mock.url, partners.bri, path('bri-snap', 'access-token/b2b'), {
      encoding: 'hex',
    });
    const query = await bri.send(path('bri-snap', 'qr/qr-mpm-query'), {
      originalReferenceNo: '123456789012',
      serviceCode: '47',
      additionalInfo: { terminalId: '100492' },
    });
    expect(query.status, JSON.stringify(query.json)).not.toBe(400);
    const payment = sample('bri-snap/debit-payment-host-to-host-request.json');
    const paid = await bri.send(path('bri-snap', 'debit/payment-host-to-host'), {
      ...payment,
      partnerReferenceNo: uniqueRef('P'),
    });
    expect(paid.status, JSON.stringify(paid.json)).not.toBe(400);
  });

  it("6. BRI's urlParam is BRI's alone: ASPI's SNAP mock refuses it as an unknown field", async () => {
    const snap = await bankClient(mock.url, partners.snap, path('snap', 'access-token/b2b'));
    const payment = sample('bri-snap/debit-payment-host-to-host-request.json');
    const refused = await snap.send(path('snap', 'debit/payment-host-to-host'), {
      ...payment,
      partnerReferenceNo: uniqueRef('P'),
      merchantId: '123456789',
    });
    expect([refused.status, refused.json['responseCode']]).toEqual([400, '4005401']);
    expect(String(refused.json['responseMessage'])).toMatch(/urlParam/);
  });

  it("7. DANA's own requests: null and empty optional fields, categoryId as a number", async () => {
    const dana = await bankClient(mock.url, partners.dana, undefined, { asymmetric: true });
    const topup = sample('dana/emoney-topup-top-up-customer-valid-request.json');
    const res = await dana.send(path('dana', 'emoney/topup'), {
      ...topup,
      partnerReferenceNo: uniqueRef('T'),
      categoryId: 1,
    });
    expect(res.status, JSON.stringify(res.json)).not.toBe(400);
    const status = sample('dana/debit-status-query-payment-paid-order-request.json');
    expect(status['originalReferenceNo']).toBeNull();
    const queried = await dana.send(path('dana', 'debit/status'), status);
    expect(queried.status, JSON.stringify(queried.json)).not.toBe(400);
  });
});

describe("the loader holds the shipped partner-va-bca suite to BCA's contract", () => {
  it('resolves its payment flag to the BCA schema with the overlays and their sources', () => {
    const project = loadProject(REPO_ROOT).value!;
    const suite = project.suites.find((s) => s.name === 'partner-va-bca')!;
    const flag = suite.requests.find((r) => r.name === 'payment flag')!;
    expect(flag.expect.schema).toBe('banks/bca/snap/transfer-va/payment.response.json');
    expect(flag.contract?.overlays.map((o) => `${o.field} ${o.change}`)).toContain(
      '/virtualAccountData/paymentFlagStatus const',
    );
    expect(flag.contract?.overlays.every((o) => o.source.includes('bca.md'))).toBe(true);
  });
});
