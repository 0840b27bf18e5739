/**
 * Findings: what a partner's wrong answer to kontrak-as-the-bank means, in plain words. A partner
 * that accepts what it must refuse (a forged signature, a replayed payment flag, an unknown VA)
 * is not merely off-contract: someone can mark invoices paid. Each finding is a failed check of
 * its own, and reports list findings before everything else.
 */
import type { CheckResult, ExchangeResult, RetriedAttempt } from '../model/results.ts';
import type { NegativeKind, RequestSpec } from '../model/types.ts';
import { expectedServiceCode, serviceCodeOf } from '../model/service-codes.ts';

/** What a callback is, and what a forger gains when it is accepted, by SNAP service code. */
const CALLBACKS: Record<string, { what: string; stake: string }> = {
  '24': { what: 'VA bill inquiry', stake: "read your customers' bills" },
  '25': { what: 'VA payment flag', stake: 'mark invoices paid' },
  '52': { what: 'QRIS payment notification', stake: 'mark invoices paid' },
  '56': { what: 'payment notification', stake: 'mark invoices paid' },
  '73': { what: 'access-token request', stake: 'get a token and then mark invoices paid' },
};

function callback(path: string): { what: string; stake: string } {
  return CALLBACKS[serviceCodeOf(path) ?? ''] ?? { what: 'request', stake: 'act as the bank' };
}

/** The finding of an accepted negative, by what the negative broke. */
const ACCEPTED: Record<NegativeKind, (spec: RequestSpec) => string> = {
  signature: (s) =>
    `your endpoint accepted ${article(callback(s.path).what)} whose X-SIGNATURE was wrong: anyone who can reach it can ${callback(s.path).stake}`,
  timestamp: (s) =>
    `your endpoint accepted ${article(callback(s.path).what)} whose X-TIMESTAMP was years old: a captured request can be sent again at any time and is believed`,
  token: (s) =>
    `your endpoint accepted ${article(callback(s.path).what)} carrying an access token it never issued: its token check protects nothing`,
  'external-id-reuse': (s) =>
    `your endpoint accepted ${article(callback(s.path).what)} whose X-EXTERNAL-ID it had already seen today: a replayed request is processed again`,
  'mandatory-field': (s) =>
    `your endpoint accepted ${article(callback(s.path).what)} without its mandatory ${s.negative?.field ?? 'field'}: it acts on incomplete data`,
  'malformed-json': (s) =>
    `your endpoint answered success to ${article(callback(s.path).what)} whose body is not JSON: it does not read what it acknowledges`,
  replay: (s) =>
    `your endpoint answered the same ${callback(s.path).what} twice (same X-EXTERNAL-ID, same body) as a new success instead of ${s.expect.responseCode ?? 'refusing it'}: it books one payment twice`,
  'missing-token': (s) =>
    `your endpoint accepted ${article(callback(s.path).what)} with no Authorization header at all: it checks no token`,
  'field-format': (s) =>
    `your endpoint accepted ${article(callback(s.path).what)} whose ${s.negative?.field ?? 'field'} was in the wrong format: it acts on data it cannot have understood`,
  'duplicate-reference': (s) =>
    `your endpoint accepted ${article(callback(s.path).what)} whose ${s.negative?.field ?? 'reference'} it had already processed: one payment is booked twice`,
  'inconsistent-request': (s) =>
    `your endpoint accepted ${article(callback(s.path).what)} reusing ${s.negative?.field ?? 'a reference'} with another amount: it cannot tell which one it booked`,
};

/** A tamper written straight in YAML, named like the negative it stands for. */
const TAMPER_KIND = { signature: 'signature', token: 'token', 'no-token': 'missing-token' } as const;

const accepted = (status: number): boolean => status >= 200 && status < 300;

/** The SNAP responseCode of a response body, when it is JSON and has one. */
function responseCodeIn(body: string | undefined): string | undefined {
  try {
    const code = (JSON.parse(body ?? '') as { responseCode?: unknown }).responseCode;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/** "a" or "an", for the callback names above. */
const article = (word: string): string => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

/** The findings of one answer of a partner to an inbound request, as failed checks. */
export function partnerFindings(
  spec: RequestSpec,
  status: number | undefined,
  responseCode: string | undefined,
  checks: CheckResult[],
): CheckResult[] {
  const findings: string[] = [];
  if (status !== undefined && accepted(status) && !accepted(spec.expect.status)) {
    const kind = spec.negative?.kind ?? (spec.tamper ? TAMPER_KIND[spec.tamper] : undefined);
    const text = spec.finding ?? (kind ? ACCEPTED[kind](spec) : undefined);
    findings.push(
      text ??
        `your endpoint accepted ${article(callback(spec.path).what)} it must refuse with ${spec.expect.responseCode ?? `HTTP ${spec.expect.status}`}`,
    );
  }
  // Real-payload mode: the bank's own payload, answered otherwise than its clean twin.
  if (spec.quirk && status !== undefined && status !== spec.expect.status) {
    const { bank, what, source } = spec.quirk;
    const called = CALLBACKS[expectedServiceCode(spec) ?? ''] ?? callback(spec.path);
    findings.push(
      `your endpoint answered HTTP ${status} to ${article(called.what)} that carried ${what}, as ${bank} sends it, where the same call without it gets ${spec.expect.responseCode ?? `HTTP ${spec.expect.status}`}: your parser refuses what ${bank} really sends, so these calls fail in production (${source})`,
    );
  }
  const wrongService = checks.some((c) => c.name === 'snap:service-code' && !c.passed);
  if (wrongService && responseCode) {
    findings.push(
      `your endpoint's responseCodes on ${spec.path} carry service code ${responseCode.slice(3, 5)}, but that endpoint is service ${serviceCodeOf(spec.path) ?? '?'}: the bank matches answers by that code and does not take them as answers to its ${callback(spec.path).what}`,
    );
  }
  return findings.map((message) => ({ name: 'finding', passed: false, message }));
}

/**
 * The bank's retry of a delivery (same X-EXTERNAL-ID, same body, on its schedule) refused as if it
 * were a new request: the partner may have booked the first attempt before it failed, and the bank
 * now counts the payment as failed.
 */
function retriedRefusal(
  spec: RequestSpec,
  status: number | undefined,
  responseCode: string | undefined,
  retried: readonly RetriedAttempt[],
): string | undefined {
  const schedule = spec.retry?.schedule;
  const first = retried[0];
  if (!schedule || !first || status === undefined || status < 400 || status >= 500) return undefined;
  const bank = schedule.bank.toUpperCase();
  const before = first.status === undefined ? 'no answer in time' : `HTTP ${first.status}`;
  return `your endpoint refused ${bank}'s retry of ${article(callback(spec.path).what)} it had answered with ${before} (the same X-EXTERNAL-ID and body, sent again as ${bank} does) with ${responseCode ?? `HTTP ${status}`}: it takes the retry for a new request, so a payment it may already have booked is reported to ${bank} as failed`;
}

/** An inbound exchange with its findings first among its checks. */
export function withFindings(result: ExchangeResult, spec: RequestSpec): ExchangeResult {
  const status = result.response?.status;
  const responseCode = responseCodeIn(result.response?.body);
  const refusedRetry = retriedRefusal(spec, status, responseCode, result.attempts ?? []);
  const found = [
    ...(refusedRetry ? [{ name: 'finding', passed: false, message: refusedRetry }] : []),
    ...partnerFindings(spec, status, responseCode, result.checks),
  ];
  if (found.length === 0) return result;
  return {
    ...result,
    checks: [...found, ...result.checks],
    passed: false,
    failureClass: result.failureClass ?? 'contract',
  };
}

/** A finding and every request that showed it. */
export interface Finding {
  message: string;
  /** `suite › request`, in run order. */
  where: string[];
}

/** Every distinct finding of a run, in the order first seen, with where each was seen. */
export function findingsOf(suites: ReadonlyArray<{ name: string; exchanges: ExchangeResult[] }>): Finding[] {
  const found = new Map<string, string[]>();
  for (const suite of suites)
    for (const exchange of suite.exchanges)
      for (const check of exchange.checks)
        if (check.name === 'finding' && !check.passed) {
          const where = found.get(check.message) ?? [];
          where.push(`${suite.name} › ${exchange.name}`);
          found.set(check.message, where);
        }
  return [...found].map(([message, where]) => ({ message, where }));
}
