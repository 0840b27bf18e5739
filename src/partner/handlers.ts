/**
 * What the reference partner does once a callback is proven to come from its bank: answer a bill
 * inquiry (24), book a payment flag (25), act on a QRIS (52) or direct-debit (56) notification.
 * Every answer is a SNAP response: HTTP status + service code + case code, e.g. 4042512.
 */
import type { Ledger } from './ledger.ts';

/** A SNAP answer: the server adds responseCode/responseMessage, Content-Type and X-TIMESTAMP. */
export interface Answer {
  status: number;
  caseCode: string;
  message: string;
  body?: Record<string, unknown>;
}

export const answer = (
  status: number,
  caseCode: string,
  message: string,
  body?: Record<string, unknown>,
): Answer => ({ status, caseCode, message, ...(body ? { body } : {}) });

/** What a handler gets: the parsed body and the checked headers. */
export interface Callback {
  body: Record<string, unknown>;
  externalId: string;
  nowMs: number;
  ledger: Ledger;
  /** The bank sends a payment until it gets a 2xx: the same payment again is acknowledged as booked. */
  acknowledgeRepeat?: boolean;
}

type Json = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
/**
 * An amount as SNAP writes it, read as banks really send it: BRI may drop a trailing zero
 * ("200000.2"), so one decimal or none is read too, and the value kept with two.
 */
const money = (value: unknown): { value: string; currency: string } | undefined => {
  const m = value as Json | undefined;
  const digits = m && typeof m.value === 'string' ? /^(\d{1,16})(?:\.(\d{1,2}))?$/.exec(m.value) : null;
  return m && digits && typeof m.currency === 'string'
    ? { value: `${digits[1] ?? ''}.${(digits[2] ?? '').padEnd(2, '0')}`, currency: m.currency }
    : undefined;
};

/** Mandatory fields by service code (SNAP field tables; BCA asks the same of 24 and 25). */
export const MANDATORY: Record<string, string[]> = {
  '24': ['partnerServiceId', 'customerNo', 'virtualAccountNo', 'inquiryRequestId'],
  '25': ['partnerServiceId', 'customerNo', 'virtualAccountNo', 'paymentRequestId', 'paidAmount'],
  '52': ['originalReferenceNo', 'latestTransactionStatus', 'amount'],
  '56': ['originalReferenceNo', 'latestTransactionStatus', 'amount'],
  '73': ['grantType'],
};

/** The VA named by a 24/25 request, or the refusal: the number must be partnerServiceId + customerNo. */
function billOf(c: Callback, reasonField: string) {
  const { body } = c;
  const vaNo = text(body.virtualAccountNo);
  if (vaNo !== text(body.partnerServiceId) + text(body.customerNo))
    return answer(400, '01', 'Invalid Field Format virtualAccountNo');
  const bill = c.ledger.bill(vaNo, c.nowMs);
  // BCA asks every refusal to say why in both languages (inquiryReason / paymentFlagReason).
  const refuse = (status: number, kase: string, message: string, indonesia: string): Answer =>
    answer(status, kase, message, {
      virtualAccountData: {
        [reasonField === 'inquiry' ? 'inquiryStatus' : 'paymentFlagStatus']: '01',
        [`${reasonField}Reason`]: { english: message, indonesia },
        partnerServiceId: body.partnerServiceId,
        customerNo: body.customerNo,
        virtualAccountNo: vaNo,
      },
    });
  if (!bill) return refuse(404, '12', 'Invalid Bill/Virtual Account', 'Tagihan tidak ditemukan');
  if (bill.expiresAtMs <= c.nowMs) return refuse(404, '19', 'Bill Expired', 'Tagihan kedaluwarsa');
  return { bill, refuse };
}

/** 24: the bank asks what the customer owes. */
export function billInquiry(c: Callback): Answer {
  const found = billOf(c, 'inquiry');
  if ('status' in found) return found;
  const { bill, refuse } = found;
  if (bill.paid) return refuse(404, '14', 'Paid Bill', 'Tagihan sudah dibayar');
  return answer(200, '00', 'Successful', {
    virtualAccountData: {
      inquiryStatus: '00',
      inquiryReason: { english: 'Success', indonesia: 'Sukses' },
      partnerServiceId: bill.partnerServiceId,
      customerNo: bill.customerNo,
      virtualAccountNo: bill.virtualAccountNo,
      virtualAccountName: bill.name,
      inquiryRequestId: c.body.inquiryRequestId,
      totalAmount: { value: bill.amount, currency: bill.currency },
      virtualAccountTrxType: 'C',
    },
  });
}

/** 25: the bank says the customer paid. Booked once; the wrong amount is refused. */
export function paymentFlag(c: Callback): Answer {
  const found = billOf(c, 'paymentFlag');
  if ('status' in found) return found;
  const { bill, refuse } = found;
  const paid = money(c.body.paidAmount);
  if (!paid) return answer(400, '01', 'Invalid Field Format paidAmount');
  const paymentRequestId = text(c.body.paymentRequestId);
  // The same payment sent again (same X-EXTERNAL-ID, checked before) is the booking it made: acknowledged, not booked twice.
  const repeat =
    c.acknowledgeRepeat === true &&
    bill.paid?.paymentRequestId === paymentRequestId &&
    bill.paid.externalId === c.externalId;
  if (bill.paid && !repeat) return refuse(404, '14', 'Paid Bill', 'Tagihan sudah dibayar');
  if (paid.value !== bill.amount || paid.currency !== bill.currency)
    return refuse(404, '13', 'Invalid Amount', 'Jumlah pembayaran tidak sesuai');
  if (!repeat && !c.ledger.pay(bill, paymentRequestId, c.externalId, c.nowMs))
    return refuse(404, '14', 'Paid Bill', 'Tagihan sudah dibayar');
  return answer(200, '00', 'Successful', {
    virtualAccountData: {
      paymentFlagStatus: '00',
      paymentFlagReason: { english: 'Success', indonesia: 'Sukses' },
      partnerServiceId: bill.partnerServiceId,
      customerNo: bill.customerNo,
      virtualAccountNo: bill.virtualAccountNo,
      virtualAccountName: bill.name,
      paymentRequestId,
      paidAmount: paid,
      totalAmount: { value: bill.amount, currency: bill.currency },
    },
  });
}

/**
 * 52 and 56: the bank reports a payment's final state. Acted on once per transaction; a repeat
 * (the bank retries until it gets a 200) is acknowledged without acting again.
 */
export function paymentNotify(c: Callback): Answer {
  const amount = money(c.body.amount);
  if (!amount) return answer(400, '01', 'Invalid Field Format amount');
  const status = text(c.body.latestTransactionStatus);
  if (!/^\d{2}$/.test(status)) return answer(400, '01', 'Invalid Field Format latestTransactionStatus');
  c.ledger.notify({
    originalReferenceNo: text(c.body.originalReferenceNo),
    status,
    amount: amount.value,
    atMs: c.nowMs,
  });
  return answer(200, '00', 'Successful');
}
