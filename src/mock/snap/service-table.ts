/**
 * The mock's one service table: the business step of every catalogue service a bank profile may
 * offer. Authentication, headers, request schema and the bank's extra mandatory fields are checked
 * before it by bank-routes.ts; a step only decides what the request does to the partner's books.
 */
import { stringField } from '../fields.ts';
import { moneyCents } from '../money.ts';
import type { BankBusiness } from './business.ts';
import { accountInquiryInternal, balanceInquiry, transferIntrabank } from './snap-accounts.ts';
import { transactionHistoryDetail, transactionHistoryList } from './snap-b2b2c.ts';
import { debitCancel, debitPayment, debitRefund, debitStatus } from './snap-debit.ts';
import {
  accountInquiryExternal,
  recordTransfer,
  transferInterbank,
  transferStatus,
} from './snap-disbursement.ts';
import {
  bankAccountInquiry,
  topup,
  topupAccountInquiry,
  topupStatus,
  transferToBank,
} from './snap-emoney.ts';
import { qrMpmCancel, qrMpmGenerate, qrMpmQuery, qrMpmRefund } from './snap-qris.ts';
import { bankStatement } from './snap-statement.ts';
import { createVa, deleteVa, inquiryVa, vaStatus } from './snap-va.ts';
import { vaInquiry, vaPayment } from './snap-va-payment.ts';

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

export const SERVICE_TABLE: Readonly<Record<string, BankBusiness>> = {
  'balance-inquiry': balanceInquiry,
  'transaction-history-list': transactionHistoryList,
  'transaction-history-detail': transactionHistoryDetail,
  'bank-statement': bankStatement,
  'account-inquiry-internal': accountInquiryInternal,
  'account-inquiry-external': accountInquiryExternal,
  'transfer-intrabank': recordedIntrabank,
  'transfer-interbank': transferInterbank,
  'transfer/status': transferStatus,
  'transfer-va/inquiry': vaInquiry,
  'transfer-va/payment': vaPayment,
  'transfer-va/status': vaStatus,
  'transfer-va/create-va': createVa,
  'transfer-va/inquiry-va': inquiryVa,
  'transfer-va/delete-va': deleteVa,
  'emoney/account-inquiry': topupAccountInquiry,
  'emoney/topup': topup,
  'emoney/topup-status': topupStatus,
  'emoney/bank-account-inquiry': bankAccountInquiry,
  'emoney/transfer-bank': transferToBank,
  'qr/qr-mpm-generate': qrMpmGenerate,
  'qr/qr-mpm-query': qrMpmQuery,
  'qr/qr-mpm-cancel': qrMpmCancel,
  'qr/qr-mpm-refund': qrMpmRefund,
  'debit/payment-host-to-host': debitPayment,
  'debit/status': debitStatus,
  'debit/cancel': debitCancel,
  'debit/refund': debitRefund,
};
