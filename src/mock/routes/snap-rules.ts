/**
 * Field-rule tables of the SNAP endpoints (protocols.md §1.8; BRI SNAP and NICEPAY variants).
 * Order matters: the first broken rule is the one answered (400xx02 missing, 400xx01 format),
 * naming the field by its dotted path. `max` = max length / items / digits.
 */
import type { FieldRule } from '../fields.ts';

/** partnerServiceId: String(8), digits left-padded with spaces to exactly 8 (`"   12345"`). */
export const PARTNER_SERVICE_ID = /^(?=.{8}$) *\d+$/;
const DIGITS = /^\d+$/;
const IDR = /^IDR$/;

/** The VA identifiers as generic SNAP and BRI SNAP require them (all mandatory, consistent). */
const STRICT_VA_IDS: readonly FieldRule[] = [
  { field: 'partnerServiceId', type: 'string', required: true, pattern: PARTNER_SERVICE_ID },
  { field: 'customerNo', type: 'string', required: true, max: 20, pattern: DIGITS },
  { field: 'virtualAccountNo', type: 'string', required: true, max: 28 },
];

/** NICEPAY names a VA by virtualAccountNo; partnerServiceId and customerNo may be "". */
const NICEPAY_VA_IDS: readonly FieldRule[] = [
  { field: 'partnerServiceId', type: 'string', max: 8 },
  { field: 'customerNo', type: 'string', max: 20 },
  { field: 'virtualAccountNo', type: 'string', required: true, max: 28 },
];

/** 11 Balance Inquiry. accountNo is mandatory unless bankCardToken is given (checked by the handler). */
export const BALANCE_INQUIRY: readonly FieldRule[] = [
  { field: 'partnerReferenceNo', type: 'string', max: 64 },
  { field: 'bankCardToken', type: 'string', max: 128 },
  { field: 'accountNo', type: 'string', max: 16, pattern: DIGITS },
  { field: 'balanceTypes', type: 'strings', max: 10 },
  { field: 'additionalInfo', type: 'object' },
];

/** 15 Internal Account Inquiry. */
export const ACCOUNT_INQUIRY_INTERNAL: readonly FieldRule[] = [
  { field: 'beneficiaryAccountNo', type: 'string', required: true, max: 34, pattern: DIGITS },
  { field: 'partnerReferenceNo', type: 'string', max: 64 },
  { field: 'additionalInfo', type: 'object' },
];

/** 17 Intrabank Transfer. */
export const TRANSFER_INTRABANK: readonly FieldRule[] = [
  { field: 'partnerReferenceNo', type: 'string', required: true, max: 64 },
  { field: 'amount', type: 'money', required: true },
  { field: 'beneficiaryAccountNo', type: 'string', required: true, max: 34, pattern: DIGITS },
  { field: 'beneficiaryEmail', type: 'string', max: 50 },
  { field: 'currency', type: 'string', pattern: IDR },
  { field: 'customerReference', type: 'string', max: 30 },
  { field: 'feeType', type: 'string', pattern: /^(OUR|BEN|SHA)$/ },
  { field: 'remark', type: 'string', max: 50 },
  { field: 'sourceAccountNo', type: 'string', required: true, max: 19, pattern: DIGITS },
  { field: 'transactionDate', type: 'timestamp', required: true },
  { field: 'originatorInfos', type: 'array', max: 10 },
  { field: 'additionalInfo', type: 'object' },
];

const VA_CREATE_DETAILS: readonly FieldRule[] = [
  { field: 'virtualAccountEmail', type: 'string', max: 255 },
  { field: 'virtualAccountPhone', type: 'string', max: 30 },
  { field: 'billDetails', type: 'array', max: 24 },
  { field: 'freeTexts', type: 'array', max: 25 },
  { field: 'virtualAccountTrxType', type: 'string', pattern: /^[COIMLNX]$/ },
  { field: 'feeAmount', type: 'money' },
  { field: 'additionalInfo', type: 'object' },
];

/** 27 Create VA, generic SNAP: identifiers optional (generated), name and trxId mandatory. */
export const CREATE_VA: readonly FieldRule[] = [
  { field: 'partnerServiceId', type: 'string', pattern: PARTNER_SERVICE_ID },
  { field: 'customerNo', type: 'string', max: 20, pattern: DIGITS },
  { field: 'virtualAccountNo', type: 'string', max: 28 },
  { field: 'virtualAccountName', type: 'string', required: true, max: 255 },
  { field: 'trxId', type: 'string', required: true, max: 64 },
  { field: 'totalAmount', type: 'money' },
  { field: 'expiredDate', type: 'timestamp' },
  ...VA_CREATE_DETAILS,
];

/** 27 Create VA, BRI SNAP: identifiers, amount and expiry mandatory. */
export const CREATE_VA_BRI: readonly FieldRule[] = [
  ...STRICT_VA_IDS,
  { field: 'virtualAccountName', type: 'string', required: true, max: 255 },
  { field: 'trxId', type: 'string', required: true, max: 64 },
  { field: 'totalAmount', type: 'money', required: true },
  { field: 'expiredDate', type: 'timestamp', required: true },
  ...VA_CREATE_DETAILS,
  { field: 'additionalInfo.description', type: 'string', max: 100 },
];

/** 30 Inquiry VA. */
export const INQUIRY_VA: readonly FieldRule[] = [
  ...STRICT_VA_IDS,
  { field: 'trxId', type: 'string', max: 64 },
  { field: 'additionalInfo', type: 'object' },
];

/** 26 VA Inquiry Status. */
export const VA_STATUS: readonly FieldRule[] = [
  ...STRICT_VA_IDS,
  { field: 'inquiryRequestId', type: 'string', max: 128 },
  { field: 'paymentRequestId', type: 'string', max: 128 },
  { field: 'additionalInfo', type: 'object' },
];

/** 31 Delete VA (DELETE with a JSON body). */
export const DELETE_VA: readonly FieldRule[] = [
  ...STRICT_VA_IDS,
  { field: 'trxId', type: 'string', max: 64 },
  { field: 'additionalInfo', type: 'object' },
];

/** 24 VA Inquiry (payment channel asks for the bill). */
export const VA_INQUIRY: readonly FieldRule[] = [
  ...STRICT_VA_IDS,
  { field: 'inquiryRequestId', type: 'string', required: true, max: 128 },
  { field: 'trxDateInit', type: 'timestamp' },
  { field: 'channelCode', type: 'number', max: 4 },
  { field: 'language', type: 'string', max: 2 },
  { field: 'amount', type: 'money' },
  { field: 'hashedSourceAccountNo', type: 'string', max: 32 },
  { field: 'sourceBankCode', type: 'string', max: 11 },
  { field: 'passApp', type: 'string', max: 64 },
  { field: 'additionalInfo', type: 'object' },
];

/** 25 VA Payment. */
export const VA_PAYMENT: readonly FieldRule[] = [
  ...STRICT_VA_IDS,
  { field: 'paymentRequestId', type: 'string', required: true, max: 128 },
  { field: 'paidAmount', type: 'money', required: true },
  { field: 'virtualAccountName', type: 'string', max: 255 },
  { field: 'trxId', type: 'string', max: 64 },
  { field: 'channelCode', type: 'number', max: 4 },
  { field: 'totalAmount', type: 'money' },
  { field: 'cumulativePaymentAmount', type: 'money' },
  { field: 'trxDateTime', type: 'timestamp' },
  { field: 'referenceNo', type: 'string', max: 64 },
  { field: 'journalNum', type: 'string', max: 6 },
  { field: 'paymentType', type: 'string', max: 1 },
  { field: 'flagAdvise', type: 'string', pattern: /^[YN]$/ },
  { field: 'billDetails', type: 'array', max: 24 },
  { field: 'freeTexts', type: 'array', max: 25 },
  { field: 'additionalInfo', type: 'object' },
];

/** 26 VA status, NICEPAY (protocols.md §3.5). */
export const NICEPAY_VA_STATUS: readonly FieldRule[] = [
  ...NICEPAY_VA_IDS,
  { field: 'inquiryRequestId', type: 'string', max: 128 },
  { field: 'additionalInfo', type: 'object' },
  { field: 'additionalInfo.trxId', type: 'string', max: 64 },
  { field: 'additionalInfo.tXidVA', type: 'string', max: 30 },
  { field: 'additionalInfo.totalAmount', type: 'money' },
];

/** 31 VA cancel, NICEPAY. */
export const NICEPAY_DELETE_VA: readonly FieldRule[] = [
  ...NICEPAY_VA_IDS,
  { field: 'trxId', type: 'string', required: true, max: 64 },
  { field: 'additionalInfo', type: 'object' },
  { field: 'additionalInfo.tXidVA', type: 'string', max: 30 },
  { field: 'additionalInfo.totalAmount', type: 'money' },
  { field: 'additionalInfo.cancelMessage', type: 'string', max: 255 },
];
