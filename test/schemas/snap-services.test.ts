/**
 * The response schemas of the catalogue services added with the bank profiles: each accepts a
 * realistic answer, and rejects `{}` and a realistic wrong one (the mistakes integrators meet:
 * the amount as a number, another service's code, a missing reference, a status as text).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { REPO_ROOT } from '../support/project.ts';
import { defined } from '../support/defined.ts';
import { cancel, idr as money, ok, refund, status, transferStatus, ts } from './_snap-service-examples.ts';

const registry = defined(loadSchemas(join(REPO_ROOT, 'schemas')).value);
/** schema → [a realistic answer, a realistic wrong answer, what is wrong with it]. */
const CASES: Array<[string, object, object, string]> = [
  [
    'qr/qr-mpm-generate',
    { ...ok('2004700'), referenceNo: '1', qrContent: '000201010212' },
    { ...ok('2004700'), referenceNo: '1' },
    'no qrContent, qrUrl or qrImage',
  ],
  [
    'qr/qr-mpm-query',
    status('2005100', '47'),
    { ...status('2005100', '47'), latestTransactionStatus: 'PAID' },
    'status as text',
  ],
  [
    'qr/qr-mpm-cancel',
    cancel('2007700'),
    { ...cancel('2007700'), responseCode: '2005700' },
    "direct debit's code",
  ],
  ['qr/qr-mpm-refund', refund('2007800'), { ...refund('2007800'), refundAmount: 5000 }, 'amount as a number'],
  [
    'debit/payment-host-to-host',
    { ...ok('2005400'), referenceNo: '1', webRedirectUrl: 'https://x' },
    { ...ok('2005400'), webRedirectUrl: 'https://x' },
    'no referenceNo',
  ],
  [
    'debit/status',
    status('2005500', '54'),
    { ...status('2005500', '54'), amount: { value: '10000', currency: 'IDR' } },
    'amount without decimals',
  ],
  ['debit/cancel', cancel('2005700'), { ...cancel('2005700'), cancelTime: '01/01/2026' }, 'not a date-time'],
  ['debit/refund', refund('2005800'), { ...refund('2005800'), refundNo: undefined }, 'no refundNo'],
  [
    'account-inquiry-external',
    { ...ok('2001600'), beneficiaryAccountName: 'DEWI', beneficiaryAccountNo: '8880001234' },
    { ...ok('2001600'), beneficiaryAccountNo: 8880001234 },
    'account as a number, no name',
  ],
  [
    'transfer-interbank',
    { ...ok('2001800'), referenceNo: '1', amount: money('1.00'), beneficiaryAccountNo: '8880001234' },
    { ...ok('2001700'), referenceNo: '1', amount: money('1.00'), beneficiaryAccountNo: '8880001234' },
    "intrabank's code",
  ],
  [
    'transfer/status',
    transferStatus('2003600', '18'),
    { ...transferStatus('2003600', '18'), serviceCode: 18 },
    'serviceCode as a number',
  ],
  [
    'bank-statement',
    {
      ...ok('2001400'),
      balance: [],
      detailData: [{ amount: money('1.00'), transactionDate: ts, remark: 'SETORAN', type: 'CREDIT' }],
    },
    {
      ...ok('2001400'),
      balance: [],
      detailData: [{ amount: money('1.00'), transactionDate: ts, type: 'C' }],
    },
    'type C instead of CREDIT',
  ],
  [
    'transaction-history-list',
    { ...ok('2001200'), detailData: [] },
    { ...ok('2001200'), detailData: {} },
    'detailData an object',
  ],
  [
    'transaction-history-detail',
    {
      ...ok('2001300'),
      referenceNo: '1',
      dateTime: ts,
      amount: money('1.00'),
      status: 'SUCCESS',
      type: 'TOPUP',
    },
    {
      ...ok('2001300'),
      referenceNo: '1',
      dateTime: ts,
      amount: money('1.00'),
      status: 'OK',
      type: 'TOPUP',
    },
    'unknown status',
  ],
  [
    'emoney/account-inquiry',
    { ...ok('2003700'), customerNumber: '628', customerName: 'RINA', amount: money('1.00') },
    { ...ok('2003700'), customerNumber: '628', amount: money('1.00') },
    'no customerName',
  ],
  [
    'emoney/topup',
    { ...ok('2003800'), referenceNo: '1', customerNumber: '628', amount: money('1.00') },
    { ...ok('4003800'), referenceNo: '1', customerNumber: '628', amount: money('1.00') },
    'an error code',
  ],
  [
    'emoney/topup-status',
    status('2003900', '38'),
    { ...status('2003900', '38'), latestTransactionStatus: '0' },
    'one-digit status',
  ],
  [
    'emoney/bank-account-inquiry',
    { ...ok('2004200'), beneficiaryAccountName: 'DEWI', beneficiaryAccountNumber: '888' },
    { ...ok('2004200'), beneficiaryAccountName: '', beneficiaryAccountNumber: '888' },
    'empty name',
  ],
  [
    'emoney/transfer-bank',
    { ...ok('2024300'), referenceNo: '1', beneficiaryAccountNumber: '888', amount: money('1.00') },
    { ...ok('2024200'), referenceNo: '1', beneficiaryAccountNumber: '888', amount: money('1.00') },
    "42's code",
  ],
  [
    'access-token-b2b2c',
    {
      ...ok('2007400'),
      accessToken: 'c1',
      tokenType: 'Bearer',
      accessTokenExpiryTime: '2026-01-01T10:15:00+07:00',
      refreshToken: 'r1',
      refreshTokenExpiryTime: '2026-01-31T10:00:00+07:00',
    },
    { ...ok('2007400'), accessToken: 'c1', tokenType: 'Bearer', expiresIn: '900' },
    "the B2B token's expiresIn instead of expiry times",
  ],
];

describe('response schemas of the new services', () => {
  const cases = CASES.map(([name, good, wrong, why]) => ({ name, good, wrong, why }));
  it.each(cases)(
    '$name accepts a real answer, rejects {} and an answer with $why',
    ({ name, good, wrong }) => {
      const validate = defined(registry.validator(`snap/${name}.response.json`), name);
      expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
      expect(validate({})).toBe(false);
      expect(validate(JSON.parse(JSON.stringify(wrong)))).toBe(false);
    },
  );

  it('accept the service codes the catalogue documents for DANA only where DANA answers them', () => {
    const list = defined(registry.validator('snap/transaction-history-list.response.json'));
    expect(list({ ...ok('2006000'), detailData: [] })).toBe(true);
    expect(list({ ...ok('2006100'), detailData: [] })).toBe(false);
    expect(
      defined(registry.validator('snap/transfer/status.response.json'))(transferStatus('2000000', '43')),
    ).toBe(true);
  });

  it('cover every catalogue entry that names a response schema', async () => {
    const { snapCatalogue } = await import('../../src/catalogue/catalogue.ts');
    const old = ['11', '15', '17', '24', '25', '26', '27', '30', '31', '73'];
    const tested = CASES.map(([name]) => `snap/${name}.response.json`);
    for (const e of snapCatalogue())
      if (e.schemas !== undefined && !old.includes(e.code)) expect(tested).toContain(e.schemas.response);
  });
});
