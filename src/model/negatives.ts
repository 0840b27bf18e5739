import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import { serviceCodeOf } from '../check/snap-service-codes.ts';
import type { NegativeSpec, Provider, RequestSpec, Suite, TimestampFormat } from './types.ts';

/** Variable the signer's recorded external id is kept in, for external-id-reuse variants. */
export const EXTERNAL_ID_VARIABLE = 'kontrak_last_external_id';

/** A timestamp far outside any skew window, written the way the provider writes timestamps. */
const STALE_TIMESTAMPS: Record<TimestampFormat, string> = {
  snap: '2020-01-01T00:00:00+07:00',
  'snap-millis': '2020-01-01T00:00:00.000+07:00',
  'utc-millis': '2019-12-31T17:00:00.000Z',
};

/** Mandatory fields by SNAP service code (protocols.md §1.8), for a bare `mandatory-field`. */
const MANDATORY_FIELDS: Record<string, string[]> = {
  '15': ['beneficiaryAccountNo'],
  '17': ['partnerReferenceNo', 'amount', 'beneficiaryAccountNo', 'sourceAccountNo', 'transactionDate'],
  '24': ['partnerServiceId', 'customerNo', 'virtualAccountNo', 'inquiryRequestId'],
  '25': ['partnerServiceId', 'customerNo', 'virtualAccountNo', 'paymentRequestId', 'paidAmount'],
  '26': ['partnerServiceId', 'customerNo', 'virtualAccountNo'],
  '27': ['virtualAccountName', 'trxId'],
  '30': ['partnerServiceId', 'customerNo', 'virtualAccountNo'],
  '31': ['partnerServiceId', 'customerNo', 'virtualAccountNo'],
  '73': ['grantType'],
};

type Expected = Pick<RequestSpec['expect'], 'status' | 'responseCode'>;

function withoutField(body: unknown, path: string): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const keys = path.split('.');
  let node: Record<string, unknown> | undefined = copy;
  for (const key of keys.slice(0, -1)) node = node?.[key] as Record<string, unknown> | undefined;
  const last = keys[keys.length - 1] ?? '';
  if (node && typeof node === 'object') Reflect.deleteProperty(node, last);
  return copy;
}

function hasField(body: unknown, path: string): boolean {
  let node = body;
  for (const key of path.split('.')) {
    if (!node || typeof node !== 'object' || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

interface VariantPlan {
  change: Partial<RequestSpec>;
  expect: Expected;
  /** The negative as resolved (a bare mandatory-field gets its field). */
  resolved?: NegativeSpec;
}

/** What a variant changes and what the bank must answer, or why it cannot be derived. */
function plan(request: RequestSpec, provider: Provider, negative: NegativeSpec): VariantPlan | string {
  const bri = request.sign === 'bri-v2';
  if (request.sign === 'none') return 'only signed requests have negative variants';
  const service = serviceCodeOf(request.path);
  if (!bri && !service) return `no SNAP service code is known for ${request.path}`;
  const snap = (status: number, kase: string): Expected => ({
    status,
    responseCode: `${status}${service}${kase}`,
  });
  const tokenless = request.sign === 'snap-token' || request.sign === 'snap-asymmetric';
  switch (negative.kind) {
    case 'signature':
      return {
        change: { tamper: 'signature' },
        expect: bri ? { status: 401, responseCode: '0602' } : snap(401, '00'),
      };
    case 'token':
      if (tokenless) return `a ${request.sign} request carries no access token`;
      return {
        change: { tamper: 'token' },
        expect: bri ? { status: 401, responseCode: '0601' } : snap(401, '01'),
      };
    case 'timestamp': {
      if (bri) return 'BRI API v2 documents no timestamp error code';
      const header = 'X-TIMESTAMP';
      return {
        change: {
          headers: { ...request.headers, [header]: STALE_TIMESTAMPS[provider.signing.timestampFormat] },
        },
        expect: snap(401, '00'),
      };
    }
    case 'external-id-reuse': {
      if (bri || request.sign === 'snap-token')
        return `${request.sign} requests carry no X-EXTERNAL-ID to reuse`;
      const header = provider.signing.externalIdHeader;
      return {
        change: { headers: { ...request.headers, [header]: `{{${EXTERNAL_ID_VARIABLE}}}` } },
        expect: snap(409, '00'),
      };
    }
    case 'mandatory-field':
      return bri
        ? 'BRI API v2 documents no mandatory-field error code'
        : mandatoryFieldPlan(request, service ?? '', negative, snap(400, '02'));
  }
}

function mandatoryFieldPlan(
  request: RequestSpec,
  service: string,
  negative: NegativeSpec,
  expect: Expected,
): VariantPlan | string {
  const field = negative.field ?? (MANDATORY_FIELDS[service] ?? []).find((f) => hasField(request.body, f));
  if (!field)
    return `name the field to drop: {mandatory-field: <field>} (no known mandatory field of service ${service} is in the body)`;
  if (!hasField(request.body, field)) return `the body has no field "${field}" to drop`;
  return {
    change: { body: withoutField(request.body, field) },
    expect,
    resolved: { kind: 'mandatory-field', field },
  };
}

function label(negative: NegativeSpec): string {
  return negative.field ? `${negative.kind} ${negative.field}` : negative.kind;
}

/** Expand `negatives:` into variant requests placed right after their original. */
export function expandNegatives(suite: Suite, provider: Provider): Outcome<Suite> {
  const diagnostics: Diagnostic[] = [];
  const requests: RequestSpec[] = [];
  for (const request of suite.requests) {
    const { negatives = [], ...original } = request;
    // A variant expects a rejection: it is not retried (retry stays with the original).
    const { retry: _retry, ...variantBase } = original;
    const variants: RequestSpec[] = [];
    for (const negative of negatives) {
      const planned = plan(original, provider, negative);
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
      variants.push({
        ...variantBase,
        ...planned.change,
        id: `${original.id}~${label(resolved).replace(/\s+/g, '-')}`,
        name: `${original.name} [negative: ${label(resolved)}]`,
        negative: resolved,
        capture: {},
        expect: { ...planned.expect, ...bodySchema(original, planned.expect.responseCode) },
      });
    }
    const reuse = negatives.some((n) => n.kind === 'external-id-reuse');
    requests.push(reuse ? { ...original, recordExternalId: true } : original, ...variants);
  }
  return { value: { ...suite, requests }, diagnostics };
}

/** Negative answers are error envelopes: SNAP's, or BRI's status envelope. */
function bodySchema(request: RequestSpec, code: string | undefined): { schema?: string } {
  if (!code) return {};
  return { schema: request.sign === 'bri-v2' ? 'bri/status-envelope.json' : 'snap/error.response.json' };
}
