/**
 * Disbursement: external account inquiry (16), interbank transfer (18) and transfer status (36,
 * naming the original's service code). Money leaves the partner's account for a seeded account at
 * another bank (book.ts). A reused partnerReferenceNo is 409xx01 with the same amount and
 * beneficiary, 404xx18 with others.
 */
import { stringField } from '../body/fields.ts';
import { transferProblem, type PartnerLedger } from '../books/ledger.ts';
import { formatAmount, snapMoney } from '../books/money.ts';
import { SNAP, snapReply, type MockReply } from '../snap-errors.ts';
import { formatJakartaTimestamp } from '../gate/time.ts';
import { BusinessBook, type Transfer } from './book.ts';
import { moneyCents } from '../books/money.ts';
import {
  CASES,
  centsOf,
  fingerprint,
  type BankBusiness,
  type BankBusinessInput,
  type ServiceSteps,
} from './business.ts';
import { transferIntrabank, transferProblemReply } from './accounts.ts';

/** BI-FAST's per-transaction limit, used for every interbank transfer of the mock. */
const INTERBANK_LIMIT_CENTS = 25_000_000_000n;
const BANK_NAMES: Record<string, string> = { '014': 'BANK CENTRAL ASIA', '009': 'BANK NEGARA INDONESIA' };

/** The external account a request names, or the reply refusing it. */
export function externalAccountOf(
  input: BankBusinessInput,
  bankCode: string,
  accountNo: string,
): { ok: true; name: string } | { ok: false; reply: MockReply } {
  const found = input.book.externalAccount(bankCode, accountNo);
  if (found === 'no-bank')
    return {
      ok: false,
      reply: snapReply(input.svc, CASES.bankNotSupported, { detail: `(bank code ${bankCode})` }),
    };
  if (found === undefined)
    return {
      ok: false,
      reply: snapReply(input.svc, SNAP.invalidAccount, {
        detail: `(account ${accountNo} not found at bank ${bankCode})`,
      }),
    };
  if (!found.active)
    return {
      ok: false,
      reply: snapReply(input.svc, CASES.inactiveAccount, { detail: `(account ${accountNo})` }),
    };
  return { ok: true, name: found.name };
}

/** 16 External account inquiry. */
export function accountInquiryExternal(input: BankBusinessInput): MockReply {
  const { body, svc, ledger } = input;
  const bankCode = stringField(body, 'beneficiaryBankCode');
  const accountNo = stringField(body, 'beneficiaryAccountNo');
  const account = externalAccountOf(input, bankCode, accountNo);
  if (!account.ok) return account.reply;
  return snapReply(svc, SNAP.success, {
    extra: {
      referenceNo: ledger.newReferenceNo(),
      partnerReferenceNo: stringField(body, 'partnerReferenceNo'),
      beneficiaryAccountName: account.name,
      beneficiaryAccountNo: accountNo,
      beneficiaryBankCode: bankCode,
      beneficiaryBankName: BANK_NAMES[bankCode] ?? bankCode,
      currency: 'IDR',
      additionalInfo: {},
    },
  });
}

/** An earlier transfer with this partnerReferenceNo: 409xx01 when it asked the same, 404xx18 when not. */
export function reusedReference(
  input: BankBusinessInput,
  serviceCode: string,
  print: string,
): MockReply | undefined {
  const earlier = input.book.transfers.get(
    BusinessBook.transferKey(serviceCode, stringField(input.body, 'partnerReferenceNo')),
  );
  if (earlier === undefined) return undefined;
  return earlier.fingerprint === print
    ? snapReply(input.svc, SNAP.duplicateReference)
    : snapReply(input.svc, CASES.inconsistentRequest, {
        detail: '(partnerReferenceNo was used for another transfer)',
      });
}

/** Records a transfer for the status services (36, 39). */
export function recordTransfer(
  input: BankBusinessInput,
  transfer: Omit<Transfer, 'externalId' | 'atMs' | 'sourceAccountNo'>,
): Transfer {
  const source = stringField(input.body, 'sourceAccountNo') || (transfer.customerNumber ?? '');
  const full = {
    ...transfer,
    sourceAccountNo: source,
    externalId: input.externalId,
    atMs: input.context.nowMs,
  };
  input.book.transfers.set(BusinessBook.transferKey(transfer.serviceCode, transfer.partnerReferenceNo), full);
  return full;
}

/** Debits an account of the ledger and writes the statement line. */
export function debitAccount(
  input: BankBusinessInput,
  ledger: PartnerLedger,
  accountNo: string,
  cents: bigint,
  description: string,
  referenceNo: string,
): void {
  const account = ledger.accounts.get(accountNo);
  if (account) account.balance -= cents;
  input.book.statement.push({
    accountNo,
    atMs: input.context.nowMs,
    cents: -cents,
    description,
    referenceNo,
  });
}

/** 18 Interbank transfer. */
export function transferInterbank(input: BankBusinessInput): MockReply {
  const { body, svc, ledger } = input;
  const print = fingerprint(body, [
    'amount',
    'beneficiaryAccountNo',
    'beneficiaryBankCode',
    'sourceAccountNo',
  ]);
  const reused = reusedReference(input, svc === '18' ? '18' : svc, print);
  if (reused) return reused;
  const bankCode = stringField(body, 'beneficiaryBankCode');
  const beneficiary = stringField(body, 'beneficiaryAccountNo');
  const account = externalAccountOf(input, bankCode, beneficiary);
  if (!account.ok) return account.reply;
  const sourceAccountNo = stringField(body, 'sourceAccountNo');
  const cents = centsOf(body, 'amount') ?? 0n;
  if (cents > INTERBANK_LIMIT_CENTS)
    return snapReply(svc, CASES.exceedsLimit, { detail: `(at most ${formatAmount(INTERBANK_LIMIT_CENTS)})` });
  // The ledger's rules for the source side: known, active, funded, a positive amount.
  const problem = transferProblem(ledger, { sourceAccountNo, beneficiaryAccountNo: sourceAccountNo, cents });
  if (problem !== undefined && problem.kind !== 'same-account')
    return transferProblemReply(svc, problem, (field) => stringField(body, field));
  const source = ledger.accounts.get(sourceAccountNo);
  if (cents <= 0n) return snapReply(svc, SNAP.invalidAmount);
  if (source === undefined || source.balance - source.hold < cents)
    return snapReply(svc, SNAP.insufficientFunds);
  const referenceNo = ledger.newReferenceNo();
  debitAccount(input, ledger, sourceAccountNo, cents, `TRANSFER KE ${bankCode} ${beneficiary}`, referenceNo);
  const transactionDate = stringField(body, 'transactionDate');
  recordTransfer(input, {
    serviceCode: '18',
    partnerReferenceNo: stringField(body, 'partnerReferenceNo'),
    referenceNo,
    cents,
    fingerprint: print,
    status: '00',
    transactionDate,
    beneficiaryAccountNo: beneficiary,
  });
  return snapReply(svc, SNAP.success, {
    extra: {
      referenceNo,
      partnerReferenceNo: stringField(body, 'partnerReferenceNo'),
      amount: snapMoney(cents),
      beneficiaryAccountNo: beneficiary,
      beneficiaryBankCode: bankCode,
      sourceAccountNo,
      transactionDate,
      additionalInfo: {},
    },
  });
}

/** The transfer an `original…` status request names (36, 39), or 404xx01. */
export function originalTransfer(input: BankBusinessInput, serviceCode: string): Transfer | undefined {
  const { body, book } = input;
  const partnerRef = stringField(body, 'originalPartnerReferenceNo');
  if (partnerRef !== '') return book.transfers.get(BusinessBook.transferKey(serviceCode, partnerRef));
  const ref = stringField(body, 'originalReferenceNo');
  const externalId = stringField(body, 'originalExternalId');
  for (const t of book.transfers.values())
    if (
      t.serviceCode === serviceCode &&
      ((ref !== '' && t.referenceNo === ref) || (externalId !== '' && t.externalId === externalId))
    )
      return t;
  return undefined;
}

/** The status answer of a transfer (36, 39): in-progress transfers complete when asked about. */
export function transferStatusReply(input: BankBusinessInput, transfer: Transfer): MockReply {
  if (transfer.status === '03') transfer.status = '00';
  return snapReply(input.svc, SNAP.success, {
    extra: {
      originalReferenceNo: transfer.referenceNo,
      originalPartnerReferenceNo: transfer.partnerReferenceNo,
      originalExternalId: transfer.externalId,
      serviceCode: transfer.serviceCode,
      transactionDate: transfer.transactionDate || formatJakartaTimestamp(transfer.atMs),
      amount: snapMoney(transfer.cents),
      beneficiaryAccountNo: transfer.beneficiaryAccountNo,
      referenceNumber: transfer.referenceNo,
      sourceAccountNo: transfer.sourceAccountNo,
      latestTransactionStatus: transfer.status,
      transactionStatusDesc: transfer.status === '00' ? 'Success' : 'Pending',
      additionalInfo: {},
    },
  });
}

/** 36 Transfer status inquiry: the original is named with its own service code (17, 18, 43…). */
export function transferStatus(input: BankBusinessInput): MockReply {
  const transfer = originalTransfer(input, stringField(input.body, 'serviceCode'));
  if (transfer === undefined) return snapReply(input.svc, SNAP.transactionNotFound);
  return transferStatusReply(input, transfer);
}

/** 17, recorded so a transfer status inquiry (36) with serviceCode 17 finds it. */
const recordedIntrabank: BankBusiness = (input) => {
  const reply = transferIntrabank(input);
  if (reply.status === 200)
    recordTransfer(input, {
      serviceCode: '17',
      partnerReferenceNo: stringField(input.body, 'partnerReferenceNo'),
      referenceNo: String(reply.body['referenceNo']),
      cents: moneyCents(input.body['amount']),
      fingerprint: '',
      status: '00',
      transactionDate: stringField(input.body, 'transactionDate'),
      beneficiaryAccountNo: stringField(input.body, 'beneficiaryAccountNo'),
    });
  return reply;
};

/** Transfers: intrabank (17), external account inquiry (16), interbank (18) and their status (36). */
export const TRANSFER_SERVICES: ServiceSteps = {
  'transfer-intrabank': recordedIntrabank,
  'account-inquiry-external': accountInquiryExternal,
  'transfer-interbank': transferInterbank,
  'transfer/status': transferStatus,
};
