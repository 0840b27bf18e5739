import { describe, expect, it } from 'vitest';
import { partnerFindings } from '../../src/check/findings.ts';
import { loadProject } from '../../src/load/project.ts';
import { expandNegatives } from '../../src/model/negatives.ts';
import type { Provider, RequestSpec, Suite } from '../../src/model/types.ts';
import { REPO_ROOT } from '../support/project.ts';

const partner = loadProject(REPO_ROOT).value?.providers.get('partner') as Provider;
const payment: RequestSpec = {
  id: 's/01-pay',
  name: 'pay',
  method: 'POST',
  path: '/openapi/v1.0/transfer-va/payment',
  headers: {},
  sign: 'snap-transaction',
  body: {
    partnerServiceId: '   12345',
    customerNo: '1',
    virtualAccountNo: '   123451',
    paymentRequestId: 'P',
  },
  capture: {},
  expect: { status: 200, responseCode: '2002500', schema: 'snap/transfer-va/payment.response.json' },
  source: { file: 'x.yaml', line: 3, column: 7 },
};
const suite = (request: RequestSpec): Suite => ({
  name: 's',
  provider: 'partner',
  source: request.source,
  requests: [request],
});
const variants = (request: RequestSpec, provider = partner) =>
  expandNegatives(suite(request), provider).value?.requests.slice(1) ?? [];

describe('inbound negatives', () => {
  it('malformed-json sends the body, correctly signed, with its last character cut: 400xx00', () => {
    const [variant] = variants({ ...payment, negatives: [{ kind: 'malformed-json' }] });
    expect(variant?.expect).toMatchObject({ status: 400, responseCode: '4002500' });
    expect(variant?.rawBody).toBe(JSON.stringify(payment.body).slice(0, -1));
    expect(() => {
      JSON.parse(variant?.rawBody ?? '');
    }).toThrow();
    expect(variant?.tamper).toBeUndefined();
  });

  it("replay resends the request with the same X-EXTERNAL-ID and expects the profile's answer", () => {
    const out = expandNegatives(suite({ ...payment, negatives: [{ kind: 'replay' }] }), partner).value;
    expect(out?.requests[0]?.recordExternalId).toBe(true);
    const bca = out?.requests[1];
    expect(bca?.headers['X-EXTERNAL-ID']).toBe('{{kontrak_last_external_id}}');
    expect(bca?.body).toEqual(payment.body);
    expect(bca?.expect).toEqual({ status: 404, responseCode: '4042518', schema: 'snap/error.response.json' });
    // An idempotent profile expects the original answer again.
    const [idempotent] = variants(
      { ...payment, negatives: [{ kind: 'replay' }] },
      {
        ...partner,
        replayAnswer: 'success',
      },
    );
    expect(idempotent?.expect).toEqual(payment.expect);
  });
});

describe('partner findings', () => {
  const signature = {
    ...payment,
    negative: { kind: 'signature' as const },
    expect: { status: 401, responseCode: '4012500' },
  };

  it('names an accepted refusal in plain words, and nothing when the partner refused', () => {
    const accepted = partnerFindings(signature, 200, '2002500', []);
    expect(accepted).toEqual([
      {
        name: 'finding',
        passed: false,
        message:
          'your endpoint accepted a VA payment flag whose X-SIGNATURE was wrong: anyone who can reach it can mark invoices paid',
      },
    ]);
    expect(partnerFindings(signature, 401, '4012500', [])).toEqual([]);
    // A refusal with the wrong code is a contract failure, not a finding.
    expect(partnerFindings(signature, 400, '4002500', [])).toEqual([]);
    // A request's own words win.
    expect(
      partnerFindings({ ...signature, finding: 'it took money for nothing' }, 200, '2002500', [])[0]?.message,
    ).toBe('it took money for nothing');
  });

  it('names a responseCode of another service', () => {
    const failed = { name: 'snap:service-code', passed: false, message: 'x' };
    const [finding] = partnerFindings(payment, 200, '2002400', [failed]);
    expect(finding?.message).toMatch(
      /^your endpoint's responseCodes on \/openapi\/v1\.0\/transfer-va\/payment carry service code 24, but that endpoint is service 25/,
    );
    expect(partnerFindings(payment, 200, '2002500', [{ ...failed, passed: true }])).toEqual([]);
  });
});
