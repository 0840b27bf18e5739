/**
 * Numeric external ids (X-EXTERNAL-ID, BRI-External-Id) that must not repeat within a Jakarta day.
 *
 * Layout for `digits` >= 9: <run part: digits-8 random digits, first one non-zero> <Jakarta
 * milliseconds since midnight, 8 digits, zero-padded>.
 * - Within a run the time part is strictly increasing (a clash in the same millisecond bumps it by
 *   one, acting as a counter), so no id repeats.
 * - Across runs the same day: runs that follow each other have disjoint time parts because time
 *   moves forward (newman spends >10 ms per request, so the counter never runs ahead of the clock);
 *   runs that overlap (parallel CI jobs) differ by their random run part, except with probability
 *   10^-(digits-8) per pair, and even then they clash only if they also sign in the same millisecond.
 * - No leading zero, so servers that read the id as a number keep every digit.
 * For `digits` < 9 there is no room for a run part: the id is the Jakarta time of day in units of
 * 10^(8-digits) ms (fits because 86,400,000 < 10^8), still strictly increasing within a run; across
 * runs it stays unique as long as a run does not sign faster than one request per unit.
 */
import { fail } from './fail.ts';
import { jakartaTimeOfDay } from './timestamp.ts';

export type ExternalIdGenerator = (epochMs: number, digits: number) => string;

export const createExternalIdGenerator = (random: () => number): ExternalIdGenerator => {
  const runParts: Record<number, string> = {};
  let last: Record<number, number> = {};
  let day = -1;
  return (epochMs, digits) => {
    if (!(Number.isInteger(digits) && digits >= 1 && digits <= 64))
      fail('externalIdDigits must be an integer from 1 to 64, got ' + String(digits));
    const tod = jakartaTimeOfDay(epochMs);
    if (tod.day !== day) {
      day = tod.day;
      last = {};
    }
    const width = Math.min(digits, 8);
    // Never at or below the last id of this length today (ms >= 0, so -1 means "none yet").
    // `| 0` floors, here and below: all these numbers are non-negative.
    const t = Math.max((tod.ms / 10 ** (8 - width)) | 0, (last[digits] ?? -1) + 1);
    last[digits] = t;
    const time = String(t % 10 ** width).padStart(width, '0');
    if (digits <= 8) return time;
    let run = runParts[digits];
    if (!run) {
      run = String(1 + ((random() * 9) | 0));
      while (run.length < digits - 8) run += String((random() * 10) | 0);
      runParts[digits] = run;
    }
    return run + time;
  };
};
