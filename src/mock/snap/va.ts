/**
 * SNAP virtual accounts on the partner's ledger: Create VA (27), Inquiry VA (30), Inquiry
 * Status (26) and Delete VA (31). NICEPAY's create (with tXidVA) lives in ../nicepay/va.ts and
 * stores its VAs in the same ledger.
 */
import { isObject, stringField } from '../body/fields.ts';
import { newVirtualAccount, type PartnerLedger, type VirtualAccount } from '../books/ledger.ts';
import { formatAmount, moneyCents, snapMoney } from '../books/money.ts';
import { SNAP, badFieldFormat, snapReply, type MockReply } from '../snap-errors.ts';
import { parseSnapTimestamp } from '../gate/time.ts';
import type { ServiceSteps } from './business.ts';
import { lookupVa, vaIds, type BusinessInput, type SnapDialect } from './endpoint.ts';
import { rememberReference, repeatedReference } from '../books/reference-store.ts';

/** Request fields of Create VA kept and echoed by later inquiries. */
const ECHOED = [
  'virtualAccountEmail',
  'virtualAccountPhone',
  'billDetails',
  'freeTexts',
  'feeAmount',
  'expiredDate',
  'additionalInfo',
] as const;

/** partnerServiceId: String(8), digits left-padded with spaces to exactly 8 (`"   12345"`). */
const PARTNER_SERVICE_ID = /^(?=.{8}$) *\d+$/;

type Ids = { partnerServiceId: string; customerNo: string; virtualAccountNo: string };

/**
 * The identifiers of a new VA from a create request: given ones must agree
 * (virtualAccountNo = partnerServiceId + customerNo); missing ones are derived or generated.
 */
export function resolveVaIds(
  body: Record<string, unknown>,
  dialect: SnapDialect,
  ledger: PartnerLedger,
): Ids | 'virtualAccountNo' {
  let psid = stringField(body, 'partnerServiceId');
  let customerNo = stringField(body, 'customerNo');
  const number = stringField(body, 'virtualAccountNo');
  if (psid === '' && customerNo === '' && number !== '') {
    psid = number.slice(0, 8);
    customerNo = number.slice(8);
    if (!PARTNER_SERVICE_ID.test(psid) || !/^\d{1,20}$/.test(customerNo)) return 'virtualAccountNo';
  }
  if (psid === '') psid = dialect.defaultPartnerServiceId;
  if (customerNo === '') customerNo = ledger.newCustomerNo(psid);
  if (number !== '' && number !== psid + customerNo) return 'virtualAccountNo';
  return { partnerServiceId: psid, customerNo, virtualAccountNo: psid + customerNo };
}

/** `virtualAccountData` of a VA: identifiers, name, trxId, amount, type and the echoed fields. */
export function vaData(va: VirtualAccount): Record<string, unknown> {
  const data: Record<string, unknown> = { ...vaIds(va), virtualAccountName: va.name, trxId: va.trxId };
  if (va.totalCents !== undefined) data['totalAmount'] = snapMoney(va.totalCents);
  data['virtualAccountTrxType'] = va.trxType;
  for (const key of ECHOED) if (va.echo[key] !== undefined) data[key] = va.echo[key];
  return data;
}

/** The parts of a create request stored on the VA for later echoes. */
export function echoOf(body: Record<string, unknown>): Record<string, unknown> {
  const echo: Record<string, unknown> = {};
  for (const key of ECHOED) if (body[key] !== undefined && body[key] !== null) echo[key] = body[key];
  return echo;
}

/** Duplicate trxId (409xx01), the same trxId for another amount (404xx18) or a VA number still in use (409xx00), if any. */
export function createConflict(input: BusinessInput, virtualAccountNo: string): MockReply | undefined {
  const { context, call, svc, ledger, body } = input;
  const reference = {
    provider: input.dialect.profile.provider,
    clientId: call.partner.clientId,
    kind: 'trxId',
    value: stringField(body, 'trxId'),
  };
  const amount = isObject(body['totalAmount']) ? stringField(body['totalAmount'], 'value') : '';
  const content = `totalAmount ${amount || 'open'}`;
  const repeated = repeatedReference(context.state, svc, reference, content, 'trxId');
  if (repeated) return repeated;
  const existing = ledger.virtualAccounts.get(virtualAccountNo);
  if (existing !== undefined && existing.status !== 'deleted') {
    return snapReply(svc, SNAP.conflict, {
      detail: `(virtualAccountNo ${virtualAccountNo.trim()} already exists)`,
    });
  }
  rememberReference(context.state, reference, content);
  return undefined;
}

/** 27 Create VA (generic SNAP, BRI SNAP). */
export function createVa(input: BusinessInput): MockReply {
  const { body, ledger, svc, context, dialect } = input;
  const ids = resolveVaIds(body, dialect, ledger);
  if (ids === 'virtualAccountNo') return badFieldFormat(svc, 'virtualAccountNo');
  let expiresAtMs: number | undefined;
  const expiredDate = stringField(body, 'expiredDate');
  if (expiredDate !== '') {
    const parsed = parseSnapTimestamp(expiredDate);
    if (!parsed.ok || parsed.epochMs <= context.nowMs) return badFieldFormat(svc, 'expiredDate');
    expiresAtMs = parsed.epochMs;
  }
  const conflict = createConflict(input, ids.virtualAccountNo);
  if (conflict !== undefined) return conflict;
  const va = createdVa(body, ids, expiresAtMs, echoOf(body));
  ledger.addVirtualAccount(va);
  return snapReply(svc, SNAP.success, { extra: { virtualAccountData: vaData(va) } });
}

/** 30 Inquiry VA: what the bank knows of a live VA. */
export function inquiryVa(input: BusinessInput): MockReply {
  const found = lookupVa(input);
  if (!found.ok) return found.reply;
  return snapReply(input.svc, SNAP.success, { extra: { virtualAccountData: vaData(found.va) } });
}

/** SNAP latestTransactionStatus of a VA: 00 paid, 03 pending, 05 cancelled, 06 expired. */
export function vaTransactionStatus(va: VirtualAccount, nowMs: number): { code: string; desc: string } {
  if (va.status === 'paid') return { code: '00', desc: 'Success' };
  if (va.status === 'deleted') return { code: '05', desc: 'Cancelled' };
  if (va.expiresAtMs !== undefined && va.expiresAtMs <= nowMs) return { code: '06', desc: 'Expired' };
  return { code: '03', desc: 'Pending' };
}

/** 26 Inquiry Status: payment state of a VA, also after it was deleted. */
export function vaStatus(input: BusinessInput): MockReply {
  const { body, svc, context } = input;
  const found = lookupVa(input, { includeDeleted: true });
  if (!found.ok) return found.reply;
  const va = found.va;
  const inquiryRequestId = stringField(body, 'inquiryRequestId');
  if (
    inquiryRequestId !== '' &&
    input.dialect.vaIds === 'strict' &&
    !va.inquiryRequestIds.has(inquiryRequestId)
  ) {
    return snapReply(svc, SNAP.transactionNotFound, {
      detail: `(inquiryRequestId ${inquiryRequestId} unknown for this virtual account)`,
    });
  }
  const paymentRequestId = stringField(body, 'paymentRequestId');
  const payment =
    paymentRequestId === '' ? [...va.payments.values()].at(-1) : va.payments.get(paymentRequestId);
  if (paymentRequestId !== '' && payment === undefined) {
    return snapReply(svc, SNAP.transactionNotFound, {
      detail: `(paymentRequestId ${paymentRequestId} unknown for this virtual account)`,
    });
  }
  const status = vaTransactionStatus(va, context.nowMs);
  const storedInfo = isObject(va.echo['additionalInfo']) ? va.echo['additionalInfo'] : {};
  const data: Record<string, unknown> = {
    ...vaIds(va),
    inquiryRequestId,
    paymentRequestId: payment?.paymentRequestId ?? '',
    paymentFlagStatus: va.paidCents > 0n ? '00' : '01',
    paymentFlagReason:
      va.paidCents > 0n
        ? { english: 'Success', indonesia: 'Sukses' }
        : { english: 'Unpaid', indonesia: 'Belum dibayar' },
    paidAmount: snapMoney(va.paidCents),
    trxId: va.trxId,
  };
  if (va.totalCents !== undefined) data['totalAmount'] = snapMoney(va.totalCents);
  if (payment !== undefined)
    Object.assign(data, { trxDateTime: payment.trxDateTime, referenceNo: payment.referenceNo });
  data['additionalInfo'] = {
    ...storedInfo,
    latestTransactionStatus: status.code,
    transactionStatusDesc: status.desc,
  };
  return snapReply(svc, SNAP.success, { extra: { virtualAccountData: data } });
}

/** 31 Delete VA: a live, unpaid VA is cancelled; its number may be created again. */
export function deleteVa(input: BusinessInput): MockReply {
  const { body, svc } = input;
  const found = lookupVa(input);
  if (!found.ok) return found.reply;
  const va = found.va;
  if (va.status === 'paid')
    return snapReply(input.svc, SNAP.paidBill, {
      detail: `(paid ${formatAmount(va.paidCents)}; a paid virtual account cannot be deleted)`,
    });
  va.status = 'deleted';
  const storedInfo = isObject(va.echo['additionalInfo']) ? va.echo['additionalInfo'] : {};
  const requestInfo = isObject(body['additionalInfo']) ? body['additionalInfo'] : {};
  const data = { ...vaIds(va), trxId: va.trxId, additionalInfo: { ...storedInfo, ...requestInfo } };
  return snapReply(svc, SNAP.success, { extra: { virtualAccountData: data } });
}

/** The VA a create request (27, SNAP or NICEPAY) makes: its identifiers, name, trxId, amount and type. */
export function createdVa(
  body: Record<string, unknown>,
  ids: Ids,
  expiresAtMs: number | undefined,
  echo: Record<string, unknown>,
): VirtualAccount {
  const amount = body['totalAmount'];
  return newVirtualAccount({
    ...ids,
    name: stringField(body, 'virtualAccountName'),
    trxId: stringField(body, 'trxId'),
    totalCents: amount === undefined || amount === null ? undefined : moneyCents(amount),
    // DOKU documents a lower-case "c" where a bank's schema admits it: the same closed VA.
    trxType: (stringField(body, 'virtualAccountTrxType') || 'C').toUpperCase(),
    expiresAtMs,
    echo,
  });
}

/** The partner's own VAs: create (27), inquiry (30), status (26), delete (31). */
export const VA_SERVICES: ServiceSteps = {
  'transfer-va/create-va': createVa,
  'transfer-va/inquiry-va': inquiryVa,
  'transfer-va/status': vaStatus,
  'transfer-va/delete-va': deleteVa,
};
