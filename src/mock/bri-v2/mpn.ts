/**
 * BRI MPN v2.0 (state revenue / tax billing payment) as the mock serves it. BRI's own body
 * fields for these two calls are not public (https://developers.bri.co.id/en/docs/apidoc-mpn-v20); these are the mock's.
 * Every call needs the BRI API v2 headers: `Authorization: Bearer <token>`, `BRI-Timestamp`,
 * `BRI-Signature`, `BRI-External-Id` (numeric, ≤ 9 digits, once a day), `Content-Type: application/json`.
 *
 * `POST /v2.0/mpn/inquiryBilling`
 *   request  `{"billingCode": "123456789012345"}`            billingCode: 15 digits, mandatory
 *   200      `{"responseCode":"00","responseDescription":"Inquiry billing success","data":{
 *              "billingCode","taxpayerName","npwp","amount":"150000.00","currency":"IDR",
 *              "kdMap","kdSetor","masaPajak","status":"UNPAID"}}`
 *
 * `POST /v2.0/mpn/payment`
 *   request  `{"billingCode": "123456789012345", "amount": "150000.00", "currency": "IDR",
 *              "referenceNo": "REF000001", "sourceAccountNo": "0011223344"}`
 *            billingCode 15 digits M; amount `digits.dd` M (must equal the billing's);
 *            currency `IDR` O; referenceNo [A-Za-z0-9]{1,20} M (once per partner);
 *            sourceAccountNo digits ≤ 19 M (a seeded account, debited)
 *   200      `{"responseCode":"00","responseDescription":"Payment success","data":{
 *              "billingCode","taxpayerName","amount","currency","referenceNo","sourceAccountNo",
 *              "ntpn" (16 [0-9A-Z]),"ntb" (12 digits),"paymentDate" (yyyy-MM-ddTHH:mm:ss+07:00)}}`
 *
 * Bodies are checked by schemas/bri/mpn-*.request.json alone.
 * Errors: a missing or malformed field → 400 `{"status":{"code":"0109","desc":"Invalid request
 * parameter (<field> ...)"}}`. Business errors (mock codes, `data: null` unless noted):
 * 404 `14` billing code or source account not found · 409 `88` billing already paid (data: the
 * billing) · 400 `13` amount differs from the billing · 409 `94` duplicate referenceNo ·
 * 403 `51` insufficient funds · 403 `62` source account dormant.
 */
import { briGatewayReply, briProductReply, BRI_GATEWAY } from './errors.ts';
import { stringField } from '../body/fields.ts';
import type { Billing, PartnerLedger } from '../books/ledger.ts';
import { TEST_BILLING_PREFIX, testBilling } from '../books/state.ts';
import { formatAmount, parseAmount } from '../books/money.ts';
import { randomAlnum, randomDigits } from '../books/prng.ts';
import type { MockReply } from '../snap-errors.ts';
import { formatJakartaTimestamp } from '../gate/time.ts';
import type { RouteContext } from '../types.ts';
import type { BriCall } from './auth.ts';
import { requestSchemaProblem } from '../body/request-schemas.ts';

/** Request schemas of the two calls (schemas/bri/), the only check of their bodies. */
const INQUIRY_SCHEMA = 'bri/mpn-inquiry-billing.request.json';
const PAYMENT_SCHEMA = 'bri/mpn-payment.request.json';

/** The gateway 0109 reply naming the first field the request schema refuses, if any. */
function bodyProblem(context: RouteContext, schema: string): MockReply | undefined {
  const problem = requestSchemaProblem(schema, context.request.body, context.settings);
  if (problem === undefined) return undefined;
  const detail =
    problem.kind === 'missing'
      ? `${problem.field} is mandatory`
      : `${problem.field} ${problem.hint ?? 'is malformed'}`;
  return briGatewayReply(BRI_GATEWAY.invalidParameter, { detail });
}

/** `data` describing a billing. */
export function billingData(billing: Billing): Record<string, unknown> {
  return {
    billingCode: billing.billingCode,
    taxpayerName: billing.taxpayerName,
    npwp: billing.npwp,
    amount: formatAmount(billing.amountCents),
    currency: 'IDR',
    kdMap: billing.kdMap,
    kdSetor: billing.kdSetor,
    masaPajak: billing.masaPajak,
    status: billing.status === 'paid' ? 'PAID' : 'UNPAID',
  };
}

function findBilling(
  ledger: PartnerLedger,
  code: string,
): { ok: true; billing: Billing } | { ok: false; reply: MockReply } {
  let billing = ledger.billings.get(code);
  if (billing === undefined && code.startsWith(TEST_BILLING_PREFIX)) {
    billing = testBilling(code);
    ledger.billings.set(code, billing);
  }
  if (billing === undefined)
    return { ok: false, reply: briProductReply(404, '14', `Billing code ${code} not found`) };
  if (billing.status === 'paid')
    return {
      ok: false,
      reply: briProductReply(409, '88', 'Billing already paid', {
        ...billingData(billing),
        ...billing.payment,
      }),
    };
  return { ok: true, billing };
}

/** `POST /v2.0/mpn/inquiryBilling`. */
export function mpnInquiryBilling(context: RouteContext, call: BriCall): MockReply {
  const body = context.request.body;
  const problem = bodyProblem(context, INQUIRY_SCHEMA);
  if (problem !== undefined) return problem;
  const ledger = context.state.ledger(call.partner.provider, call.partner.clientId);
  const found = findBilling(ledger, stringField(body, 'billingCode'));
  if (!found.ok) return found.reply;
  return briProductReply(200, '00', 'Inquiry billing success', billingData(found.billing));
}

/** `POST /v2.0/mpn/payment`: pays a billing from a seeded account. */
export function mpnPayment(context: RouteContext, call: BriCall): MockReply {
  const body = context.request.body;
  const problem = bodyProblem(context, PAYMENT_SCHEMA);
  if (problem !== undefined) return problem;
  const { provider, clientId } = call.partner;
  const reference = { provider, clientId, kind: 'mpnReferenceNo', value: stringField(body, 'referenceNo') };
  if (context.state.hasReference(reference))
    return briProductReply(409, '94', `Duplicate referenceNo ${reference.value}`);
  const ledger = context.state.ledger(provider, clientId);
  const found = findBilling(ledger, stringField(body, 'billingCode'));
  if (!found.ok) return found.reply;
  const billing = found.billing;
  const cents = parseAmount(stringField(body, 'amount')) ?? 0n;
  if (cents !== billing.amountCents)
    return briProductReply(
      400,
      '13',
      `Invalid amount: the billing amount is ${formatAmount(billing.amountCents)}`,
    );
  const accountNo = stringField(body, 'sourceAccountNo');
  const account = ledger.accounts.get(accountNo);
  if (account === undefined) return briProductReply(404, '14', `Source account ${accountNo} not found`);
  if (account.status !== '0001') return briProductReply(403, '62', `Source account ${accountNo} is dormant`);
  if (account.balance - account.hold < cents) return briProductReply(403, '51', 'Insufficient funds');

  account.balance -= cents;
  context.state.addReference(reference);
  const payment = {
    referenceNo: reference.value,
    sourceAccountNo: accountNo,
    ntpn: randomAlnum(ledger.prng, 16),
    ntb: randomDigits(ledger.prng, 12),
    paymentDate: formatJakartaTimestamp(context.nowMs),
  };
  billing.status = 'paid';
  billing.payment = payment;
  const {
    npwp: _npwp,
    kdMap: _kdMap,
    kdSetor: _kdSetor,
    masaPajak: _masa,
    status: _status,
    ...summary
  } = billingData(billing);
  return briProductReply(200, '00', 'Payment success', { ...summary, ...payment });
}
