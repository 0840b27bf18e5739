/**
 * The frame of a SNAP business endpoint outside the bank profiles (NICEPAY): authenticate (token,
 * timestamp, HMAC, partner headers, X-EXTERNAL-ID), check the body against the endpoint's request
 * schema (the only check of its fields), then run the business step on the partner's ledger. Also
 * the business input every SNAP step receives and the VA lookup shared by the VA services.
 */
import { fieldProblemReply, isObject, stringField } from '../body/fields.ts';
import type { PartnerLedger, VirtualAccount } from '../books/ledger.ts';
import {
  authenticateSnapTransaction,
  type AuthenticatedCall,
  type SnapTransactionProfile,
} from '../gate/snap-auth.ts';
import { SNAP, badFieldFormat, snapReply, type MockReply } from '../snap-errors.ts';
import type { HttpMethod, MockRoute, RouteContext } from '../types.ts';
import { requestSchemaProblem } from '../body/request-schemas.ts';

/** How one SNAP emulation differs from another at the business level. */
export interface SnapDialect {
  profile: SnapTransactionProfile;
  /** partnerServiceId of created VAs when the request has none. */
  defaultPartnerServiceId: string;
  /**
   * `strict`: requests name a VA by partnerServiceId + customerNo + virtualAccountNo, which must
   * agree. `byNumber` (NICEPAY): virtualAccountNo alone; psid/customerNo may be "".
   */
  vaIds: 'strict' | 'byNumber';
}

/** What a business step receives once the request is authenticated and well-formed. */
export interface BusinessInput {
  context: RouteContext;
  call: AuthenticatedCall;
  body: Record<string, unknown>;
  ledger: PartnerLedger;
  svc: string;
  dialect: SnapDialect;
}

/** A business step: the reply of a valid, authenticated request. */
export type Business = (input: BusinessInput) => MockReply;

/** Declares a SNAP business endpoint. */
export function snapBusinessRoute(options: {
  dialect: SnapDialect;
  method?: HttpMethod;
  path: string;
  serviceCode: string;
  /** The request's JSON Schema under schemas/: a violation is 400xx02 / 400xx01 naming the field. */
  schema: string;
  business: Business;
}): MockRoute {
  const { dialect, serviceCode: svc } = options;
  return {
    method: options.method ?? 'POST',
    path: options.path,
    serviceCode: svc,
    handle: (context) => {
      const auth = authenticateSnapTransaction(context, { serviceCode: svc, profile: dialect.profile });
      if (!auth.ok) return auth.reply;
      const body = context.request.body;
      const problem = requestSchemaProblem(options.schema, body, context.settings);
      if (problem !== undefined) return fieldProblemReply(svc, problem);
      const ledger = context.state.ledger(dialect.profile.provider, auth.call.partner.clientId);
      return options.business({ context, call: auth.call, body, ledger, svc, dialect });
    },
  };
}

/** Outcome of {@link lookupVa}. */
export type VaLookup = { ok: true; va: VirtualAccount } | { ok: false; reply: MockReply };

/** The VA a request names; unknown (and, unless included, deleted) VAs are 404xx12, inconsistent ids 400xx01. */
export function lookupVa(input: BusinessInput, options: { includeDeleted?: boolean } = {}): VaLookup {
  const { body, ledger, svc, dialect } = input;
  const number = stringField(body, 'virtualAccountNo');
  if (dialect.vaIds === 'strict') {
    const psid = stringField(body, 'partnerServiceId');
    const customerNo = stringField(body, 'customerNo');
    if (psid + customerNo !== number) return { ok: false, reply: badFieldFormat(svc, 'virtualAccountNo') };
  }
  const va = ledger.virtualAccounts.get(number);
  if (va === undefined || (va.status === 'deleted' && options.includeDeleted !== true)) {
    return { ok: false, reply: snapReply(svc, SNAP.invalidBill, { detail: '(virtual account not found)' }) };
  }
  const mismatch = referenceMismatch(va, body);
  if (mismatch !== undefined)
    return {
      ok: false,
      reply: snapReply(svc, SNAP.invalidBill, { detail: `(${mismatch} does not match the virtual account)` }),
    };
  return { ok: true, va };
}

/** A trxId (top level or in additionalInfo) or NICEPAY tXidVA that names another VA. */
function referenceMismatch(va: VirtualAccount, body: Record<string, unknown>): string | undefined {
  const info = isObject(body['additionalInfo']) ? body['additionalInfo'] : {};
  const trxId = stringField(body, 'trxId') || stringField(info, 'trxId');
  if (trxId !== '' && trxId !== va.trxId) return 'trxId';
  const storedInfo = isObject(va.echo['additionalInfo']) ? va.echo['additionalInfo'] : {};
  const txid = stringField(info, 'tXidVA');
  if (txid !== '' && txid !== stringField(storedInfo, 'tXidVA')) return 'tXidVA';
  return undefined;
}

/** The three identifiers of a VA, as answered. */
export function vaIds(va: VirtualAccount): Record<string, string> {
  return {
    partnerServiceId: va.partnerServiceId,
    customerNo: va.customerNo,
    virtualAccountNo: va.virtualAccountNo,
  };
}
