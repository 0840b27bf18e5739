/**
 * The replay of a documented request counts a service its bank's mock does not serve as such,
 * never as accepted: a 404 for the path, or a bank that does not offer the service.
 */
import { describe, expect, it } from 'vitest';
import { replayVerdict } from './replay-verdict.ts';

const noEndpoint = {
  status: 404,
  json: {
    responseCode: '4040000',
    responseMessage: 'Not Found. No endpoint POST /openapi/v1.0/debit/refund',
  },
};

describe('the verdict on a replayed documented request', () => {
  it('is unserved for the mock\u2019s 404 of a path it has no endpoint for, naming the sample and the 404', () => {
    const verdict = replayVerdict('bca/debit-refund-request.json', 'bca', noEndpoint);
    expect(verdict.kind).toBe('unserved');
    expect(verdict.kind !== 'accepted' && verdict.message).toMatch(
      /^bca\/debit-refund-request\.json: .*bca.*404.*No endpoint POST \/openapi\/v1\.0\/debit\/refund/,
    );
  });

  it('is unserved, before any answer, where the bank does not offer the service', () => {
    const verdict = replayVerdict('bca/debit-refund-request.json', 'bca', noEndpoint, {
      offered: false,
      service: 'debit/refund',
    });
    expect(verdict.kind).toBe('unserved');
    expect(verdict.kind !== 'accepted' && verdict.message).toContain('does not offer debit/refund');
  });

  it('is accepted for a business 404 of a served service (Transaction Not Found)', () => {
    const answer = {
      status: 404,
      json: { responseCode: '4045801', responseMessage: 'Transaction Not Found' },
    };
    expect(replayVerdict('snap/debit-refund-request.json', 'snap', answer).kind).toBe('accepted');
  });

  it('is refused for a 400, naming the sample and the answer', () => {
    const answer = {
      status: 400,
      json: { responseCode: '4005802', responseMessage: 'Invalid Mandatory Field x' },
    };
    const verdict = replayVerdict('snap/debit-refund-request.json', 'snap', answer);
    expect(verdict).toEqual({
      kind: 'refused',
      message: expect.stringContaining(
        'snap/debit-refund-request.json: the snap mock answered 400',
      ) as string,
    });
  });
});
