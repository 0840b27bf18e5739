/**
 * NICEPAY SNAP virtual accounts: Create VA (service 27) with NICEPAY's own response
 * (`additionalInfo.tXidVA`, validity date and time). The response is a pure function; the
 * business step stores the VA in the partner's ledger, where status (26) and delete (31) find it.
 */
import { randomInt } from 'node:crypto';
import { isObject, stringField } from '../body/fields.ts';
import { randomDigits as prngDigits } from '../books/prng.ts';
import { serviceCode } from '../../catalogue/catalogue.ts';
import { SNAP, snapReply, type MockReply } from '../snap-errors.ts';
import { jakartaDay, jakartaTime } from '../gate/time.ts';
import type { BusinessInput } from '../snap/endpoint.ts';
import { createConflict, createdVa, echoOf } from '../snap/va.ts';

export const SERVICE_CREATE_VA = serviceCode('transfer-va/create-va');

/** partnerServiceId used when the request leaves it empty (NICEPAY assigns one itself). */
export const DEFAULT_PARTNER_SERVICE_ID = '   88899';

/** Random decimal digits (crypto); the mock itself uses the partner's seeded generator. */
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

const ECHOED_INFO = [
  'bankCd',
  'goodsNm',
  'dbProcessUrl',
  'msId',
  'msFee',
  'msFeeType',
  'mbFee',
  'mbFeeType',
] as const;

/** Input of {@link createVaResponseData}. */
export interface CreateVaResponseInput {
  body: Record<string, unknown>;
  clientId: string;
  nowMs: number;
  /** Random parts, injectable for deterministic answers. */
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
  additionalInfo['tXidVA'] = makeTxIdVa(
    input.clientId,
    nowMs,
    (input.txIdSuffix ?? (() => randomDigits(4)))(),
  );
  additionalInfo['trxId'] = body['trxId'];
  if (body['totalAmount'] !== undefined) additionalInfo['totalAmount'] = body['totalAmount'];
  additionalInfo['vacctValidDt'] =
    typeof requestInfo['vacctValidDt'] === 'string' ? requestInfo['vacctValidDt'] : jakartaDay(validUntil);
  additionalInfo['vacctValidTm'] =
    typeof requestInfo['vacctValidTm'] === 'string' ? requestInfo['vacctValidTm'] : jakartaTime(validUntil);

  const data: Record<string, unknown> = { ...ids, virtualAccountName: body['virtualAccountName'] };
  for (const key of [
    'virtualAccountEmail',
    'virtualAccountPhone',
    'trxId',
    'totalAmount',
    'virtualAccountTrxType',
    'expiredDate',
  ]) {
    if (body[key] !== undefined) data[key] = body[key];
  }
  data['additionalInfo'] = additionalInfo;
  return data;
}

/** Epoch ms of a Jakarta `yyyyMMdd` + `HHmmss` (NICEPAY vacctValidDt/Tm); undefined when malformed. */
export function jakartaDateTimeMs(date: unknown, time: unknown): number | undefined {
  if (typeof date !== 'string' || typeof time !== 'string' || !/^\d{8}$/.test(date) || !/^\d{6}$/.test(time))
    return undefined;
  const [y, mo, d, h, mi, s] = [
    date.slice(0, 4),
    date.slice(4, 6),
    date.slice(6),
    time.slice(0, 2),
    time.slice(2, 4),
    time.slice(4),
  ].map(Number);
  const ms = Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s) - 7 * 3600_000;
  return Number.isNaN(ms) ? undefined : ms;
}

/** Business step of NICEPAY `POST /nicepay/api/v1.0/transfer-va/create-va`. */
export function nicepayCreateVa(input: BusinessInput): MockReply {
  const { body, ledger, svc, context, call } = input;
  const data = createVaResponseData({
    body,
    clientId: call.partner.clientId,
    nowMs: context.nowMs,
    customerNo: () => ledger.newCustomerNo(DEFAULT_PARTNER_SERVICE_ID),
    txIdSuffix: () => prngDigits(ledger.prng, 4),
  });
  const conflict = createConflict(input, String(data['virtualAccountNo']));
  if (conflict !== undefined) return conflict;
  const info = data['additionalInfo'] as Record<string, unknown>;
  const ids = {
    partnerServiceId: String(data['partnerServiceId']),
    customerNo: String(data['customerNo']),
    virtualAccountNo: String(data['virtualAccountNo']),
  };
  const expiresAtMs = jakartaDateTimeMs(info['vacctValidDt'], info['vacctValidTm']);
  const va = createdVa(body, ids, expiresAtMs, { ...echoOf(body), additionalInfo: info });
  ledger.addVirtualAccount(va);
  return snapReply(svc, SNAP.success, { extra: { virtualAccountData: data } });
}
