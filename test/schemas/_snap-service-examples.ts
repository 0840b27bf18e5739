/**
 * Hand-made examples of the schemas of the catalogue services the bank profiles brought (QRIS MPM,
 * direct debit, disbursement, bank statement, B2B2C history, e-money), spread into the EXAMPLES of
 * schemas.test.ts: each must pass, or fail for the stated reason.
 */
export const idr = (value: string) => ({ value, currency: 'IDR' });
export const ts = '2026-01-01T10:00:00+07:00';
export const ok = (code: string) => ({ responseCode: code, responseMessage: 'Successful' });

interface Invalid {
  why: string;
  data: unknown;
  error: readonly [pointer: string, keyword: string];
}
interface Cases {
  valid: readonly unknown[];
  invalid: readonly Invalid[];
}

/** A request: the valid body, a field it must not have, and (when it has one) a mandatory field dropped. */
function request(valid: Record<string, unknown>, mandatory?: string): Cases {
  const invalid: Invalid[] = [
    {
      why: 'a field the service does not define',
      data: { ...valid, foo: 'bar' },
      error: ['', 'additionalProperties'],
    },
  ];
  if (mandatory !== undefined) {
    const rest = Object.fromEntries(Object.entries(valid).filter(([key]) => key !== mandatory));
    invalid.push({ why: `${mandatory} missing`, data: rest, error: ['', 'required'] });
  }
  return { valid: [valid], invalid };
}

/** A response: the valid answer, `{}`, and a realistic wrong answer with where it is wrong. */
function response(valid: Record<string, unknown>, wrong: Invalid): Cases {
  return { valid: [valid], invalid: [{ why: 'empty body', data: {}, error: ['', 'required'] }, wrong] };
}

/** A realistic status answer of `service`, a refund answer, a cancel answer (shared with snap-services.test.ts). */
export const status = (code: string, service: string) => ({
  ...ok(code),
  originalReferenceNo: '123456789012',
  originalPartnerReferenceNo: 'REF1',
  serviceCode: service,
  latestTransactionStatus: '00',
  transactionStatusDesc: 'Success',
  amount: idr('10000.00'),
});
/** A transfer status answer: ASPI marks the transfer's accounts and reference number mandatory. */
export const transferStatus = (code: string, service: string) => ({
  ...status(code, service),
  beneficiaryAccountNo: '8880001234',
  referenceNumber: 'RN1',
  sourceAccountNo: '0011223344',
});
export const refund = (code: string) => ({
  ...ok(code),
  originalReferenceNo: '123456789012',
  refundNo: '223456789012',
  partnerRefundNo: 'RF1',
  refundAmount: idr('5000.00'),
  refundTime: ts,
});
export const cancel = (code: string) => ({
  ...ok(code),
  originalReferenceNo: '123456789012',
  cancelTime: ts,
});
const refundRequest = {
  originalReferenceNo: '123456789012',
  partnerRefundNo: 'RF1',
  refundAmount: idr('5000.00'),
};

export const SNAP_SERVICE_EXAMPLES: Record<string, Cases> = {
  'snap/qr/qr-mpm-generate.request.json': request(
    {
      partnerReferenceNo: 'QR1',
      amount: idr('150000.00'),
      merchantId: 'M1',
      storeId: 'S1',
      validityPeriod: ts,
    },
    // ASPI marks every field of 47 optional (aspi/mpm.md); BCA's profile requires its own.
  ),
  'snap/qr/qr-mpm-generate.response.json': response(
    { ...ok('2004700'), referenceNo: '1', qrContent: '00020101021253033605802ID6304ABCD' },
    {
      why: 'no qrContent, qrUrl or qrImage',
      data: { ...ok('2004700'), referenceNo: '1' },
      error: ['', 'anyOf'],
    },
  ),
  'snap/qr/qr-mpm-query.request.json': request(
    { originalReferenceNo: '123456789012', serviceCode: '47', merchantId: 'M1' },
    'serviceCode',
  ),
  'snap/qr/qr-mpm-query.response.json': response(status('2005100', '47'), {
    why: 'status as text',
    data: { ...status('2005100', '47'), latestTransactionStatus: 'PAID' },
    error: ['/latestTransactionStatus', 'enum'],
  }),
  'snap/qr/qr-mpm-cancel.request.json': request(
    { originalReferenceNo: '123456789012', merchantId: 'M1', reason: 'cancelled by the customer' },
    'reason',
  ),
  'snap/qr/qr-mpm-cancel.response.json': response(cancel('2007700'), {
    why: "the direct debit cancel's code",
    data: { ...cancel('2007700'), responseCode: '2005700' },
    error: ['/responseCode', 'pattern'],
  }),
  'snap/qr/qr-mpm-refund.request.json': request({ ...refundRequest, merchantId: 'M1' }, 'refundAmount'),
  'snap/qr/qr-mpm-refund.response.json': response(refund('2007800'), {
    why: 'refundAmount as a number',
    data: { ...refund('2007800'), refundAmount: 5000 },
    error: ['/refundAmount', 'type'],
  }),
  'snap/debit/payment-host-to-host.request.json': request(
    {
      partnerReferenceNo: 'DD1',
      merchantId: 'M1',
      amount: idr('75000.00'),
      urlParams: [{ url: 'https://merchant.example/return', type: 'PAY_RETURN', isDeeplink: 'N' }],
      validUpTo: ts,
    },
    // ASPI marks partnerReferenceNo M and amount O (aspi/direct-debit.md); DANA's profile requires amount.
    'partnerReferenceNo',
  ),
  'snap/debit/payment-host-to-host.response.json': response(
    { ...ok('2005400'), referenceNo: '1', webRedirectUrl: 'https://bank.example/authorize/1' },
    {
      why: 'no referenceNo',
      data: { ...ok('2005400'), webRedirectUrl: 'https://x' },
      error: ['', 'required'],
    },
  ),
  'snap/debit/status.request.json': request(
    { originalPartnerReferenceNo: 'DD1', serviceCode: '54' },
    'serviceCode',
  ),
  'snap/debit/status.response.json': response(status('2005500', '54'), {
    why: 'amount without decimals',
    data: { ...status('2005500', '54'), amount: { value: '10000', currency: 'IDR' } },
    error: ['/amount/value', 'pattern'],
  }),
  'snap/debit/cancel.request.json': request({
    originalPartnerReferenceNo: 'DD1',
    reason: 'changed their mind',
  }),
  'snap/debit/cancel.response.json': response(cancel('2005700'), {
    why: 'cancelTime not a date-time',
    data: { ...cancel('2005700'), cancelTime: '01/01/2026' },
    error: ['/cancelTime', 'format'],
  }),
  'snap/debit/refund.request.json': request(refundRequest, 'partnerRefundNo'),
  'snap/debit/refund.response.json': response(refund('2005800'), {
    why: "the QRIS refund's code",
    data: { ...refund('2005800'), responseCode: '2007800' },
    error: ['/responseCode', 'pattern'],
  }),
  'snap/account-inquiry-external.request.json': request(
    { beneficiaryBankCode: '014', beneficiaryAccountNo: '8880001234', partnerReferenceNo: 'EX1' },
    'beneficiaryBankCode',
  ),
  'snap/account-inquiry-external.response.json': response(
    { ...ok('2001600'), beneficiaryAccountName: 'DEWI LESTARI', beneficiaryAccountNo: '8880001234' },
    {
      why: 'account number as a number',
      data: { ...ok('2001600'), beneficiaryAccountName: 'DEWI', beneficiaryAccountNo: 8880001234 },
      error: ['/beneficiaryAccountNo', 'type'],
    },
  ),
  'snap/transfer-interbank.request.json': request(
    {
      partnerReferenceNo: 'IB1',
      amount: idr('250000.00'),
      beneficiaryAccountName: 'DEWI LESTARI',
      beneficiaryAccountNo: '8880001234',
      beneficiaryBankCode: '014',
      sourceAccountNo: '0011223344',
      transactionDate: ts,
    },
    'beneficiaryBankCode',
  ),
  'snap/transfer-interbank.response.json': response(
    { ...ok('2001800'), referenceNo: '1', amount: idr('1.00'), beneficiaryAccountNo: '8880001234' },
    {
      why: "the intrabank transfer's code",
      data: { ...ok('2001700'), referenceNo: '1', amount: idr('1.00'), beneficiaryAccountNo: '8880001234' },
      error: ['/responseCode', 'pattern'],
    },
  ),
  'snap/transfer/status.request.json': request(
    { originalPartnerReferenceNo: 'IB1', serviceCode: '18', transactionDate: ts },
    'serviceCode',
  ),
  'snap/transfer/status.response.json': response(transferStatus('2003600', '18'), {
    why: 'serviceCode as a number',
    data: { ...transferStatus('2003600', '18'), serviceCode: 18 },
    error: ['/serviceCode', 'type'],
  }),
  'snap/bank-statement.request.json': request({ accountNo: '0011223344', fromDateTime: ts, toDateTime: ts }),
  'snap/bank-statement.response.json': response(
    {
      ...ok('2001400'),
      balance: [
        {
          amount: { ...idr('1.00'), dateTime: ts },
          startingBalance: { ...idr('0.00'), dateTime: ts },
          endingBalance: { ...idr('1.00'), dateTime: ts },
        },
      ],
      detailData: [{ amount: idr('1.00'), transactionDate: ts, remark: 'SETORAN', type: 'CREDIT' }],
    },
    {
      why: 'type C instead of CREDIT',
      data: {
        ...ok('2001400'),
        balance: [],
        detailData: [{ amount: idr('1.00'), transactionDate: ts, type: 'C' }],
      },
      error: ['/detailData/0/type', 'enum'],
    },
  ),
  'snap/transaction-history-list.request.json': request(
    { fromDateTime: ts, toDateTime: ts, pageSize: 10, pageNumber: 1 },
    'toDateTime',
  ),
  'snap/transaction-history-list.response.json': response(
    {
      ...ok('2006000'),
      detailData: [{ dateTime: ts, amount: idr('1.00'), status: 'SUCCESS', type: 'TOPUP' }],
    },
    {
      why: 'detailData an object',
      data: { ...ok('2001200'), detailData: {} },
      error: ['/detailData', 'type'],
    },
  ),
  'snap/transaction-history-detail.request.json': request({ originalPartnerReferenceNo: 'TU1' }),
  'snap/transaction-history-detail.response.json': response(
    {
      ...ok('2001300'),
      referenceNo: '1',
      dateTime: ts,
      amount: idr('1.00'),
      status: 'SUCCESS',
      type: 'TOPUP',
    },
    {
      why: 'an unknown status',
      data: {
        ...ok('2001300'),
        referenceNo: '1',
        dateTime: ts,
        amount: idr('1.00'),
        status: 'OK',
        type: 'TOPUP',
      },
      error: ['/status', 'enum'],
    },
  ),
  'snap/emoney/account-inquiry.request.json': request(
    { customerNumber: '6281234567890', amount: idr('1000.00') },
    'customerNumber',
  ),
  'snap/emoney/account-inquiry.response.json': response(
    { ...ok('2003700'), customerNumber: '6281234567890', customerName: 'RINA MARLINA', amount: idr('1.00') },
    {
      why: 'no customerName',
      data: { ...ok('2003700'), customerNumber: '628', amount: idr('1.00') },
      error: ['', 'required'],
    },
  ),
  'snap/emoney/topup.request.json': request(
    { partnerReferenceNo: 'TU1', customerNumber: '6281234567890', amount: idr('1000.00') },
    'partnerReferenceNo',
  ),
  'snap/emoney/topup.response.json': response(
    { ...ok('2003800'), referenceNo: '1', customerNumber: '6281234567890', amount: idr('1.00') },
    {
      why: 'an error code',
      data: { ...ok('4003800'), referenceNo: '1', customerNumber: '628', amount: idr('1.00') },
      error: ['/responseCode', 'pattern'],
    },
  ),
  'snap/emoney/topup-status.request.json': request(
    { originalPartnerReferenceNo: 'TU1', serviceCode: '38' },
    'serviceCode',
  ),
  'snap/emoney/topup-status.response.json': response(status('2003900', '38'), {
    why: 'a one-digit status',
    data: { ...status('2003900', '38'), latestTransactionStatus: '0' },
    error: ['/latestTransactionStatus', 'enum'],
  }),
  'snap/emoney/bank-account-inquiry.request.json': request(
    {
      customerNumber: '6281234567890',
      amount: idr('500.00'),
      beneficiaryAccountNumber: '8880001234',
      beneficiaryBankCode: '014',
    },
    'beneficiaryAccountNumber',
  ),
  'snap/emoney/bank-account-inquiry.response.json': response(
    { ...ok('2004200'), beneficiaryAccountName: 'DEWI LESTARI', beneficiaryAccountNumber: '8880001234' },
    {
      why: 'an empty name',
      data: { ...ok('2004200'), beneficiaryAccountName: '', beneficiaryAccountNumber: '888' },
      error: ['/beneficiaryAccountName', 'minLength'],
    },
  ),
  'snap/emoney/transfer-bank.request.json': request(
    {
      partnerReferenceNo: 'TB1',
      customerNumber: '6281234567890',
      beneficiaryAccountNumber: '8880001234',
      amount: idr('500.00'),
    },
    'amount',
  ),
  'snap/emoney/transfer-bank.response.json': response(
    { ...ok('2024300'), referenceNo: '1', beneficiaryAccountNumber: '8880001234', amount: idr('500.00') },
    {
      why: "the account inquiry's code",
      data: { ...ok('2004200'), referenceNo: '1', beneficiaryAccountNumber: '888', amount: idr('1.00') },
      error: ['/responseCode', 'pattern'],
    },
  ),
};
