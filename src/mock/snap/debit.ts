/**
 * Direct debit from a customer's e-wallet: payment host-to-host (54), status (55), cancel (57),
 * refund (58). The payment waits for the customer (pending) and settles only then; a cancelled
 * debit never settles, a refund never exceeds the payment. The customer is the one of the
 * Authorization-Customer token, else the seeded e-wallet `6281234567890`.
 */
import { SNAP, snapReply, type MockReply } from '../snap-errors.ts';
import { WALLET_LIMIT_CENTS } from './book.ts';
import { CASES, centsOf, type BankBusinessInput, type ServiceSteps } from './business.ts';
import { createPayment, followUps } from './payments.ts';

export const DEFAULT_CUSTOMER = '6281234567890';

/** 54 Direct debit payment. */
export function debitPayment(input: BankBusinessInput): MockReply {
  const { book, svc, context } = input;
  const customerNumber = input.customer?.customerNumber ?? DEFAULT_CUSTOMER;
  const wallet = book.wallets.get(customerNumber);
  if (wallet === undefined) return snapReply(svc, SNAP.invalidAccount);
  if (wallet.status === 'frozen') return snapReply(svc, CASES.doNotHonor, { detail: '(account frozen)' });
  if (wallet.status === 'inactive') return snapReply(svc, CASES.inactiveAccount);
  const cents = centsOf(input.body, 'amount') ?? 0n;
  if (cents > 0n && cents <= WALLET_LIMIT_CENTS && cents > wallet.balance)
    return snapReply(svc, SNAP.insufficientFunds);
  const created = createPayment(input, 'debit', {
    limitCents: WALLET_LIMIT_CENTS,
    expiresAtMs: context.nowMs + 15 * 60_000,
    echo: { customerNumber },
  });
  if (!created.ok) return created.reply;
  const p = created.payment;
  return snapReply(svc, SNAP.success, {
    extra: {
      referenceNo: p.referenceNo,
      partnerReferenceNo: p.partnerReferenceNo,
      webRedirectUrl: `https://mock.kontrak.invalid/debit/authorize/${p.referenceNo}`,
      additionalInfo: {},
    },
  });
}

const debit = followUps('debit', '54');

/** The direct debit services: 54 here, 55 / 57 / 58 as every payment's status, cancel and refund. */
export const DEBIT_SERVICES: ServiceSteps = {
  'debit/payment-host-to-host': debitPayment,
  'debit/status': debit.status,
  'debit/cancel': debit.cancel,
  'debit/refund': debit.refund,
};
