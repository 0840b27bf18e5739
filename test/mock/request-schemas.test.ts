import { describe, expect, it } from 'vitest';
import { requestSchemaProblem } from '../../src/mock/body/request-schemas.ts';

/** The mock answers body mistakes from the suites' own JSON Schemas. */
describe('requestSchemaProblem', () => {
  const transfer = {
    partnerReferenceNo: 'TRF1',
    amount: { value: '10000.00', currency: 'IDR' },
    beneficiaryAccountNo: '5566778899',
    sourceAccountNo: '0011223344',
    transactionDate: '2024-03-05T17:37:16+07:00',
  };

  it('accepts a body the schema accepts', () => {
    expect(requestSchemaProblem('snap/transfer-intrabank.request.json', transfer)).toBeUndefined();
  });

  it('names a missing field, nested fields by their dotted path, and empty values as missing', () => {
    const { sourceAccountNo: _dropped, ...withoutSource } = transfer;
    expect(requestSchemaProblem('snap/transfer-intrabank.request.json', withoutSource)).toEqual({
      kind: 'missing',
      field: 'sourceAccountNo',
    });
    expect(
      requestSchemaProblem('snap/transfer-intrabank.request.json', {
        ...transfer,
        amount: { value: '10000.00' },
      }),
    ).toEqual({ kind: 'missing', field: 'amount.currency' });
    expect(
      requestSchemaProblem('snap/transfer-intrabank.request.json', { ...transfer, partnerReferenceNo: '' }),
    ).toEqual({ kind: 'missing', field: 'partnerReferenceNo' });
  });

  it('reports formats and unknown fields of a closed request as format problems', () => {
    expect(
      requestSchemaProblem('snap/transfer-intrabank.request.json', {
        ...transfer,
        amount: { value: '10000.0', currency: 'IDR' },
      }),
    ).toEqual({ kind: 'format', field: 'amount.value' });
    expect(
      requestSchemaProblem('snap/transfer-intrabank.request.json', { ...transfer, surprise: 1 }),
    ).toEqual({ kind: 'format', field: 'surprise' });
  });
});
