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
import { jakartaTimeOfDay } from './timestamp.ts';

export type ExternalIdGenerator = (epochMs: number, digits: number) => string;

export function createExternalIdGenerator(random: () => number): ExternalIdGenerator {
  const runParts: Record<number, string> = {};
  let last: Record<number, number> = {};
  let day = -1;
  return function next(epochMs, digits) {
    if (!(digits >= 1 && digits <= 64 && Math.floor(digits) === digits)) {
      throw new Error('kontrak: externalIdDigits must be an integer from 1 to 64, got ' + String(digits));
    }
    const tod = jakartaTimeOfDay(epochMs);
    if (tod.day !== day) {
      day = tod.day;
      last = {};
    }
    const width = Math.min(digits, 8);
    const unit = Math.pow(10, 8 - width);
    const prev = last[digits];
    let t = Math.floor(tod.ms / unit);
    if (prev !== undefined && t <= prev) t = prev + 1;
    last[digits] = t;
    let time = String(t % Math.pow(10, width));
    while (time.length < width) time = '0' + time;
    if (digits <= 8) return time;
    let run = runParts[digits];
    if (run === undefined) {
      run = String(1 + Math.floor(random() * 9));
      while (run.length < digits - 8) run += String(Math.floor(random() * 10));
      runParts[digits] = run;
    }
    return run + time;
  };
}
