/**
 * E-money (the partner tops up or pays out of customers' e-wallets): top-up account inquiry (37),
 * top-up (38), top-up status (39), transfer to bank account inquiry (42) and payment (43).
 * E-wallets are seeded in book.ts; top-ups debit the merchant account `0011223344`.
 */
import { stringField } from '../body/fields.ts';
import { formatAmount, snapMoney } from '../books/money.ts';
import { SNAP, snapReply, type MockReply } from '../snap-errors.ts';
import { WALLET_LIMIT_CENTS, type Wallet } from './book.ts';
import { CASES, centsOf, fingerprint, type BankBusinessInput, type ServiceSteps } from './business.ts';
import {
  debitAccount,
  externalAccountOf,
  originalTransfer,
  recordTransfer,
  reusedReference,
  transferStatusReply,
} from './disbursement.ts';
import { MERCHANT_ACCOUNT } from './payments.ts';

/** The e-wallet a request names, or why it cannot be used: 404xx11, 403xx05 frozen, 403xx18 inactive. */
function walletOf(input: BankBusinessInput): { ok: true; wallet: Wallet } | { ok: false; reply: MockReply } {
  const number = stringField(input.body, 'customerNumber');
  const wallet = input.book.wallets.get(number);
  if (wallet === undefined)
    return {
      ok: false,
      reply: snapReply(input.svc, SNAP.invalidAccount, { detail: `(customer ${number} not found)` }),
    };
  if (wallet.status === 'frozen')
    return { ok: false, reply: snapReply(input.svc, CASES.doNotHonor, { detail: '(account frozen)' }) };
  if (wallet.status === 'inactive') return { ok: false, reply: snapReply(input.svc, CASES.inactiveAccount) };
  return { ok: true, wallet };
}

/** A top-up that would take the wallet beyond its limit: 403xx02. */
function overLimit(input: BankBusinessInput, wallet: Wallet, cents: bigint): MockReply | undefined {
  if (wallet.balance + cents <= WALLET_LIMIT_CENTS) return undefined;
  return snapReply(input.svc, CASES.exceedsLimit, {
    detail: `(an e-wallet holds at most ${formatAmount(WALLET_LIMIT_CENTS)})`,
  });
}

/** 37 Top-up account inquiry. */
export function topupAccountInquiry(input: BankBusinessInput): MockReply {
  const found = walletOf(input);
  if (!found.ok) return found.reply;
  const cents = centsOf(input.body, 'amount') ?? 0n;
  if (cents <= 0n) return snapReply(input.svc, SNAP.invalidAmount);
  const limited = overLimit(input, found.wallet, cents);
  if (limited) return limited;
  return snapReply(input.svc, SNAP.success, {
    extra: {
      referenceNo: input.ledger.newReferenceNo(),
      partnerReferenceNo: stringField(input.body, 'partnerReferenceNo'),
      customerNumber: found.wallet.customerNumber,
      customerName: found.wallet.name,
      amount: snapMoney(cents),
      inquiryRequestId: input.ledger.newReferenceNo(),
      additionalInfo: {},
    },
  });
}

/** 38 Top-up: merchant account → e-wallet. */
export function topup(input: BankBusinessInput): MockReply {
  const { body, svc, ledger } = input;
  const print = fingerprint(body, ['customerNumber', 'amount']);
  const reused = reusedReference(input, '38', print);
  if (reused) return reused;
  const found = walletOf(input);
  if (!found.ok) return found.reply;
  const cents = centsOf(body, 'amount') ?? 0n;
  if (cents <= 0n) return snapReply(svc, SNAP.invalidAmount);
  const limited = overLimit(input, found.wallet, cents);
  if (limited) return limited;
  const merchant = ledger.accounts.get(MERCHANT_ACCOUNT);
  if (merchant === undefined || merchant.balance - merchant.hold < cents)
    return snapReply(svc, SNAP.insufficientFunds);
  const referenceNo = ledger.newReferenceNo();
  debitAccount(input, ledger, MERCHANT_ACCOUNT, cents, `TOPUP ${found.wallet.customerNumber}`, referenceNo);
  found.wallet.balance += cents;
  recordTransfer(input, {
    serviceCode: '38',
    partnerReferenceNo: stringField(body, 'partnerReferenceNo'),
    referenceNo,
    cents,
    fingerprint: print,
    status: '00',
    transactionDate: '',
    customerNumber: found.wallet.customerNumber,
    beneficiaryAccountNo: found.wallet.customerNumber,
  });
  return snapReply(svc, SNAP.success, {
    extra: {
      referenceNo,
      partnerReferenceNo: stringField(body, 'partnerReferenceNo'),
      customerNumber: found.wallet.customerNumber,
      customerName: found.wallet.name,
      amount: snapMoney(cents),
      additionalInfo: {},
    },
  });
}

/** 39 Top-up status (serviceCode "38"). */
export function topupStatus(input: BankBusinessInput): MockReply {
  const given = stringField(input.body, 'serviceCode');
  if (given !== '38')
    return snapReply(input.svc, SNAP.invalidFieldFormat, { detail: 'serviceCode (a top-up is service 38)' });
  const transfer = originalTransfer(input, '38');
  if (transfer === undefined) return snapReply(input.svc, SNAP.transactionNotFound);
  return transferStatusReply(input, transfer);
}

function beneficiaryBank(input: BankBusinessInput): string {
  return stringField(input.body, 'beneficiaryBankCode') || '014';
}

/** 42 Transfer to bank, account inquiry. */
export function bankAccountInquiry(input: BankBusinessInput): MockReply {
  const found = walletOf(input);
  if (!found.ok) return found.reply;
  const bankCode = beneficiaryBank(input);
  const accountNo = stringField(input.body, 'beneficiaryAccountNumber');
  const account = externalAccountOf(input, bankCode, accountNo);
  if (!account.ok) return account.reply;
  return snapReply(input.svc, SNAP.success, {
    extra: {
      referenceNo: input.ledger.newReferenceNo(),
      partnerReferenceNo: stringField(input.body, 'partnerReferenceNo'),
      customerNumber: found.wallet.customerNumber,
      beneficiaryAccountName: account.name,
      beneficiaryAccountNumber: accountNo,
      beneficiaryBankCode: bankCode,
      amount: input.body['amount'],
      additionalInfo: {},
    },
  });
}

/** 43 Transfer to bank: e-wallet → bank account; recorded in progress, done when its status is asked (36). */
export function transferToBank(input: BankBusinessInput): MockReply {
  const { body, svc, ledger } = input;
  const print = fingerprint(body, ['customerNumber', 'beneficiaryAccountNumber', 'amount']);
  const reused = reusedReference(input, '43', print);
  if (reused) return reused;
  const found = walletOf(input);
  if (!found.ok) return found.reply;
  const bankCode = beneficiaryBank(input);
  const accountNo = stringField(body, 'beneficiaryAccountNumber');
  const account = externalAccountOf(input, bankCode, accountNo);
  if (!account.ok) return account.reply;
  const cents = centsOf(body, 'amount') ?? 0n;
  if (cents <= 0n) return snapReply(svc, SNAP.invalidAmount);
  if (found.wallet.balance < cents) return snapReply(svc, SNAP.insufficientFunds);
  found.wallet.balance -= cents;
  const referenceNo = ledger.newReferenceNo();
  recordTransfer(input, {
    serviceCode: '43',
    partnerReferenceNo: stringField(body, 'partnerReferenceNo'),
    referenceNo,
    cents,
    fingerprint: print,
    status: '03',
    transactionDate: '',
    customerNumber: found.wallet.customerNumber,
    beneficiaryAccountNo: accountNo,
  });
  return snapReply(svc, SNAP.success, {
    extra: {
      referenceNo,
      partnerReferenceNo: stringField(body, 'partnerReferenceNo'),
      customerNumber: found.wallet.customerNumber,
      beneficiaryAccountNumber: accountNo,
      amount: snapMoney(cents),
      additionalInfo: {},
    },
  });
}

/** E-money: account inquiry (37), top-up (38), its status (39), bank account inquiry (42), transfer to bank (43). */
export const EMONEY_SERVICES: ServiceSteps = {
  'emoney/account-inquiry': topupAccountInquiry,
  'emoney/topup': topup,
  'emoney/topup-status': topupStatus,
  'emoney/bank-account-inquiry': bankAccountInquiry,
  'emoney/transfer-bank': transferToBank,
};
