/**
 * SNAP account services on the partner's ledger: Balance Inquiry (11), Internal Account
 * Inquiry (15) and Intrabank Transfer (17). A transfer moves money between seeded accounts,
 * so a balance inquiry afterwards shows it.
 */
import { isObject, stringField } from '../body/fields.ts';
import { applyTransfer, transferProblem, type Account, type TransferProblem } from '../books/ledger.ts';
import { formatAmount, moneyCents, snapMoney } from '../books/money.ts';
import { SNAP, missingField, snapReply, type MockReply } from '../snap-errors.ts';
import type { BankBusinessInput, ServiceSteps } from './business.ts';
import type { BusinessInput } from './endpoint.ts';
import { rememberReference, repeatedReference } from '../books/reference-store.ts';

/** `accountInfos[]` entry of a balance inquiry. */
export function balanceInfo(account: Account): Record<string, unknown> {
  const available = account.balance - account.hold;
  return {
    balanceType: 'Cash',
    amount: snapMoney(account.balance),
    floatAmount: snapMoney(0n),
    holdAmount: snapMoney(account.hold),
    availableBalance: snapMoney(available),
    ledgerBalance: snapMoney(account.balance),
    currentMultilateralLimit: snapMoney(0n),
    registrationStatusCode: '0001',
    status: account.status,
  };
}

/** 11 Balance Inquiry. */
export function balanceInquiry(input: BusinessInput): MockReply {
  const { body, ledger, svc } = input;
  const accountNo = stringField(body, 'accountNo');
  if (accountNo === '') {
    if (stringField(body, 'bankCardToken') === '') return missingField(svc, 'accountNo');
    return snapReply(svc, SNAP.invalidAccount, {
      detail: '(bankCardToken unknown to the mock bank; use accountNo)',
    });
  }
  const account = ledger.accounts.get(accountNo);
  if (account === undefined)
    return snapReply(svc, SNAP.invalidAccount, { detail: `(account ${accountNo} not found)` });
  const types = Array.isArray(body['balanceTypes'])
    ? (body['balanceTypes'] as string[]).map((t) => t.toLowerCase())
    : undefined;
  const infos = types === undefined || types.includes('cash') ? [balanceInfo(account)] : [];
  return snapReply(svc, SNAP.success, {
    extra: {
      referenceNo: ledger.newReferenceNo(),
      partnerReferenceNo: stringField(body, 'partnerReferenceNo'),
      accountNo: account.accountNo,
      name: account.name,
      accountInfos: infos,
      additionalInfo: { productCode: account.type === 'D' ? 'GIRO' : 'TABUNGAN', accountType: account.type },
    },
  });
}

/** 15 Internal Account Inquiry. */
export function accountInquiryInternal(input: BusinessInput): MockReply {
  const { body, ledger, svc } = input;
  const accountNo = stringField(body, 'beneficiaryAccountNo');
  const account = ledger.accounts.get(accountNo);
  if (account === undefined)
    return snapReply(svc, SNAP.invalidAccount, { detail: `(account ${accountNo} not found)` });
  return snapReply(svc, SNAP.success, {
    extra: {
      referenceNo: ledger.newReferenceNo(),
      partnerReferenceNo: stringField(body, 'partnerReferenceNo'),
      beneficiaryAccountName: account.name,
      beneficiaryAccountNo: account.accountNo,
      beneficiaryAccountStatus: account.status === '0001' ? 'Rekening aktif' : 'Rekening dormant',
      beneficiaryAccountType: account.type,
      currency: account.currency,
    },
  });
}

/** The reply for a transfer the ledger refuses. */
export function transferProblemReply(
  svc: string,
  problem: TransferProblem,
  accountNo: (field: string) => string,
): MockReply {
  switch (problem.kind) {
    case 'unknown-account':
      return snapReply(svc, SNAP.invalidAccount, {
        detail: `(${problem.field} ${accountNo(problem.field)} not found)`,
      });
    case 'dormant':
      return snapReply(svc, SNAP.dormantAccount, {
        detail: `(${problem.field} ${accountNo(problem.field)})`,
      });
    case 'same-account':
      return snapReply(svc, SNAP.notPermitted, { detail: 'Source and beneficiary are the same account' });
    case 'invalid-amount':
      return snapReply(svc, SNAP.invalidAmount, { detail: '(amount must be greater than 0.00)' });
    case 'insufficient-funds':
      return snapReply(svc, SNAP.insufficientFunds, { detail: `(available ${problem.available})` });
  }
}

/** 17 Intrabank Transfer: partnerReferenceNo once per partner, then the ledger's rules. */
export function transferIntrabank(input: BusinessInput): MockReply {
  const { body, ledger, svc, context, call } = input;
  const reference = {
    provider: input.dialect.profile.provider,
    clientId: call.partner.clientId,
    kind: 'transfer',
    value: stringField(body, 'partnerReferenceNo'),
  };
  const request = {
    sourceAccountNo: stringField(body, 'sourceAccountNo'),
    beneficiaryAccountNo: stringField(body, 'beneficiaryAccountNo'),
    cents: moneyCents(body['amount']),
  };
  const content = `amount ${formatAmount(request.cents)} from ${request.sourceAccountNo} to ${request.beneficiaryAccountNo}`;
  const repeated = repeatedReference(context.state, svc, reference, content);
  if (repeated) return repeated;
  const problem = transferProblem(ledger, request);
  if (problem !== undefined) return transferProblemReply(svc, problem, (field) => stringField(body, field));
  applyTransfer(ledger, request);
  rememberReference(context.state, reference, content);
  const extra: Record<string, unknown> = {
    referenceNo: ledger.newReferenceNo(),
    partnerReferenceNo: reference.value,
    amount: body['amount'],
    beneficiaryAccountNo: request.beneficiaryAccountNo,
    currency: 'IDR',
    customerReference: stringField(body, 'customerReference'),
    sourceAccountNo: request.sourceAccountNo,
    transactionDate: body['transactionDate'],
  };
  if (Array.isArray(body['originatorInfos'])) extra['originatorInfos'] = body['originatorInfos'];
  extra['additionalInfo'] = isObject(body['additionalInfo']) ? body['additionalInfo'] : {};
  return snapReply(svc, SNAP.success, { extra });
}

/** Balance (11) and internal account inquiry (15); the intrabank transfer (17) is in disbursement.ts. */
/**
 * 11 with a customer token and no accountNo: the balance of the token's e-wallet (DOKU and DANA
 * ask it so: the customer is named by the token, not by an account number).
 */
function balanceOfCustomerOrAccount(input: BankBusinessInput): MockReply {
  const customer = input.customer;
  if (customer === undefined || stringField(input.body, 'accountNo') !== '') return balanceInquiry(input);
  const wallet = input.book.wallets.get(customer.customerNumber);
  if (wallet === undefined)
    return snapReply(input.svc, SNAP.invalidAccount, { detail: '(no e-wallet for this customer token)' });
  const balance = snapMoney(wallet.balance);
  return snapReply(input.svc, SNAP.success, {
    extra: {
      referenceNo: input.ledger.newReferenceNo(),
      partnerReferenceNo: stringField(input.body, 'partnerReferenceNo'),
      name: wallet.name,
      accountInfos: [
        {
          balanceType: 'Cash',
          amount: balance,
          availableBalance: balance,
          ledgerBalance: balance,
          status: wallet.status === 'active' ? '0001' : '0002',
        },
      ],
      additionalInfo: {},
    },
  });
}

export const ACCOUNT_SERVICES: ServiceSteps = {
  'balance-inquiry': balanceOfCustomerOrAccount,
  'account-inquiry-internal': accountInquiryInternal,
};
