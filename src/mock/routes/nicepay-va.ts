/**
 * NICEPAY SNAP virtual accounts: Create VA (service 27). Body checks and the NICEPAY-style
 * response are pure functions; the handler wires them to authentication and state.
 */
import { randomInt } from 'node:crypto';
import {
  checkAmount,
  checkOptionalArray,
  checkOptionalObject,
  checkString,
  fieldProblemReply,
  firstProblem,
  isObject,
  stringField,
  type FieldProblem,
} from '../fields.ts';
import { authenticateSnapTransaction, type SnapTransactionProfile } from '../snap-auth.ts';
import { SNAP, snapReply, type MockReply } from '../snap-errors.ts';
import { jakartaDay, jakartaTime } from '../time.ts';
import type { RouteContext } from '../types.ts';

export const SERVICE_CREATE_VA = '27';

/** partnerServiceId used when the request leaves it empty (NICEPAY assigns one itself). */
export const DEFAULT_PARTNER_SERVICE_ID = '   88899';

const VA_TRX_TYPES = /^[COIMLNX]$/;

/** The first problem of a Create VA request body, if any (protocols.md §1.8, §3.5). */
export function checkCreateVaBody(body: Record<string, unknown>): FieldProblem | undefined {
  return firstProblem([
    () => checkString(body['partnerServiceId'], 'partnerServiceId', { maxLength: 8 }),
    () => checkString(body['customerNo'], 'customerNo', { maxLength: 20 }),
    () => checkString(body['virtualAccountNo'], 'virtualAccountNo', { maxLength: 28 }),
    () => checkString(body['virtualAccountName'], 'virtualAccountName', { required: true, maxLength: 255 }),
    () => checkString(body['virtualAccountEmail'], 'virtualAccountEmail', { maxLength: 255 }),
    () => checkString(body['virtualAccountPhone'], 'virtualAccountPhone', { maxLength: 30 }),
    () => checkString(body['trxId'], 'trxId', { required: true, maxLength: 64 }),
    () => checkAmount(body['totalAmount'], 'totalAmount'),
    () => checkAmount(body['feeAmount'], 'feeAmount'),
    () => checkOptionalArray(body['billDetails'], 'billDetails', 24),
    () => checkOptionalArray(body['freeTexts'], 'freeTexts', 25),
    () => checkString(body['virtualAccountTrxType'], 'virtualAccountTrxType', { pattern: VA_TRX_TYPES }),
    () => checkString(body['expiredDate'], 'expiredDate', { maxLength: 25 }),
    () => checkOptionalObject(body['additionalInfo'], 'additionalInfo'),
  ]);
}

/** Random decimal digits. */
export function randomDigits(count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(randomInt(10));
  return out;
}

/**
 * NICEPAY's transaction id of a VA: merchant id (10) + `02` (VA) + yyyyMMddHHmmss + 4 digits,
 * e.g. `IONPAYTEST02202306232221286791`.
 */
export function makeTxIdVa(clientId: string, nowMs: number, suffix: string): string {
  return `${clientId.padEnd(10, '0').slice(0, 10)}02${jakartaDay(nowMs)}${jakartaTime(nowMs)}${suffix}`;
}

/** The identifiers of a new VA: SNAP's `virtualAccountNo` = partnerServiceId (8, space-padded) + customerNo. */
export function vaIdentifiers(
  body: Record<string, unknown>,
  generateCustomerNo: () => string,
): { partnerServiceId: string; customerNo: string; virtualAccountNo: string } {
  const psidRaw = stringField(body, 'partnerServiceId');
  const partnerServiceId = psidRaw.trim() === '' ? DEFAULT_PARTNER_SERVICE_ID : psidRaw.padStart(8, ' ');
  const customerNo = stringField(body, 'customerNo') || generateCustomerNo();
  const virtualAccountNo = stringField(body, 'virtualAccountNo') || partnerServiceId + customerNo;
  return { partnerServiceId, customerNo, virtualAccountNo };
}

const ECHOED_INFO = ['bankCd', 'goodsNm', 'dbProcessUrl', 'msId', 'msFee', 'msFeeType', 'mbFee', 'mbFeeType'] as const;

/** Input of {@link createVaResponseData}. */
export interface CreateVaResponseInput {
  body: Record<string, unknown>;
  clientId: string;
  nowMs: number;
  /** Random parts, injectable for deterministic tests. */
  customerNo?: () => string;
  txIdSuffix?: () => string;
}

/** `virtualAccountData` of a successful Create VA, NICEPAY style (`additionalInfo.tXidVA`, validity). */
export function createVaResponseData(input: CreateVaResponseInput): Record<string, unknown> {
  const { body, nowMs } = input;
  const ids = vaIdentifiers(body, input.customerNo ?? (() => randomDigits(10)));
  const requestInfo = isObject(body['additionalInfo']) ? body['additionalInfo'] : {};
  const validUntil = nowMs + 24 * 60 * 60 * 1000;
  const additionalInfo: Record<string, unknown> = {};
  for (const key of ECHOED_INFO) {
    if (requestInfo[key] !== undefined) additionalInfo[key] = requestInfo[key];
  }
  additionalInfo['tXidVA'] = makeTxIdVa(input.clientId, nowMs, (input.txIdSuffix ?? (() => randomDigits(4)))());
  additionalInfo['trxId'] = body['trxId'];
  if (body['totalAmount'] !== undefined) additionalInfo['totalAmount'] = body['totalAmount'];
  additionalInfo['vacctValidDt'] = typeof requestInfo['vacctValidDt'] === 'string' ? requestInfo['vacctValidDt'] : jakartaDay(validUntil);
  additionalInfo['vacctValidTm'] = typeof requestInfo['vacctValidTm'] === 'string' ? requestInfo['vacctValidTm'] : jakartaTime(validUntil);

  const data: Record<string, unknown> = { ...ids, virtualAccountName: body['virtualAccountName'] };
  for (const key of ['virtualAccountEmail', 'virtualAccountPhone', 'trxId', 'totalAmount', 'virtualAccountTrxType', 'expiredDate']) {
    if (body[key] !== undefined) data[key] = body[key];
  }
  data['additionalInfo'] = additionalInfo;
  return data;
}

/** Handler of `POST …/transfer-va/create-va` for a provider profile. */
export function handleCreateVa(context: RouteContext, profile: SnapTransactionProfile): MockReply {
  const svc = SERVICE_CREATE_VA;
  const auth = authenticateSnapTransaction(context, { serviceCode: svc, profile });
  if (!auth.ok) return auth.reply;
  const body = context.request.body;
  const problem = checkCreateVaBody(body);
  if (problem !== undefined) return fieldProblemReply(svc, problem);

  const reference = { provider: profile.provider, clientId: auth.call.partner.clientId, kind: 'trxId', value: stringField(body, 'trxId') };
  if (context.state.hasReference(reference)) {
    return snapReply(svc, SNAP.duplicateReference, { message: 'Duplicate trxId' });
  }
  context.state.addReference(reference);
  const virtualAccountData = createVaResponseData({ body, clientId: auth.call.partner.clientId, nowMs: context.nowMs });
  return snapReply(svc, SNAP.success, { extra: { virtualAccountData } });
}
