/**
 * The service code inside responseCode comes from the catalogue, unless the provider's bank
 * answers its own (DANA: 60 for the transaction history list): a DANA-style 2006000 passes for
 * DANA and fails for a provider whose bank has no such override.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { snapRuleChecks } from '../../src/check/snap-rules.ts';
import { checkResponse } from '../../src/check/response.ts';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { bankOverlays } from '../../src/load/bank-profiles.ts';
import { loadProject } from '../../src/load/project.ts';
import type { RequestSpec } from '../../src/model/types.ts';
import { REPO_ROOT, tempProject } from '../support/project.ts';
import { join } from 'node:path';
import { defined } from '../support/defined.ts';

const provider = (name: string, bank: string) => `kontrak: 1
provider:
  name: ${name}
  bank: ${bank}
  credentials:
    client_id: { secret: false }
    private_key: { secret: true }
    client_secret: { secret: true }
    channel_id: { secret: false }
`;
const suite = `kontrak: 1
suite:
  name: history
  providers: [wallet, plain]
  requests:
    - name: transaction list
      method: POST
      service: transaction-history-list
      sign: snap-transaction
      body: { fromDateTime: "2020-01-01T00:00:00+07:00", toDateTime: "2020-01-02T00:00:00+07:00" }
      expect: { status: 200, responseCode: "2001200", schema: snap/transaction-history-list.response.json }
    - name: transfer to bank
      method: POST
      service: emoney/transfer-bank
      sign: snap-transaction
      body: { partnerReferenceNo: "1", customerNumber: "6", beneficiaryAccountNumber: "8", amount: { value: "1.00", currency: IDR } }
      expect: { status: 200, responseCode: "2004300", schema: snap/emoney/transfer-bank.response.json }
`;
const project = tempProject({
  'collections/wallet.yaml': provider('wallet', 'dana'),
  'collections/plain.yaml': provider('plain', 'snap'),
  'collections/history.yaml': suite,
});
afterAll(() => {
  project.cleanup();
});

const loaded = loadProject(project.root);
const request = (suiteName: string, index: number): RequestSpec =>
  defined(defined(defined(loaded.value).suites.find((s) => s.name === suiteName)).requests[index]);
const headers = [
  { key: 'Content-Type', value: 'application/json' },
  { key: 'X-TIMESTAMP', value: '2026-01-01T10:00:00+07:00' },
];
const serviceRule = (spec: RequestSpec, code: string) =>
  defined(
    snapRuleChecks(spec, {
      status: Number(code.slice(0, 3)),
      headers,
      json: { responseCode: code, responseMessage: 'Successful' },
    }).find((c) => c.name === 'snap:service-code'),
    'snap:service-code',
  );

describe('service codes from the catalogue and the bank profile', () => {
  it('loads without diagnostics', () => {
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('accepts DANA-style 2006000 for DANA, and says where the override comes from', () => {
    const rule = serviceRule(request('history@wallet', 0), '2006000');
    expect(rule.passed).toBe(true);
    expect(rule.message).toMatch(/service 12 answered as 60: bank profile dana: .*uat-script/);
  });

  it('refuses 2006000 for a provider whose bank has no override, and 2001200 for DANA', () => {
    const plain = serviceRule(request('history@plain', 0), '2006000');
    expect(plain.passed).toBe(false);
    expect(plain.message).toContain(
      'carries service code 60, but /v1.0/transaction-history-list is service 12',
    );
    expect(serviceRule(request('history@plain', 0), '2001200').passed).toBe(true);
    expect(serviceRule(request('history@wallet', 0), '2001200').passed).toBe(false);
  });

  it("resolves DANA's path and signs its transactions without a token (type C)", () => {
    const dana = request('history@wallet', 0);
    expect([dana.path, dana.sign]).toEqual(['/v1.0/transaction-history-list.htm', 'snap-asymmetric']);
    expect(request('history@plain', 0).sign).toBe('snap-transaction');
  });

  it("accepts DANA's 2024300 where 2004300 is expected, only for DANA", () => {
    const schemas = defined(
      loadSchemas(join(REPO_ROOT, 'schemas'), undefined, { overlays: bankOverlays(project.root) }).value,
    );
    const body = Buffer.from(
      JSON.stringify({
        responseCode: '2024300',
        responseMessage: 'Request In Progress',
        referenceNo: '1',
        beneficiaryAccountNumber: '8',
        amount: { value: '1.00', currency: 'IDR' },
      }),
    );
    const response = { status: 202, headers, body };
    const dana = checkResponse(request('history@wallet', 1), response, undefined, schemas);
    expect(dana.checks.filter((c) => !c.passed)).toEqual([]);
    const plain = checkResponse(request('history@plain', 1), response, undefined, schemas);
    expect(plain.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['status', 'responseCode']);
  });
});
