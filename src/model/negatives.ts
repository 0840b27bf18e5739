import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import { catalogueEntry, catalogueEntryByCode } from '../catalogue/catalogue.ts';
import { catalogueCodeOf, expectedServiceCode } from './service-codes.ts';
import { negativeScenario, requestScenario } from './scenarios.ts';
import {
  badFormatValue,
  changedAmount,
  firstPresent,
  hasField,
  withField,
  withoutField,
} from './body-edit.ts';
import type { NegativeSpec, Provider, RequestSpec, Suite, TimestampFormat } from './types.ts';

/** Variable the signer's recorded external id is kept in, for external-id-reuse variants. */
export const EXTERNAL_ID_VARIABLE = 'kontrak_last_external_id';
/** Variable a request's reference (partnerReferenceNo…) is recorded in, for duplicate/inconsistent variants. */
export const REFERENCE_VARIABLE = 'kontrak_last_reference';

/**
 * A timestamp far outside any skew window, written the way the provider writes timestamps. The
 * n-th stale variant of the project is n seconds later, so no two rows of evidence share one: a
 * bank's sheet gathers the suites of a provider, and BRI rejects a sheet with a repeated one.
 */
function staleTimestamp(format: TimestampFormat, n: number): string {
  const at = new Date(Date.UTC(2019, 11, 31, 17, 0, 0) + n * 1000).toISOString();
  if (format === 'utc-millis') return at;
  const jakarta = new Date(Date.parse(at) + 7 * 3600_000).toISOString().slice(0, 19);
  return format === 'snap-millis' ? `${jakarta}.000+07:00` : `${jakarta}+07:00`;
}

/** The reference a repeated transaction reuses, by service code; else partnerReferenceNo. */
const REFERENCE_FIELDS: Record<string, string> = { '25': 'paymentRequestId', '27': 'trxId' };
/** Where a wrong format is tried first: amounts, then timestamps, then numeric ids. */
const FORMAT_FIELDS = [
  'amount.value',
  'totalAmount.value',
  'paidAmount.value',
  'transactionDate',
  'expiredDate',
  'customerNo',
  'accountNo',
  'beneficiaryAccountNo',
  'sourceAccountNo',
];
const AMOUNT_FIELDS = ['amount.value', 'paidAmount.value', 'totalAmount.value'];

/**
 * The fields a bare `mandatory-field` may drop: the service's mandatory fields at the request's
 * bank (`request.mandatory`: ASPI's, less what the bank does not require, then the bank's own;
 * src/banks/mandatory.ts), else ASPI's (the catalogue's aspiMandatory,
 * https://apidevportal.aspi-indonesia.or.id); then those the provider file adds.
 */
function mandatoryFields(request: RequestSpec, provider: Provider): string[] {
  const code = catalogueCodeOf(request);
  const entry =
    (request.service === undefined ? undefined : catalogueEntry(request.service)) ??
    (code === undefined ? undefined : catalogueEntryByCode(code));
  const atBank = request.mandatory?.flatMap((m) => m.fields) ?? entry?.aspiMandatory ?? [];
  const extra = entry ? (provider.services[entry.service]?.mandatory ?? []) : [];
  return [...new Set([...atBank, ...extra])];
}

type Expected = Pick<RequestSpec['expect'], 'status' | 'responseCode'>;

interface VariantPlan {
  change: Partial<RequestSpec>;
  expect: Expected;
  /** The negative as resolved (a bare mandatory-field gets its field). */
  resolved?: NegativeSpec;
  /** The original must record this body field as sent. */
  reference?: string;
}

/** What a planner knows about the request it derives from. */
interface PlanContext {
  request: RequestSpec;
  provider: Provider;
  negative: NegativeSpec;
  staleIndex: number;
  bri: boolean;
  /** SNAP service code ("" for BRI API v2). */
  service: string;
  /** Signed by snap-token or snap-asymmetric: no access token. */
  tokenless: boolean;
  snap: (status: number, kase: string) => Expected;
}

type Planner = (c: PlanContext) => VariantPlan | string;

/** A signature that does not match: SNAP 401xx00, BRI API v2 0602. */
const tamperSignature: Planner = ({ bri, snap }) => ({
  change: { tamper: 'signature' },
  expect: bri ? { status: 401, responseCode: '0602' } : snap(401, '00'),
});

const tamperToken: Planner = ({ bri, snap, tokenless, request }) =>
  tokenless
    ? `a ${request.sign} request carries no access token`
    : { change: { tamper: 'token' }, expect: bri ? { status: 401, responseCode: '0601' } : snap(401, '01') };

const staleTimestampPlan: Planner = ({ bri, snap, request, provider, staleIndex }) =>
  bri
    ? 'BRI API v2 documents no timestamp error code'
    : {
        change: {
          headers: {
            ...request.headers,
            'X-TIMESTAMP': staleTimestamp(provider.signing.timestampFormat, staleIndex),
          },
        },
        expect: snap(401, '00'),
      };

const reuseExternalId: Planner = ({ bri, snap, request, provider }) =>
  bri || request.sign === 'snap-token' || request.sign === 'bri-notify'
    ? `${request.sign} requests carry no X-EXTERNAL-ID to reuse`
    : {
        change: {
          headers: { ...request.headers, [provider.signing.externalIdHeader]: `{{${EXTERNAL_ID_VARIABLE}}}` },
        },
        expect: snap(409, '00'),
      };

const dropMandatoryField: Planner = ({ bri, snap, request, negative, service, provider }) => {
  if (bri) return 'BRI API v2 documents no mandatory-field error code';
  const field = negative.field ?? mandatoryFields(request, provider).find((f) => hasField(request.body, f));
  if (!field)
    return `name the field to drop: {mandatory-field: <field>} (no known mandatory field of service ${service} is in the body)`;
  if (!hasField(request.body, field)) return `the body has no field "${field}" to drop`;
  return {
    change: { body: withoutField(request.body, field) },
    expect: snap(400, '02'),
    resolved: { ...negative, field },
  };
};

const leaveOutToken: Planner = ({ bri, snap, tokenless, request }) =>
  tokenless || bri
    ? `a ${request.sign} request carries no SNAP access token to leave out`
    : { change: { tamper: 'no-token' }, expect: snap(401, '03') };

const breakFieldFormat: Planner = ({ bri, snap, request, negative }) => {
  if (bri) return 'BRI API v2 documents no field-format error code';
  const field = negative.field ?? firstPresent(request.body, FORMAT_FIELDS);
  if (!field)
    return `name the field to send in a wrong format: {field-format: <field>} (none of ${FORMAT_FIELDS.join(', ')} is in the body)`;
  if (!hasField(request.body, field)) return `the body has no field "${field}"`;
  const bad = badFormatValue(field, request.body);
  if (bad === undefined) return `kontrak knows no wrong format for the value of "${field}"`;
  return {
    change: { body: withField(request.body, field, bad) },
    expect: snap(400, '01'),
    resolved: { ...negative, field },
  };
};

/** The same reference again (new external id): as it was (409xx01), or with another amount (404xx18). */
const repeatReference: Planner = ({ bri, snap, request, negative, service }) => {
  if (bri || request.sign !== 'snap-transaction')
    return 'only SNAP transactions (snap-transaction) carry a reference to repeat';
  const field = negative.field ?? REFERENCE_FIELDS[service] ?? 'partnerReferenceNo';
  if (!hasField(request.body, field)) return `the body has no reference field "${field}" to repeat`;
  const body = withField(request.body, field, `{{${REFERENCE_VARIABLE}}}`);
  const resolved = { ...negative, field };
  if (negative.kind === 'duplicate-reference')
    return { change: { body }, expect: snap(409, '01'), resolved, reference: field };
  const amount = firstPresent(request.body, AMOUNT_FIELDS);
  if (!amount) return `the body has none of ${AMOUNT_FIELDS.join(', ')} to change`;
  return {
    change: { body: withField(body, amount, changedAmount(request.body, amount)) },
    expect: snap(404, '18'),
    resolved,
    reference: field,
  };
};

const breakJson: Planner = ({ bri, snap, request }) => {
  if (bri) return 'BRI API v2 documents no malformed-body error code';
  if (request.body === undefined) return 'the request has no JSON body to break';
  // Correctly signed over the broken bytes, so only the JSON is wrong.
  return { change: { rawBody: JSON.stringify(request.body).slice(0, -1) }, expect: snap(400, '00') };
};

/** The same request again, same X-EXTERNAL-ID and body: booked once, answered as the profile says. */
const replay: Planner = ({ bri, snap, request, provider }) =>
  bri || request.sign === 'snap-token' || request.sign === 'bri-notify'
    ? `${request.sign} requests carry no X-EXTERNAL-ID to replay with`
    : {
        change: {
          headers: { ...request.headers, [provider.signing.externalIdHeader]: `{{${EXTERNAL_ID_VARIABLE}}}` },
        },
        expect: provider.replayAnswer === 'inconsistent-request' ? snap(404, '18') : request.expect,
      };

const PLANNERS: Readonly<Record<NegativeSpec['kind'], Planner>> = {
  'malformed-json': breakJson,
  replay,
  signature: tamperSignature,
  token: tamperToken,
  'missing-token': leaveOutToken,
  timestamp: staleTimestampPlan,
  'external-id-reuse': reuseExternalId,
  'mandatory-field': dropMandatoryField,
  'field-format': breakFieldFormat,
  'duplicate-reference': repeatReference,
  'inconsistent-request': repeatReference,
};

/** What a variant changes and what the bank must answer, or why it cannot be derived. */
function plan(
  request: RequestSpec,
  provider: Provider,
  negative: NegativeSpec,
  staleIndex: number,
): VariantPlan | string {
  const bri = request.sign === 'bri-v2';
  if (request.sign === 'none') return 'only signed requests have negative variants';
  const service = expectedServiceCode(request) ?? '';
  if (!bri && !service) return `no SNAP service code is known for ${request.path}`;
  return PLANNERS[negative.kind]({
    request,
    provider,
    negative,
    staleIndex,
    bri,
    service,
    tokenless: request.sign === 'snap-token' || request.sign === 'snap-asymmetric',
    snap: (status, kase) => ({ status, responseCode: `${status}${service}${kase}` }),
  });
}

function label(negative: Pick<NegativeSpec, 'kind' | 'field'>): string {
  return negative.field ? `${negative.kind} ${negative.field}` : negative.kind;
}

/** How many stale-timestamp variants a suite asks for: the next suite's start. */
export function staleVariantsOf(suite: Suite): number {
  return suite.requests.flatMap((r) => r.negatives ?? []).filter((n) => n.kind === 'timestamp').length;
}

/**
 * Expand `negatives:` into variant requests placed right after their original. `staleStart`: how
 * many stale timestamps the suites before this one used (each variant gets its own second).
 */
export function expandNegatives(suite: Suite, provider: Provider, staleStart = 0): Outcome<Suite> {
  const diagnostics: Diagnostic[] = [];
  const requests: RequestSpec[] = [];
  let stale = staleStart;
  for (const request of suite.requests) {
    const { negatives = [], ...original } = request;
    // A variant expects a rejection: it is not retried (retry stays with the original).
    const variantBase = { ...original };
    delete variantBase.retry;
    const variants: RequestSpec[] = [];
    let reference: string | undefined;
    for (const negative of negatives) {
      const planned = plan(original, provider, negative, negative.kind === 'timestamp' ? stale++ : 0);
      if (typeof planned === 'string') {
        diagnostics.push(
          error(
            'E_NEGATIVE',
            `cannot derive the "${label(negative)}" negative of "${request.name}": ${planned}`,
            { ...request.source },
          ),
        );
        continue;
      }
      const resolved = planned.resolved ?? negative;
      reference ??= planned.reference;
      variants.push({
        ...variantBase,
        ...planned.change,
        id: `${original.id}~${label(resolved).replace(/\s+/g, '-')}`,
        name: `${original.name} [negative: ${label(resolved)}]`,
        negative: resolved,
        scenario: negativeScenario(suite, resolved),
        capture: {},
        expect: {
          ...planned.expect,
          ...(planned.expect === original.expect ? {} : bodySchema(original, planned.expect.responseCode)),
        },
      });
    }
    const reuse = negatives.some((n) => n.kind === 'external-id-reuse' || n.kind === 'replay');
    requests.push(
      {
        ...original,
        scenario: requestScenario(original),
        ...(reuse ? { recordExternalId: true } : {}),
        ...(reference ? { recordReference: reference } : {}),
      },
      ...variants,
    );
  }
  return { value: { ...suite, requests }, diagnostics };
}

/** Negative answers are error envelopes: SNAP's, or BRI's status envelope. */
function bodySchema(request: RequestSpec, code: string | undefined): { schema?: string } {
  if (!code) return {};
  return { schema: request.sign === 'bri-v2' ? 'bri/status-envelope.json' : 'snap/error.response.json' };
}
