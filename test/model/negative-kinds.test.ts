import { describe, expect, it } from 'vitest';
import { expandNegatives, REFERENCE_VARIABLE } from '../../src/model/negatives.ts';
import { loadProject } from '../../src/load/project.ts';
import type { NegativeSpec, RequestSpec, Suite } from '../../src/model/types.ts';
import { renderCollection } from '../../src/render/postman.ts';
import { REPO_ROOT } from '../support/project.ts';

const project = loadProject(REPO_ROOT).value!;
const provider = project.providers.get('snap')!;
const transfer: RequestSpec = {
  id: 's/01-transfer',
  name: 'transfer',
  method: 'POST',
  path: '/v1.0/transfer-intrabank',
  headers: {},
  sign: 'snap-transaction',
  body: {
    partnerReferenceNo: 'TRF{{$timestamp}}',
    amount: { value: '10000.00', currency: 'IDR' },
    beneficiaryAccountNo: '5566778899',
    sourceAccountNo: '0011223344',
    transactionDate: '{{$isoTimestamp}}',
  },
  capture: {},
  expect: { status: 200, responseCode: '2001700' },
  source: { file: 'x.yaml', line: 3, column: 7 },
};
const suite = (request: RequestSpec, over: Partial<Suite> = {}): Suite => ({
  name: 's',
  provider: 'snap',
  source: request.source,
  requests: [request],
  ...over,
});
const expand = (negatives: NegativeSpec[], request = transfer, over: Partial<Suite> = {}) =>
  expandNegatives(suite({ ...request, negatives }, over), provider);

describe('certification negatives', () => {
  it('derives field-format, duplicate-reference, inconsistent-request and missing-token with their codes', () => {
    const out = expand([
      { kind: 'field-format' },
      { kind: 'duplicate-reference' },
      { kind: 'inconsistent-request' },
      { kind: 'missing-token' },
    ]);
    expect(out.diagnostics).toEqual([]);
    const [original, format, duplicate, inconsistent, missing] = out.value!.requests;
    expect(original).toMatchObject({
      recordReference: 'partnerReferenceNo',
      scenario: 'transfer — Successful',
    });
    expect(
      [format, duplicate, inconsistent, missing].map((v) => [v!.expect.status, v!.expect.responseCode]),
    ).toEqual([
      [400, '4001701'],
      [409, '4091701'],
      [404, '4041718'],
      [401, '4011703'],
    ]);
    // field-format: the amount first, with one decimal, naming the field.
    expect(format!.negative).toMatchObject({ kind: 'field-format', field: 'amount.value' });
    expect((format!.body as { amount: { value: string } }).amount.value).toBe('10.0');
    expect(format!.scenario).toBe('Invalid Field Format amount.value');
    // duplicate: the reference as the original sent it; inconsistent: that and one rupiah more.
    const ref = `{{${REFERENCE_VARIABLE}}}`;
    expect(duplicate!.body).toEqual({ ...(transfer.body as object), partnerReferenceNo: ref });
    expect(inconsistent!.body).toMatchObject({ partnerReferenceNo: ref, amount: { value: '10001.00' } });
    expect([duplicate!.scenario, inconsistent!.scenario, missing!.scenario]).toEqual([
      'Duplicate partnerReferenceNo',
      'Inconsistent Request',
      'Access Token Not Found',
    ]);
    expect(missing!.tamper).toBe('no-token');
  });

  it('sends a wrong format for timestamps and numeric ids too', () => {
    const out = expand([
      { kind: 'field-format', field: 'transactionDate' },
      { kind: 'field-format', field: 'sourceAccountNo' },
    ]);
    const [, date, account] = out.value!.requests;
    expect((date!.body as Record<string, string>)['transactionDate']).toBe('2024-01-01T10:00:00');
    expect((account!.body as Record<string, string>)['sourceAccountNo']).toBe('AABBCCDDEE');
  });

  it('takes scenario wording from the negative, then the suite, then the default', () => {
    const out = expand(
      [{ kind: 'signature', scenario: 'Invalid Signature' }, { kind: 'token' }, { kind: 'mandatory-field' }],
      { ...transfer, scenario: 'Transfer Intrabank Success' },
      { scenarios: { token: 'Unauthorized . Token', 'mandatory-field': 'Missing {field}' } },
    );
    expect(out.value!.requests.map((r) => r.scenario)).toEqual([
      'Transfer Intrabank Success',
      'Invalid Signature',
      'Unauthorized . Token',
      'Missing partnerReferenceNo',
    ]);
  });

  it('explains why a negative cannot be derived', () => {
    const token: RequestSpec = {
      ...transfer,
      path: '/v1.0/access-token/b2b',
      sign: 'snap-token',
      body: { grantType: 'client_credentials' },
    };
    const out = expand(
      [{ kind: 'missing-token' }, { kind: 'duplicate-reference' }, { kind: 'field-format' }],
      token,
    );
    expect(out.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('carries no SNAP access token'),
      expect.stringContaining('only SNAP transactions'),
      expect.stringContaining('name the field to send in a wrong format'),
    ]);
  });

  it('gives each stale-timestamp variant of a suite its own second', () => {
    const two = suite({ ...transfer, negatives: [{ kind: 'timestamp' }] });
    two.requests.push({ ...transfer, id: 's/02-again', negatives: [{ kind: 'timestamp' }] });
    const stamps = expandNegatives(two, provider)
      .value!.requests.filter((r) => r.negative)
      .map((r) => r.headers['X-TIMESTAMP']);
    expect(stamps).toEqual(['2020-01-01T00:00:00+07:00', '2020-01-01T00:00:01+07:00']);
  });

  it('records the reference as sent in the rendered original', () => {
    const expanded = expand([{ kind: 'duplicate-reference' }]).value!;
    const collection = renderCollection({ suite: expanded, provider, signerScript: [], forPostman: true });
    const text = JSON.stringify(collection);
    expect(text).toContain(`pm.collectionVariables.set(\\"${REFERENCE_VARIABLE}\\"`);
    expect(text).toContain(`{{${REFERENCE_VARIABLE}}}`);
  });
});
