/**
 * Real-payload mode: the inbound suites also send each callback the way the bank really sends it,
 * quirks included, one quirk per extra request, so that a partner whose parser chokes on one is
 * told which. Each quirk says which bank sends it, on which callbacks, and where that is seen.
 *
 * A quirk variant is derived only from a request that can be sent twice without booking anything
 * twice: a bill inquiry (24) or a notification (52, 56) answered with success (the reference
 * partner acts on a notification once), and a payment flag (25) the partner must refuse for its
 * business (the wrong amount, 404xx13). It expects what its original expects: a partner that
 * answers otherwise could not take the bank's payload, which is a finding (src/check/findings.ts).
 */
import type { RequestSpec, Suite } from './types.ts';

type Json = Record<string, unknown>;

export interface PayloadQuirk {
  id: string;
  /** The bank that sends it: the prefix of the inbound services it sends (bca/…, bri/…). */
  bank: 'bca' | 'bri';
  /** The catalogue services of the callbacks that carry it. */
  services: readonly string[];
  /** What the bank sends, in plain words. */
  what: string;
  source: string;
  /** The body as the bank sends it, or undefined when this body has nothing the quirk changes. */
  apply: (body: Json) => Json | undefined;
}

const BCA_DOC = 'https://github.com/mseptiaan/snap-aspi-go/blob/b7e2c8111f58/bca/bca.md';
const BRI_SDK =
  'https://github.com/bri-oss/bridex-api-php-sdk/blob/fdda81824e4e/src/QrisMPMDynamicNotification/NotifyPayment.php';

/** Fields set only where the body does not have them: the quirk adds, never replaces. */
function withAbsent(body: Json, fields: Json): Json | undefined {
  const added = Object.entries(fields).filter(([name]) => !(name in body));
  return added.length ? { ...body, ...Object.fromEntries(added) } : undefined;
}

/** An amount object with its value written with one decimal ("200000.2"), if it has two ending in 0. */
function oneDecimal(amount: unknown): Json | undefined {
  const a = amount as Json | undefined;
  const value = a && typeof a.value === 'string' ? /^(\d+\.\d)0$/.exec(a.value) : null;
  return a && value ? { ...a, value: value[1] } : undefined;
}

export const QUIRKS: readonly PayloadQuirk[] = [
  {
    id: 'null-optional',
    bank: 'bca',
    services: ['transfer-va/inquiry'],
    what: 'null and empty strings in optional fields (amount: null, hashedSourceAccountNo: "", passApp: "")',
    source: `${BCA_DOC} §SNAP Virtual Account Inquiry/Payment: optional fields BCA sends empty or null, e.g. "cumulativePaymentAmount": null, "paidBills": "", "hashedSourceAccountNo": ""`,
    apply: (body) => withAbsent(body, { amount: null, hashedSourceAccountNo: '', passApp: '' }),
  },
  {
    id: 'null-optional',
    bank: 'bca',
    services: ['transfer-va/payment'],
    what: 'null and empty strings in optional fields (cumulativePaymentAmount: null, paidBills: "", hashedSourceAccountNo: "")',
    source: `${BCA_DOC} §SNAP Virtual Account Payment, multi-settlement sample: "cumulativePaymentAmount": null, "paidBills": "", "hashedSourceAccountNo": ""`,
    apply: (body) =>
      withAbsent(body, { cumulativePaymentAmount: null, paidBills: '', hashedSourceAccountNo: '' }),
  },
  {
    id: 'numeric-channel-code',
    bank: 'bca',
    services: ['transfer-va/inquiry', 'transfer-va/payment'],
    what: 'channelCode as a JSON number (6011), not a string',
    source: `${BCA_DOC} §SNAP Virtual Account Inquiry: channelCode Numeric (4), sample "channelCode": 6011`,
    apply: (body) => (typeof body.channelCode === 'number' ? undefined : { ...body, channelCode: 6011 }),
  },
  {
    id: 'one-decimal-amount',
    bank: 'bri',
    services: ['qr/qr-mpm-notify'],
    what: 'amount.value with one decimal ("200000.2" for 200000.20)',
    source:
      "reported from BRI's production notifications; BRI's SDK samples show two decimals, so BRI's own documents do not say it",
    apply: (body) => {
      const amount = oneDecimal(body.amount);
      return amount ? { ...body, amount } : undefined;
    },
  },
  {
    id: 'bri-spellings',
    bank: 'bri',
    services: ['qr/qr-mpm-notify'],
    what: "BRI's own fields spelled as BRI spells them (sessionID, externalStoreID, bankCode, accountType)",
    source: `${BRI_SDK}: the QRIS MPM notification body has "sessionID", "externalStoreID", "bankCode", "accountType", "destinationAccountName"`,
    apply: (body) =>
      withAbsent(body, {
        sessionID: '0UYEB77329002HY',
        bankCode: '002',
        externalStoreID: '124928924949487',
        accountType: 'tabungan',
        destinationAccountName: 'PELANGGAN KONTRAK',
      }),
  },
];

/** The bank prefix and catalogue service of an inbound request's service (bca/transfer-va/inquiry). */
function bankService(request: RequestSpec): { bank: string; service: string } | undefined {
  const match = /^([a-z]+)\/(.+)$/.exec(request.service ?? '');
  return match?.[1] && match[2] ? { bank: match[1], service: match[2] } : undefined;
}

/** Whether sending `request` again with a quirk books nothing twice (see the file comment). */
function repeatable(request: RequestSpec, service: string): boolean {
  if (request.negative || request.tamper || request.body === undefined || request.rawBody !== undefined)
    return false;
  const ok = request.expect.status >= 200 && request.expect.status < 300;
  if (service === 'transfer-va/payment') return request.expect.status === 404;
  return ok && ['transfer-va/inquiry', 'qr/qr-mpm-notify', 'debit/notify'].includes(service);
}

/** The name of a request's quirk variant: the one home of its form, which the importer reads back. */
export function quirkVariantName(name: string, quirk: Pick<PayloadQuirk, 'bank' | 'what'>): string {
  return `${name}, as ${quirk.bank.toUpperCase()} sends it: ${quirk.what}`;
}

/** The original request's name, when `name` is a known quirk variant's name. */
export function quirkVariantOf(name: string): string | undefined {
  for (const quirk of QUIRKS) {
    const suffix = quirkVariantName('', quirk);
    if (name.endsWith(suffix) && name.length > suffix.length) return name.slice(0, -suffix.length);
  }
  return undefined;
}

const slug = (text: string): string => text.replace(/[^a-z0-9]+/gi, '-').toLowerCase();

/** The request once more for each quirk its bank sends on it, right after it. */
function withQuirks(request: RequestSpec): RequestSpec[] {
  const named = bankService(request);
  if (!named || !repeatable(request, named.service)) return [request];
  const variants = QUIRKS.filter((q) => q.bank === named.bank && q.services.includes(named.service)).flatMap(
    (quirk): RequestSpec[] => {
      const body = quirk.apply(request.body as Json);
      if (!body) return [];
      const { recordExternalId: _id, recordReference: _ref, ...rest } = request;
      return [
        {
          ...rest,
          id: `${request.id}~${slug(quirk.id)}`,
          name: quirkVariantName(request.name, quirk),
          body,
          capture: {},
          quirk: { bank: quirk.bank.toUpperCase(), what: quirk.what, source: quirk.source },
        },
      ];
    },
  );
  return [request, ...variants];
}

/** Real-payload mode: each inbound suite with the quirk variants of its callbacks. */
export function withRealPayloads(
  suites: readonly Suite[],
  isInbound: (provider: string) => boolean,
): Suite[] {
  return suites.map((suite) =>
    isInbound(suite.provider) ? { ...suite, requests: suite.requests.flatMap(withQuirks) } : suite,
  );
}

/** Clean mode: the suites without the quirk variants. */
export function withoutQuirks(suites: readonly Suite[]): Suite[] {
  return suites.map((suite) =>
    suite.requests.some((r) => r.quirk)
      ? { ...suite, requests: suite.requests.filter((r) => !r.quirk) }
      : suite,
  );
}
