/**
 * Retries as the bank retries: a notification the partner answers with a 5xx is sent again on the
 * bank's schedule (banks/*.yaml callsPartner.notifyRetry), with the same X-EXTERNAL-ID and body.
 * DANA's UAT scenario "finish notify - internal server error": the partner answers 500, DANA calls
 * again, and the partner must then accept it and act on it once.
 */
import { describe, expect, it } from 'vitest';
import { notifyRetrySchedule } from '../../src/banks/notify-retry.ts';
import { findingsOf } from '../../src/check/findings.ts';
import { RETRY_SCALE, withRetryScale } from '../../src/cli/retry-scale.ts';
import { bankProfiles } from '../../src/load/bank-profiles.ts';
import { Ledger, type Bill, type Notification } from '../../src/partner/ledger.ts';
import { startPartner, type PartnerCall } from '../../src/partner/server.ts';
import { bankCredentials, defined, project, runAgainst } from './bank.ts';

/** A ledger that counts what the partner acted on, per transaction. */
class CountingLedger extends Ledger {
  readonly acted = new Map<string, number>();
  override notify(notification: Notification): boolean {
    const first = super.notify(notification);
    if (first)
      this.acted.set(
        notification.originalReferenceNo,
        (this.acted.get(notification.originalReferenceNo) ?? 0) + 1,
      );
    return first;
  }
}

/** A ledger that counts the payments it booked, per bill. */
class BookingLedger extends Ledger {
  readonly booked = new Map<string, number>();
  override pay(bill: Bill, paymentRequestId: string, externalId: string, nowMs: number): boolean {
    const first = super.pay(bill, paymentRequestId, externalId, nowMs);
    if (first) this.booked.set(bill.virtualAccountNo, (this.booked.get(bill.virtualAccountNo) ?? 0) + 1);
    return first;
  }
}

/** A partner's books that see any X-EXTERNAL-ID again as another request's: a bank's retry is a conflict to it. */
class RetryBlindLedger extends Ledger {
  override seeExternalId(day: string, externalId: string, subject: string): string | undefined {
    const earlier = super.seeExternalId(day, externalId, subject);
    return earlier === undefined ? undefined : `another request than ${subject}`;
  }
}

const danaSuite = () => project.suites.filter((s) => s.name === 'partner-debit-notify');
const referenceOf = (call: PartnerCall): string => {
  try {
    const body = JSON.parse(call.rawBody) as { originalReferenceNo?: unknown };
    return typeof body.originalReferenceNo === 'string' ? body.originalReferenceNo : '';
  } catch {
    return '';
  }
};

/** The partner's answers turned into a 500 for the first `failures` deliveries of each transaction. */
function failingFirst(failures: number) {
  const seen = new Map<string, number>();
  return (call: PartnerCall, body: Record<string, unknown>, status: number) => {
    const reference = referenceOf(call);
    if (!call.url.endsWith('/debit/notify') || status !== 200 || !reference) return { status, body };
    const n = (seen.get(reference) ?? 0) + 1;
    seen.set(reference, n);
    if (n > failures) return { status, body };
    return { status: 500, body: { responseCode: '5005600', responseMessage: 'Internal Server Error' } };
  };
}

describe("the banks' notification retry schedules", () => {
  it('DOKU waits 30 min, then 5 h 30 min, then 11 h 30 min, as it documents; DANA and BCA publish none', () => {
    const banks = bankProfiles();
    const doku = defined(notifyRetrySchedule(defined(banks.get('doku'), 'doku')), 'doku schedule');
    expect(doku.delaysMs).toEqual([1_800_000, 19_800_000, 41_400_000]);
    expect(doku.documented).toBe(true);
    expect(doku.source).toMatch(
      /developers\.doku\.com\/get-started-with-doku-api\/notification\/retry-notification/,
    );
    for (const name of ['dana', 'bca']) {
      const schedule = defined(notifyRetrySchedule(defined(banks.get(name), name)), name);
      expect(schedule.documented).toBe(false);
      expect(schedule.source).toMatch(/documents no retry schedule.*kontrak's stand-in/);
    }
  });

  it("a suite's retry: { bank } takes the bank's schedule when it loads", () => {
    const notify = defined(danaSuite()[0], 'partner-debit-notify').requests.find(
      (r) => r.name === 'finish notify, success',
    );
    expect(notify?.retry?.schedule).toMatchObject({ bank: 'dana', documented: false, delaysMs: [0] });
    expect(notify?.retry?.count).toBe(1);
    expect(notify?.retry?.on).toEqual(['transport', '5xx']);
  });

  it(`${RETRY_SCALE} shortens every wait for one run, and refuses what is not a fraction`, () => {
    const suite = {
      ...defined(danaSuite()[0], 'partner-debit-notify'),
      requests: [
        {
          ...defined(danaSuite()[0]?.requests[0], 'a request'),
          retry: {
            count: 3,
            on: ['5xx' as const],
            schedule: {
              bank: 'doku',
              delaysMs: [1_800_000, 19_800_000, 41_400_000],
              source: 's',
              documented: true,
            },
          },
        },
      ],
    };
    const scaled = withRetryScale([suite], { [RETRY_SCALE]: '0.0001' });
    expect(scaled.value?.[0]?.requests[0]?.retry?.schedule?.delaysMs).toEqual([180, 1980, 4140]);
    expect(withRetryScale([suite], {}).value?.[0]?.requests[0]?.retry?.schedule?.delaysMs).toEqual([
      1_800_000, 19_800_000, 41_400_000,
    ]);
    for (const bad of ['2', 'abc', '-1'])
      expect(withRetryScale([suite], { [RETRY_SCALE]: bad }).diagnostics[0]?.code).toBe('E_INVALID_VALUE');
  });
});

describe('DANA: finish notify - internal server error', () => {
  it('a partner that answers 500 is called again with the same X-EXTERNAL-ID and body, then accepts and acts once', async () => {
    const { bank, env } = bankCredentials();
    const ledger = new CountingLedger();
    const calls: PartnerCall[] = [];
    const fail = failingFirst(1);
    const partner = await startPartner({
      bank,
      ledger,
      rewrite: (call, body, status) => {
        calls.push(call);
        return fail(call, body, status);
      },
    });
    const result = await runAgainst(partner, env(partner.url), danaSuite());
    const exchanges = result.suites.flatMap((s) => s.exchanges);
    const success = defined(
      exchanges.find((x) => x.name === 'finish notify, success'),
      'the finish notify',
    );
    expect(success.passed).toBe(true);
    expect(success.attempts?.map((a) => [a.cause, a.status])).toEqual([['5xx', 500]]);
    // The retry is the same delivery: same X-EXTERNAL-ID, same body.
    const deliveries = calls.filter((c) => referenceOf(c) === referenceOf(defined(calls[0], 'a call')));
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    expect(new Set(deliveries.slice(0, 2).map((c) => c.headers['x-external-id'])).size).toBe(1);
    expect(deliveries[0]?.rawBody).toBe(deliveries[1]?.rawBody);
    // Acted on once per transaction, however often it came.
    expect([...ledger.acted.values()].every((n) => n === 1)).toBe(true);
    expect(ledger.acted.size).toBeGreaterThan(0);
    expect(exchanges.filter((x) => !x.passed).map((x) => x.name)).toEqual([]);
  });

  it("a partner that takes DANA's retry for a new request (409: X-EXTERNAL-ID seen) is named in plain words", async () => {
    const { bank, env } = bankCredentials();
    const partner = await startPartner({ bank, ledger: new RetryBlindLedger(), rewrite: failingFirst(1) });
    const result = await runAgainst(partner, env(partner.url), danaSuite());
    const findings = findingsOf(result.suites);
    expect(findings.map((f) => f.message)).toContain(
      "your endpoint refused DANA's retry of a payment notification it had answered with HTTP 500 (the same X-EXTERNAL-ID and body, sent again as DANA does) with 4095600: it takes the retry for a new request, so a payment it may already have booked is reported to DANA as failed",
    );
    expect(findings.find((f) => /refused DANA's retry/.test(f.message))?.where).toContain(
      'partner-debit-notify › finish notify, success',
    );
  });

  it('a partner that keeps answering 500 fails the finish notify once DANA has called again', async () => {
    const { bank, env } = bankCredentials();
    const partner = await startPartner({ bank, rewrite: failingFirst(99) });
    const result = await runAgainst(partner, env(partner.url), danaSuite());
    const success = defined(
      result.suites.flatMap((s) => s.exchanges).find((x) => x.name === 'finish notify, success'),
      'the finish notify',
    );
    expect(success.passed).toBe(false);
    expect(success.response?.status).toBe(500);
    expect(success.attempts).toHaveLength(1);
  });
});

describe("DOKU: a payment notification answered 500 is sent again on DOKU's schedule", () => {
  it(`after DOKU's first wait (30 min, shortened by ${RETRY_SCALE}), acknowledged as the booking it made`, async () => {
    const { bank, env } = bankCredentials('PARTNER_DOKU');
    const ledger = new BookingLedger();
    let failed = false;
    // The partner books the first delivery, then answers 500, as a handler that crashes after its commit.
    const partner = await startPartner({
      bank,
      ledger,
      rewrite: (call, body, status) => {
        if (failed || !call.url.endsWith('/doku/v1/transfer-va/payment') || status !== 200)
          return { status, body };
        failed = true;
        return { status: 500, body: { responseCode: '5002500', responseMessage: 'Internal Server Error' } };
      },
    });
    const suites = project.suites.filter((s) => s.name === 'partner-va-doku');
    const result = await runAgainst(partner, env(partner.url, { [RETRY_SCALE]: '0.0001' }), suites);
    const exchanges = result.suites.flatMap((s) => s.exchanges);
    const notification = defined(
      exchanges.find((x) => x.name === 'payment notification'),
      'the payment notification',
    );
    expect(notification.attempts?.map((a) => [a.cause, a.status, a.waitMs])).toEqual([['5xx', 500, 180]]);
    expect(notification.passed).toBe(true);
    expect(exchanges.filter((x) => !x.passed).map((x) => x.name)).toEqual([]);
    // One booking for the bill, though the notification came twice (and once more as the replay).
    expect([...ledger.booked.values()]).toEqual([1]);
  });
});
