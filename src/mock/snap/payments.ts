/**
 * Customer payments to the merchant (QRIS MPM 47/51/77/78, direct debit 54/55/57/58) on the
 * partner's book: created pending, paid by the customer (in the mock: a request carrying
 * `X-Kontrak-Simulate: customer-pays`), cancelled only while pending, refunded only once paid and
 * never beyond what was paid. Money lands on the merchant account `0011223344`.
 */
import { withKnobDiagnosis, type HeaderRules } from '../gate/header-rules.ts';
import { stringField } from '../body/fields.ts';
import { formatAmount, snapMoney } from '../books/money.ts';
import { SNAP, badFieldFormat, snapReply, type MockReply } from '../snap-errors.ts';
import { formatJakartaTimestamp } from '../gate/time.ts';
import type { Payment } from './book.ts';
import { serviceCode } from '../../catalogue/catalogue.ts';
import {
  CASES,
  centsOf,
  fingerprint,
  type BankBusiness,
  type BankBusinessInput,
  type ServiceSteps,
} from './business.ts';

export const MERCHANT_ACCOUNT = '0011223344';
export const SIMULATE_HEADER = 'x-kontrak-simulate';

const STATUS_TEXT: Record<string, string> = {
  '00': 'Success',
  '03': 'Pending',
  '04': 'Refunded',
  '05': 'Canceled',
  '06': 'Failed',
};

/** SNAP latestTransactionStatus of a payment. */
export function paymentStatus(p: Payment, nowMs: number): string {
  if (p.status === 'cancelled') return '05';
  if (p.status === 'paid') return p.refundedCents === p.cents ? '04' : '00';
  return p.expiresAtMs !== undefined && p.expiresAtMs <= nowMs ? '06' : '03';
}

/**
 * Creates a pending payment; a reused partnerReferenceNo is 409xx01 with the same amount, and
 * 404xx18 Inconsistent Request with another (DANA's PaymentFailInconsistentRequest, 4045418).
 */
export function createPayment(
  input: BankBusinessInput,
  kind: Payment['kind'],
  options: { limitCents: bigint; expiresAtMs: number | undefined; echo: Record<string, unknown> },
): { ok: true; payment: Payment } | { ok: false; reply: MockReply } {
  const { body, book, svc, context } = input;
  const partnerReferenceNo = stringField(body, 'partnerReferenceNo');
  const cents = centsOf(body, 'amount') ?? 0n;
  const earlier = book.findPayment(kind, { partnerReferenceNo });
  if (earlier)
    return {
      ok: false,
      reply:
        earlier.cents === cents
          ? snapReply(svc, SNAP.duplicateReference)
          : snapReply(svc, SNAP.inconsistentRequest),
    };
  if (cents <= 0n)
    return {
      ok: false,
      reply: snapReply(svc, SNAP.invalidAmount, { detail: '(amount must be greater than 0.00)' }),
    };
  if (cents > options.limitCents)
    return {
      ok: false,
      reply: snapReply(svc, CASES.exceedsLimit, { detail: `(at most ${formatAmount(options.limitCents)})` }),
    };
  const payment: Payment = {
    kind,
    referenceNo: input.ledger.newReferenceNo(),
    partnerReferenceNo,
    merchantId: stringField(body, 'merchantId'),
    cents,
    status: 'pending',
    refundedCents: 0n,
    refunds: new Map(),
    createdAtMs: context.nowMs,
    expiresAtMs: options.expiresAtMs,
    paidAtMs: undefined,
    merchantAccountNo: MERCHANT_ACCOUNT,
    fingerprint: fingerprint(body, ['amount', 'merchantId']),
    echo: options.echo,
  };
  book.payments.set(payment.referenceNo, payment);
  return { ok: true, payment };
}

/**
 * The payment an `original…` request names, checked against the service it was made by and the
 * merchant: unknown 404xx01, another service 400xx01, another merchant 404xx18.
 */
export function findOriginal(
  input: BankBusinessInput,
  kind: Payment['kind'],
  originalService: string,
): { ok: true; payment: Payment } | { ok: false; reply: MockReply } {
  const { body, book, svc } = input;
  const given = stringField(body, 'serviceCode');
  const rule = input.dialect.profile.rules;
  const accepted = acceptedServiceCodes(rule.originalServiceCode.value, originalService, svc);
  if (given !== '' && !accepted.includes(given))
    return {
      ok: false,
      reply: withKnobDiagnosis(
        badFieldFormat(svc, `serviceCode (this bank expects ${accepted.join(' or ')})`),
        rule.bank,
        {
          knob: 'originalServiceCode',
          received: given,
          expected: `serviceCode ${accepted.join(' or ')} (${rule.originalServiceCode.value})`,
          source: rule.originalServiceCode.source,
        },
      ),
    };
  const payment = book.findPayment(kind, {
    referenceNo: stringField(body, 'originalReferenceNo'),
    partnerReferenceNo: stringField(body, 'originalPartnerReferenceNo'),
  });
  if (payment === undefined) return { ok: false, reply: snapReply(input.svc, SNAP.transactionNotFound) };
  const merchantId = stringField(body, 'merchantId');
  if (merchantId !== '' && payment.merchantId !== '' && merchantId !== payment.merchantId)
    return {
      ok: false,
      reply: snapReply(svc, CASES.inconsistentRequest, { detail: "(merchantId is not the payment's)" }),
    };
  return { ok: true, payment };
}

/** The customer pays a pending, unexpired payment: the merchant account is credited. */
export function settle(input: BankBusinessInput, payment: Payment): void {
  const nowMs = input.context.nowMs;
  if (payment.status !== 'pending' || paymentStatus(payment, nowMs) !== '03') return;
  payment.status = 'paid';
  payment.paidAtMs = nowMs;
  const wallet = input.book.wallets.get(stringField(payment.echo, 'customerNumber'));
  if (wallet) wallet.balance -= payment.cents;
  const merchant = input.ledger.accounts.get(payment.merchantAccountNo);
  if (merchant) merchant.balance += payment.cents;
  input.book.statement.push({
    accountNo: payment.merchantAccountNo,
    atMs: nowMs,
    cents: payment.cents,
    description: payment.kind === 'qris' ? 'QRIS MPM PAYMENT' : 'DIRECT DEBIT PAYMENT',
    referenceNo: payment.referenceNo,
  });
}

/** Whether the request asks the mock's customer to pay first (mock-only staging header). */
export function customerPays(input: BankBusinessInput): boolean {
  return (input.context.request.headers[SIMULATE_HEADER] ?? '').trim().toLowerCase() === 'customer-pays';
}

/** The status answer of a payment (51, 55). */
export function statusReply(input: BankBusinessInput, payment: Payment, originalService: string): MockReply {
  if (customerPays(input)) settle(input, payment);
  const status = paymentStatus(payment, input.context.nowMs);
  return snapReply(input.svc, SNAP.success, {
    extra: {
      originalReferenceNo: payment.referenceNo,
      originalPartnerReferenceNo: payment.partnerReferenceNo,
      serviceCode: originalService,
      latestTransactionStatus: status,
      transactionStatusDesc: STATUS_TEXT[status],
      ...(payment.paidAtMs === undefined ? {} : { paidTime: formatJakartaTimestamp(payment.paidAtMs) }),
      amount: snapMoney(payment.cents),
      additionalInfo: {},
    },
  });
}

/** Cancels a pending payment; a paid one is 404xx14, a cancelled one 404xx04. */
export function cancelReply(input: BankBusinessInput, payment: Payment): MockReply {
  const { svc } = input;
  if (payment.status === 'paid')
    return snapReply(svc, SNAP.paidBill, { detail: '(paid payments are refunded, not cancelled)' });
  if (payment.status === 'cancelled') return snapReply(svc, CASES.transactionCancelled);
  payment.status = 'cancelled';
  return snapReply(svc, SNAP.success, {
    extra: {
      originalReferenceNo: payment.referenceNo,
      originalPartnerReferenceNo: payment.partnerReferenceNo,
      cancelTime: formatJakartaTimestamp(input.context.nowMs),
      transactionDate: formatJakartaTimestamp(payment.createdAtMs),
      additionalInfo: {},
    },
  });
}

/**
 * Refunds part or all of a paid payment, back into the paying e-wallet. The same partnerRefundNo with the same amount answers the
 * first refund again; with another amount it is 404xx18. Pending: 404xx00; cancelled: 404xx04;
 * more than what is left: 404xx13.
 */
export function refundReply(input: BankBusinessInput, payment: Payment): MockReply {
  const { body, svc, context } = input;
  const partnerRefundNo = stringField(body, 'partnerRefundNo');
  const cents = centsOf(body, 'refundAmount') ?? 0n;
  const earlier = payment.refunds.get(partnerRefundNo);
  if (earlier !== undefined) {
    if (earlier.cents !== cents)
      return snapReply(svc, CASES.inconsistentRequest, {
        detail: '(partnerRefundNo was used for another amount)',
      });
    return refundSuccess(input, payment, earlier);
  }
  if (payment.status === 'cancelled') return snapReply(svc, CASES.transactionCancelled);
  if (payment.status !== 'paid')
    return snapReply(svc, CASES.invalidTransactionStatus, { detail: '(the payment is not paid)' });
  const left = payment.cents - payment.refundedCents;
  if (cents <= 0n || cents > left)
    return snapReply(svc, SNAP.invalidAmount, { detail: `(refundable: ${formatAmount(left)})` });
  const refund = { partnerRefundNo, refundNo: input.ledger.newReferenceNo(), cents, atMs: context.nowMs };
  payment.refunds.set(partnerRefundNo, refund);
  payment.refundedCents += cents;
  const merchant = input.ledger.accounts.get(payment.merchantAccountNo);
  if (merchant) merchant.balance -= cents;
  // The money goes back to the e-wallet it came from (settle took it there).
  const wallet = input.book.wallets.get(stringField(payment.echo, 'customerNumber'));
  if (wallet) wallet.balance += cents;
  input.book.statement.push({
    accountNo: payment.merchantAccountNo,
    atMs: context.nowMs,
    cents: -cents,
    description: 'REFUND',
    referenceNo: refund.refundNo,
  });
  return refundSuccess(input, payment, refund);
}

function refundSuccess(
  input: BankBusinessInput,
  payment: Payment,
  refund: { partnerRefundNo: string; refundNo: string; cents: bigint; atMs: number },
): MockReply {
  return snapReply(input.svc, SNAP.success, {
    extra: {
      originalPartnerReferenceNo: payment.partnerReferenceNo,
      originalReferenceNo: payment.referenceNo,
      refundNo: refund.refundNo,
      partnerRefundNo: refund.partnerRefundNo,
      refundAmount: snapMoney(refund.cents),
      refundTime: formatJakartaTimestamp(refund.atMs),
      additionalInfo: {},
    },
  });
}

/** Where a kind of payment is made and followed up: catalogue service names. */
export interface PaymentServiceNames {
  create: string;
  status: string;
  cancel: string;
  refund: string;
}

/**
 * The services of one kind of payment (QRIS MPM, direct debit): the step that makes it, and its
 * status, cancel and refund, each finding the payment it names by the creating service's code.
 */
export function paymentServices(
  kind: Payment['kind'],
  names: PaymentServiceNames,
  create: BankBusiness,
): ServiceSteps {
  const originalService = serviceCode(names.create);
  const withOriginal =
    (reply: (input: BankBusinessInput, payment: Payment) => MockReply): BankBusiness =>
    (input) => {
      const found = findOriginal(input, kind, originalService);
      return found.ok ? reply(input, found.payment) : found.reply;
    };
  return {
    [names.create]: create,
    [names.status]: withOriginal((input, payment) => statusReply(input, payment, originalService)),
    [names.cancel]: withOriginal(cancelReply),
    [names.refund]: withOriginal(refundReply),
  };
}

/** The serviceCode values a status, cancel or refund call may carry under the bank's rule. */
function acceptedServiceCodes(
  rule: HeaderRules['originalServiceCode']['value'],
  original: string,
  own: string,
): string[] {
  if (rule === 'original') return [original];
  if (rule === 'own') return [own];
  return original === own ? [original] : [original, own];
}
