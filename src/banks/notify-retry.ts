/**
 * A bank's notification retries, from its profile (callsPartner.notifyRetry): how long it waits
 * before each new attempt after a timeout or a non-2xx answer. Where a bank publishes no schedule,
 * kontrak sends the notification once more at once and says that this is its own stand-in, never
 * a bank's fact.
 */
import type { RetrySchedule } from '../model/types.ts';
import type { BankProfile } from './profile.ts';

/** kontrak's stand-in for a bank that documents no schedule: one retry, at once. */
export const UNDOCUMENTED_RETRY_MS = [0];

/** The bank's schedule, or undefined when its profile says nothing about retries. */
export function notifyRetrySchedule(profile: BankProfile): RetrySchedule | undefined {
  const fact = profile.callsPartner?.notifyRetry;
  if (!fact) return undefined;
  if (fact.value === 'undocumented')
    return {
      bank: profile.bank,
      delaysMs: UNDOCUMENTED_RETRY_MS,
      source: `${profile.bank} documents no retry schedule (${fact.source}); kontrak's stand-in: one retry, at once`,
      documented: false,
    };
  return {
    bank: profile.bank,
    delaysMs: fact.value.afterSeconds.map((s) => s * 1000),
    source: fact.source,
    documented: true,
  };
}

/**
 * The schedule with every wait multiplied by `scale` (KONTRAK_RETRY_SCALE), so a test need not
 * wait DOKU's 30 minutes; the documented waits stay the default.
 */
export const scaledSchedule = (schedule: RetrySchedule, scale: number): RetrySchedule => ({
  ...schedule,
  delaysMs: schedule.delaysMs.map((ms) => Math.round(ms * scale)),
});
