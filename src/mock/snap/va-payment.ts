/**
 * Paying a VA through the mock bank: VA Inquiry (24, "what is the bill?") and VA Payment (25).
 * In SNAP these are bank → partner calls; the mock serves them so a suite can play the payer
 * and see the VA's status change. Retrying a payment with `flagAdvise: "Y"` and the same
 * paymentRequestId replays the first answer.
 */
import { stringField } from '../body/fields.ts';
import {
  applyVaPayment,
  vaAcceptsAmount,
  vaAvailability,
  type VaPayment,
  type VirtualAccount,
} from '../books/ledger.ts';
import { formatAmount, moneyCents, snapMoney } from '../books/money.ts';
import { SNAP, snapReply, type MockReply } from '../snap-errors.ts';
import { formatJakartaTimestamp } from '../gate/time.ts';
import type { ServiceSteps } from './business.ts';
import { lookupVa, vaIds, type BusinessInput } from './endpoint.ts';
import { rememberReference, repeatedReference } from '../books/reference-store.ts';

const SUCCESS_REASON = { english: 'Success', indonesia: 'Sukses' };

/** 404 for a VA that cannot be paid now (paid, expired), if so. */
function unavailable(svc: string, va: VirtualAccount, nowMs: number): MockReply | undefined {
  const problem = vaAvailability(va, nowMs);
  if (problem === 'paid')
    return snapReply(svc, SNAP.paidBill, { detail: `(paid ${formatAmount(va.paidCents)})` });
  if (problem === 'expired') return snapReply(svc, SNAP.expiredBill, { detail: '(virtual account expired)' });
  return undefined;
}

/** 24 VA Inquiry: the bill of a payable VA; records the inquiryRequestId for status checks. */
export function vaInquiry(input: BusinessInput): MockReply {
  const { body, svc, context } = input;
  const found = lookupVa(input);
  if (!found.ok) return found.reply;
  const va = found.va;
  const refused = unavailable(svc, va, context.nowMs);
  if (refused !== undefined) return refused;
  const inquiryRequestId = stringField(body, 'inquiryRequestId');
  va.inquiryRequestIds.add(inquiryRequestId);
  const data: Record<string, unknown> = {
    inquiryStatus: '00',
    inquiryReason: SUCCESS_REASON,
    ...vaIds(va),
    virtualAccountName: va.name,
    inquiryRequestId,
  };
  if (va.totalCents !== undefined)
    data['totalAmount'] = snapMoney(va.totalCents - (va.trxType === 'I' ? va.paidCents : 0n));
  data['virtualAccountTrxType'] = va.trxType;
  data['additionalInfo'] = {};
  return snapReply(svc, SNAP.success, { extra: { virtualAccountData: data } });
}

/** 25 VA Payment: books `paidAmount` on the VA when its type accepts that amount. */
export function vaPayment(input: BusinessInput): MockReply {
  const { body, svc, context, call, ledger } = input;
  const found = lookupVa(input);
  if (!found.ok) return found.reply;
  const va = found.va;
  const paymentRequestId = stringField(body, 'paymentRequestId');
  const previous = va.payments.get(paymentRequestId);
  if (previous !== undefined && stringField(body, 'flagAdvise') === 'Y')
    return snapReply(svc, SNAP.success, { extra: previous.reply });
  const reference = {
    provider: input.dialect.profile.provider,
    clientId: call.partner.clientId,
    kind: 'paymentRequestId',
    value: paymentRequestId,
  };
  const cents = moneyCents(body['paidAmount']);
  const content = `paidAmount ${formatAmount(cents)}`;
  const repeated = repeatedReference(context.state, svc, reference, content, 'paymentRequestId');
  if (repeated) return repeated;
  const refused = unavailable(svc, va, context.nowMs);
  if (refused !== undefined) return refused;
  if (!vaAcceptsAmount(va, cents)) {
    const expected = va.totalCents === undefined ? 'any amount' : formatAmount(va.totalCents);
    return snapReply(svc, SNAP.invalidAmount, {
      detail: `(paidAmount ${formatAmount(cents)}; virtual account type ${va.trxType}, amount ${expected})`,
    });
  }
  rememberReference(context.state, reference, content);
  const payment: VaPayment = {
    paymentRequestId,
    paidCents: cents,
    referenceNo: stringField(body, 'referenceNo') || ledger.newReferenceNo(),
    trxDateTime: stringField(body, 'trxDateTime') || formatJakartaTimestamp(context.nowMs),
    reply: {},
  };
  const data: Record<string, unknown> = {
    paymentFlagReason: SUCCESS_REASON,
    ...vaIds(va),
    virtualAccountName: va.name,
    trxId: va.trxId,
    paymentRequestId,
    paidAmount: snapMoney(cents),
  };
  if (va.totalCents !== undefined) data['totalAmount'] = snapMoney(va.totalCents);
  Object.assign(data, {
    trxDateTime: payment.trxDateTime,
    referenceNo: payment.referenceNo,
    paymentFlagStatus: '00',
  });
  payment.reply = { virtualAccountData: data, additionalInfo: {} };
  applyVaPayment(va, payment);
  return snapReply(svc, SNAP.success, { extra: payment.reply });
}

/** A payment channel asks for a VA's bill (24) and pays it (25). */
export const VA_PAYMENT_SERVICES: ServiceSteps = {
  'transfer-va/inquiry': vaInquiry,
  'transfer-va/payment': vaPayment,
};
