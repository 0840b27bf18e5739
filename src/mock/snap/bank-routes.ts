/**
 * Route tables built from a bank profile (banks/*.yaml) and the SNAP catalogue: the bank's token
 * endpoints and every service it offers, at the bank's paths, verified the bank's way (type B HMAC
 * with token, or type C RSA without), with its extra headers and mandatory fields, its own service
 * codes and success codes, and its sandbox's scripted answers. The business step comes from the
 * service table; the request body is checked against the catalogue's request schema only.
 */
import { servicePath, serviceSignature, type BankProfile } from '../../banks/profile.ts';
import { bankOwnMandatoryFields } from '../../banks/mandatory.ts';
import { catalogueEntry, type CatalogueEntry } from '../../catalogue/catalogue.ts';
import { valueAt } from '../body/fields.ts';
import { requestSchemaProblem } from '../body/request-schemas.ts';
import { authenticateSnapAsymmetric } from '../gate/snap-auth-asymmetric.ts';
import {
  authenticateSnapTransaction,
  snapTokenRoute,
  type SnapTransactionProfile,
} from '../gate/snap-auth.ts';
import { badFieldFormat, missingField, type MockReply } from '../snap-errors.ts';
import { fieldProblemReply } from '../body/fields.ts';
import type { MockRoute, ProviderRoutes, RouteContext } from '../types.ts';
import { bookOf } from './book.ts';
import { scenarioAnswer, withBankMessage } from './bank-answers.ts';
import type { BankBusiness } from './business.ts';
import { customerOf, customerTokenRoute } from './b2b2c.ts';
import type { SnapDialect } from './endpoint.ts';
import {
  blankOptionalRefusal,
  blankRefusal,
  profileHeaderRules,
  withKnobDiagnosis,
  withoutBlanks,
  type HeaderRules,
} from '../gate/header-rules.ts';
import { SERVICE_TABLE } from './service-table.ts';

/** How the bank's transactions are authenticated, from its profile. */
export function transactionProfile(profile: BankProfile, service?: string): SnapTransactionProfile {
  return {
    provider: profile.bank,
    // Every knob is filled in: schemas/bank-profile.schema.json holds the defaults.
    signing: {
      signedPathStripPrefix: profile.signedPathStripPrefix.value,
      signQuery: profile.signQuery.value,
      bodyHash: profile.bodyHash.value,
      signatureEncoding: profile.signatureEncoding.value,
    },
    rules: profileHeaderRules(profile, service),
    signingFrom: 'bank',
  };
}

/** The mock's own VA prefix, for a create-VA request that leaves partnerServiceId out. */
const MOCK_PARTNER_SERVICE_ID = '   77777';

export function bankDialect(profile: BankProfile, service?: string): SnapDialect {
  return {
    profile: transactionProfile(profile, service),
    defaultPartnerServiceId: MOCK_PARTNER_SERVICE_ID,
    vaIds: 'strict',
  };
}

/** The routes of a bank profile: its token endpoints and every service it offers. */
export function bankRoutes(profile: BankProfile): ProviderRoutes {
  const services = Object.keys(profile.services);
  return { provider: profile.bank, routes: services.flatMap((service) => routesOf(profile, service)) };
}

/** The token routes (73, 74) or the business routes of one service, at each path the bank serves it. */
function routesOf(profile: BankProfile, service: string): MockRoute[] {
  const path = servicePath(profile, service);
  if (service === 'access-token/b2b') {
    const tokenType = profile.tokenType?.value;
    return [
      snapTokenRoute({
        provider: profile.bank,
        path,
        ...(tokenType === undefined ? {} : { tokenType }),
        // BRI answers "BearerToken" with expiresIn one second short ("899").
        ...(tokenType === 'BearerToken' ? { expiresInOffsetSeconds: -1 } : {}),
        rules: profileHeaderRules(profile, service),
      }),
    ];
  }
  if (service === 'access-token/b2b2c')
    return [
      customerTokenRoute({ provider: profile.bank, path, rules: profileHeaderRules(profile, service) }),
    ];
  const business = SERVICE_TABLE[service];
  const entry = catalogueEntry(service);
  if (business === undefined || entry === undefined)
    throw new Error(
      `mock bank: bank profile ${profile.bank} offers ${service}, which the mock cannot emulate`,
    );
  const knobs = profile.services[service];
  const versions = knobs?.versions?.value ?? {};
  // Per path where the bank versions the service, else the bank's own (src/banks/mandatory.ts).
  const mandatory = versions[path]?.mandatory ?? bankOwnMandatoryFields(profile, service);
  return [
    serviceRoute(profile, entry, business, path, mandatory),
    ...Object.entries(versions)
      .filter(([other]) => other !== path)
      .map(([other, version]) => serviceRoute(profile, entry, business, other, version.mandatory)),
  ];
}

function serviceRoute(
  profile: BankProfile,
  entry: CatalogueEntry,
  business: BankBusiness,
  path: string,
  mandatory: readonly string[],
): MockRoute {
  const knobs = profile.services[entry.service] ?? {};
  const svc = knobs.serviceCode?.value ?? entry.code;
  const dialect = bankDialect(profile, entry.service);
  const rules = dialect.profile.rules;
  const asymmetric = serviceSignature(profile, entry.service) === 'asymmetric';
  const headers = { ...profile.headers?.value, ...knobs.headers?.value };
  const schema = entry.schemas?.request;
  return {
    method: entry.method === 'GET' ? 'GET' : entry.method,
    path,
    serviceCode: svc,
    handle: (context) => withBankMessage(profile, context.request.body, answer(context)),
  };

  function answer(context: RouteContext): MockReply {
    const options = { serviceCode: svc, profile: dialect.profile };
    const auth = asymmetric
      ? authenticateSnapAsymmetric(context, options)
      : authenticateSnapTransaction(context, options);
    if (!auth.ok) return auth.reply;
    const headerProblem = checkHeaders(context, svc, headers, rules);
    if (headerProblem) return headerProblem;
    const ledger = context.state.ledger(profile.bank, auth.call.partner.clientId);
    const book = bookOf(ledger, context.nowMs);
    const customer = customerOf(context, { book, svc, rules, required: entry.audience === 'B2B2C' });
    if (!customer.ok) return customer.reply;
    // The sandbox's script answers before the body is checked: DANA answers its scripted merchant
    // amount to a request whose partnerReferenceNo is blank (uat-script Widget.json
    // PaymentFailMerchantNotExistOrStatusAbnormal).
    const scripted = scenarioAnswer(profile, entry, context);
    if (scripted) return scripted;
    const body = context.request.body;
    // The bank's own request schema where its overlays derive one (BRI's urlParam is BRI's alone).
    const checked = rules.blankOptional.value === 'absent' ? withoutBlanks(body) : body;
    const problem =
      schema === undefined
        ? undefined
        : requestSchemaProblem(schema, checked, context.settings, profile.bank);
    if (problem !== undefined)
      return withBankMessage(
        profile,
        body,
        blankRefusal(fieldProblemReply(svc, problem), body, problem, rules),
        problem.field,
      );
    const blank = blankOptionalRefusal(svc, body, rules);
    if (blank !== undefined) return blank;
    const absent = mandatory.find((field) => isBlank(valueAt(body, field)));
    if (absent !== undefined) return withBankMessage(profile, body, missingField(svc, absent), absent);
    const reply = business({
      context,
      call: auth.call,
      body,
      ledger,
      svc,
      dialect,
      book,
      bank: profile,
      entry,
      customer: customer.customer,
      externalId: context.request.headers['x-external-id'] ?? '',
    });
    return withBankSuccessCode(reply, knobs.successCodes?.value[0]);
  }
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * The bank's extra headers: missing 400xx02; a CHANNEL-ID other than the one the bank expects
 * 400xx01. Device and location headers vary per caller: only their presence is checked, and only
 * where the bank's `deviceHeaders` knob requires them (or they are sent, for `optional`).
 */
function checkHeaders(
  context: RouteContext,
  svc: string,
  expected: Record<string, string>,
  rules: HeaderRules,
): MockReply | undefined {
  for (const [name, value] of Object.entries(expected)) {
    const given = context.request.headers[name.toLowerCase()];
    const blank = given === undefined || given === '';
    if (name.toUpperCase() === 'CHANNEL-ID') {
      const refusal = { knob: 'channelId', received: given, expected: value, source: rules.channelId.source };
      if (blank && !rules.channelId.value.required) continue;
      if (blank) return withKnobDiagnosis(missingField(svc, name), rules.bank, refusal);
      if (given !== value)
        return withKnobDiagnosis(
          badFieldFormat(svc, `${name} (this bank expects ${value} for this service)`),
          rules.bank,
          refusal,
        );
      continue;
    }
    if (blank && rules.deviceHeaders.value === 'required')
      return withKnobDiagnosis(missingField(svc, name), rules.bank, {
        knob: 'deviceHeaders',
        received: given,
        expected: `${name} on this service (required)`,
        source: rules.deviceHeaders.source,
      });
  }
  return undefined;
}

/** A success answered with the bank's own success code (DANA 2024300 for a transfer in progress). */
function withBankSuccessCode(reply: MockReply, code: string | undefined): MockReply {
  if (code === undefined || reply.status !== 200) return reply;
  return { ...reply, status: Number(code.slice(0, 3)), body: { ...reply.body, responseCode: code } };
}
