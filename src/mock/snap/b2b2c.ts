/**
 * B2B2C: the customer access token (74) and the services that act for a bound customer with it —
 * transaction history list (12) and detail (13). A customer token is issued for a seeded auth code
 * or one minted per run by `POST /kontrak/auth-code` (each usable once) or a refresh token, signed like the B2B token (SHA256withRSA over
 * `X-CLIENT-KEY|X-TIMESTAMP`); B2B2C calls carry it as `Authorization-Customer: Bearer <token>`
 * with an `X-DEVICE-ID` (ASPI SNAP security, https://github.com/mseptiaan/snap-aspi-go/blob/b7e2c8111f58/aspi/keamanan.md).
 */
import { randomBytes } from 'node:crypto';
import type { SigningPolicy } from '../../../scripts/signing-contract.ts';
import { stringField } from '../body/fields.ts';
import { requestSchemaProblem } from '../body/request-schemas.ts';
import { fieldProblemReply } from '../body/fields.ts';
import { snapMoney } from '../books/money.ts';
import { checkTimestampHeader, signatureProblem } from '../gate/snap-auth.ts';
import { SNAP, missingField, snapReply, unauthorized, type MockReply } from '../snap-errors.ts';
import { formatJakartaTimestamp, parseSnapTimestamp } from '../gate/time.ts';
import type { MockRoute, RouteContext } from '../types.ts';
import {
  bearerToken,
  blankOptionalRefusal,
  blankRefusal,
  withKnobDiagnosis,
  withoutBlanks,
  type HeaderRules,
} from '../gate/header-rules.ts';
import { bookOf, type BusinessBook, type CustomerToken } from './book.ts';
import { CASES, type BankBusinessInput, type ServiceSteps } from './business.ts';

const SERVICE = '74';
const CUSTOMER = '6281234567890';
const REFRESH_TTL_MS = 30 * 86_400_000;
/** Token signatures are RSA over `clientKey|timestamp`: path, query and body do not enter them. */
const TOKEN_POLICY: SigningPolicy = {
  signedPathStripPrefix: '',
  signQuery: 'excluded',
  bodyHash: 'as-sent',
  signatureEncoding: 'base64',
};

/** `POST <path>` issuing customer tokens (service 74) to the bank's partners. */
export function customerTokenRoute(options: {
  provider: string;
  path: string;
  rules: HeaderRules;
}): MockRoute {
  return {
    method: 'POST',
    path: options.path,
    serviceCode: SERVICE,
    handle: (context) => issueCustomerToken(context, options.provider, options.rules),
  };
}

function issueCustomerToken(context: RouteContext, provider: string, rules: HeaderRules): MockReply {
  const { headers, body } = context.request;
  const clientKey = headers['x-client-key'] ?? '';
  if (clientKey === '') return unauthorized(SERVICE, 'Unknown Client (X-CLIENT-KEY header is missing)');
  const partner = context.findPartner(provider, clientKey);
  if (partner?.publicKey === undefined) return unauthorized(SERVICE, 'Unknown Client');
  const checked = checkTimestampHeader(context, SERVICE, rules);
  if (!checked.ok) return checked.reply;
  const signed = signatureProblem(
    {
      scheme: 'snap-token',
      method: context.request.method,
      pathWithQuery: context.request.rawUrl,
      body: '',
      timestamp: checked.value,
      clientKey,
      accessToken: '',
    },
    partner.signing ?? TOKEN_POLICY,
    headers['x-signature'] ?? '',
    { publicKey: partner.publicKey },
  );
  if (signed !== undefined) return unauthorized(SERVICE, 'Invalid Signature', signed);
  const checkedBody = rules.blankOptional.value === 'absent' ? withoutBlanks(body) : body;
  const problem = requestSchemaProblem('snap/access-token-b2b2c.request.json', checkedBody, context.settings);
  if (problem !== undefined) return blankRefusal(fieldProblemReply(SERVICE, problem), body, problem, rules);
  const blank = blankOptionalRefusal(SERVICE, body, rules);
  if (blank !== undefined) return blank;
  const book = bookOf(context.state.ledger(provider, partner.clientId), context.nowMs);
  const grant = stringField(body, 'grantType').toUpperCase();
  let customerNumber: string | undefined;
  if (grant === 'AUTHORIZATION_CODE') {
    const code = stringField(body, 'authCode');
    // A seeded code, or one minted by POST /kontrak/auth-code: either is spent by its first use.
    if (!book.authCodes.delete(code) && !context.state.spendMintedAuthCode(code))
      return unauthorized(SERVICE, 'Invalid authCode (unknown, expired or already used)');
    customerNumber = CUSTOMER;
  } else {
    const refresh = stringField(body, 'refreshToken');
    const earlier = [...book.customerTokens.values()].find((t) => t.refreshToken === refresh);
    if (earlier === undefined) return unauthorized(SERVICE, 'Invalid refreshToken');
    book.customerTokens.delete(earlier.token);
    customerNumber = earlier.customerNumber;
  }
  const token: CustomerToken = {
    token: randomBytes(32).toString('base64url'),
    refreshToken: randomBytes(32).toString('base64url'),
    customerNumber,
    expiresAtMs: context.nowMs + context.settings.tokenTtlSeconds * 1000,
  };
  book.customerTokens.set(token.token, token);
  return snapReply(SERVICE, SNAP.success, {
    extra: {
      accessToken: token.token,
      tokenType: 'Bearer',
      accessTokenExpiryTime: formatJakartaTimestamp(token.expiresAtMs),
      refreshToken: token.refreshToken,
      refreshTokenExpiryTime: formatJakartaTimestamp(context.nowMs + REFRESH_TTL_MS),
      additionalInfo: {},
    },
  });
}

/**
 * The customer of a request's Authorization-Customer token. Required (401xx04 when absent) for
 * B2B2C-only services; wherever given it must be valid (401xx02) and come with X-DEVICE-ID.
 */
export function customerOf(
  context: RouteContext,
  options: { book: BusinessBook; svc: string; rules: HeaderRules; required: boolean },
): { ok: true; customer: CustomerToken | undefined } | { ok: false; reply: MockReply } {
  const { book, svc, rules, required } = options;
  const header = (context.request.headers['authorization-customer'] ?? '').trim();
  if (header === '')
    return required
      ? { ok: false, reply: snapReply(svc, CASES.customerTokenNotFound) }
      : { ok: true, customer: undefined };
  const form = rules.customerToken;
  const bearer = bearerToken(header);
  const refuse = (detail: string): { ok: false; reply: MockReply } => ({
    ok: false,
    reply: withKnobDiagnosis(snapReply(svc, CASES.invalidCustomerToken, { detail }), rules.bank, {
      knob: 'customerToken',
      received: bearer === undefined ? '<token>' : 'Bearer <token>',
      expected: CUSTOMER_TOKEN_FORMS[form.value],
      source: form.source,
    }),
  });
  if (bearer !== undefined && form.value === 'bare')
    return refuse('(this bank expects the bare customer token, without "Bearer ")');
  if (bearer === undefined && form.value === 'bearer')
    return /\s/.test(header)
      ? refuse('(Authorization-Customer must be "Bearer <customerToken>")')
      : refuse('(the token is sent without "Bearer "; this bank expects "Bearer <customerToken>")');
  const value = bearer ?? header;
  const token = book.customerTokens.get(value);
  if (token === undefined || token.expiresAtMs <= context.nowMs)
    return {
      ok: false,
      reply: snapReply(svc, CASES.invalidCustomerToken, {
        detail: token ? '(expired)' : '(unknown to this server)',
      }),
    };
  if ((context.request.headers['x-device-id'] ?? '') === '' && rules.deviceHeaders.value === 'required')
    return {
      ok: false,
      reply: withKnobDiagnosis(missingField(svc, 'X-DEVICE-ID'), rules.bank, {
        knob: 'deviceHeaders',
        received: undefined,
        expected: 'X-DEVICE-ID with a customer token (required)',
        source: rules.deviceHeaders.source,
      }),
    };
  return { ok: true, customer: token };
}

const CUSTOMER_TOKEN_FORMS: Record<HeaderRules['customerToken']['value'], string> = {
  bearer: 'Authorization-Customer "Bearer <customerToken>"',
  bare: 'Authorization-Customer "<customerToken>" without "Bearer "',
  either: 'Authorization-Customer "<customerToken>", with or without "Bearer "',
};

interface WalletMovement {
  partnerReferenceNo: string;
  referenceNo: string;
  atMs: number;
  cents: bigint;
  type: string;
  remark: string;
}

/** The customer's e-wallet movements: top-ups, transfers to banks and settled debits. */
function movements(input: BankBusinessInput, customerNumber: string): WalletMovement[] {
  const list: WalletMovement[] = [];
  for (const t of input.book.transfers.values())
    if (t.customerNumber === customerNumber)
      list.push({
        partnerReferenceNo: t.partnerReferenceNo,
        referenceNo: t.referenceNo,
        atMs: t.atMs,
        cents: t.cents,
        type: t.serviceCode === '38' ? 'TOPUP' : 'TRANSFER',
        remark: t.serviceCode === '38' ? 'Top up' : 'Transfer to bank',
      });
  for (const p of input.book.payments.values())
    if (p.kind === 'debit' && p.status === 'paid' && p.echo['customerNumber'] === customerNumber)
      list.push({
        partnerReferenceNo: p.partnerReferenceNo,
        referenceNo: p.referenceNo,
        atMs: p.paidAtMs ?? p.createdAtMs,
        cents: p.cents,
        type: 'PAYMENT',
        remark: 'Direct debit payment',
      });
  return list.sort((a, b) => a.atMs - b.atMs);
}

function detail(m: WalletMovement): Record<string, unknown> {
  return {
    dateTime: formatJakartaTimestamp(m.atMs),
    amount: snapMoney(m.cents),
    remark: m.remark,
    sourceOfFunds: [{ source: 'BALANCE', amount: snapMoney(m.cents) }],
    status: 'SUCCESS',
    type: m.type,
    additionalInfo: { referenceNo: m.referenceNo, partnerReferenceNo: m.partnerReferenceNo },
  };
}

/** 12 Transaction history list of the token's customer. */
export function transactionHistoryList(input: BankBusinessInput): MockReply {
  const { body, svc, context } = input;
  const customer = input.customer;
  if (customer === undefined) return snapReply(svc, CASES.customerTokenNotFound);
  const to = parseSnapTimestamp(stringField(body, 'toDateTime'));
  const from = parseSnapTimestamp(stringField(body, 'fromDateTime'));
  const toMs = to.ok ? to.epochMs : context.nowMs;
  const fromMs = from.ok ? from.epochMs : 0;
  if (fromMs > toMs)
    return snapReply(svc, SNAP.invalidFieldFormat, { detail: 'fromDateTime (after toDateTime)' });
  const pageSize = Number(body['pageSize'] ?? 10) || 10;
  const pageNumber = Number(body['pageNumber'] ?? 1) || 1;
  const all = movements(input, customer.customerNumber).filter((m) => m.atMs >= fromMs && m.atMs <= toMs);
  const page = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return snapReply(svc, SNAP.success, {
    extra: {
      referenceNo: input.ledger.newReferenceNo(),
      partnerReferenceNo: stringField(body, 'partnerReferenceNo'),
      detailData: page.map(detail),
      additionalInfo: { totalData: String(all.length) },
    },
  });
}

/** 13 Transaction history detail of one of the customer's movements. */
export function transactionHistoryDetail(input: BankBusinessInput): MockReply {
  if (input.customer === undefined) return snapReply(input.svc, CASES.customerTokenNotFound);
  const ref = stringField(input.body, 'originalPartnerReferenceNo');
  const originalRef = stringField(input.body, 'originalReferenceNo');
  const found = movements(input, input.customer.customerNumber).find(
    (m) =>
      (ref !== '' && m.partnerReferenceNo === ref) || (originalRef !== '' && m.referenceNo === originalRef),
  );
  if (found === undefined) return snapReply(input.svc, SNAP.transactionNotFound);
  return snapReply(input.svc, SNAP.success, {
    extra: {
      referenceNo: found.referenceNo,
      partnerReferenceNo: found.partnerReferenceNo,
      ...detail(found),
    },
  });
}

/** The customer's transaction history, list (12) and detail (13); the customer token (74) is a route of its own. */
export const HISTORY_SERVICES: ServiceSteps = {
  'transaction-history-list': transactionHistoryList,
  'transaction-history-detail': transactionHistoryDetail,
};
