/**
 * Numeric external ids (X-EXTERNAL-ID, BRI-External-Id) that must not repeat within a Jakarta day,
 * across runs and across parallel CI shards.
 *
 * Layout: <lane: digits-8 digits, first one non-zero> <Jakarta milliseconds since midnight, 8
 * digits, zero-padded, used as a counter>.
 * - Within a run the time part is strictly increasing (a clash in the same millisecond bumps it by
 *   one), so no id repeats.
 * - Runs that follow each other have disjoint time parts because time moves forward (newman spends
 *   more than a millisecond per request, so the counter never runs ahead of the clock).
 * - Runs at the same time differ by their lane: `kontrak run --shard i/n` gives shard i its own
 *   lane (setExternalIdLane), so parallel shards never clash while n fits the lane's digits (9
 *   shards with 9 digits, 99 with 10…). A run without a lane (Postman, a run without --shard)
 *   picks a random one.
 * - No leading zero, so servers that read the id as a number keep every digit.
 * Fewer than 9 digits leave no room for a lane beside a millisecond clock: the format refuses them
 * (a coarser clock let a run of 3,000 requests run minutes ahead of the time, into the next run).
 */
import { fail } from './fail.ts';
import { jakartaTimeOfDay } from './timestamp.ts';

export type ExternalIdGenerator = (epochMs: number, digits: number) => string;

// 8 digits of milliseconds since Jakarta midnight (86,400,000 < 10^8) plus at least one of lane,
// at most SNAP's String(36): the range lives in schemas/kontrak.schema.json.
import { MAX_EXTERNAL_ID_DIGITS, MIN_EXTERNAL_ID_DIGITS } from './external-id-limits.generated.ts';
export { MAX_EXTERNAL_ID_DIGITS, MIN_EXTERNAL_ID_DIGITS };

/** The lane of this process's runs (1-based), when the run knows it: its CI shard. */
let processLane: number | undefined;

/** Give this process's ids their own lane (1-based): kontrak run with --shard i/n sets i. */
export const setExternalIdLane = (lane: number | undefined): void => {
  processLane = lane;
};

/** How many lanes `digits` leave room for (lane numbers 1…capacity, written without a leading zero). */
export const laneCapacity = (digits: number): number =>
  Math.min(Number.MAX_SAFE_INTEGER, 10 ** (digits - 8) - 10 ** (digits - 9));

const laneText = (lane: number, digits: number): string => {
  const width = digits - 8;
  // 1 → "1" for one digit, "10" for two, "100" for three: lanes start at the first number
  // of their width with no leading zero. Past 15 digits, a float would lose them: written out.
  if (width <= 15) return String(10 ** (width - 1) + (lane - 1));
  return '1' + String(lane - 1).padStart(width - 1, '0');
};

/** Whether `digits` is a length the format allows for generated external ids. */
export const isExternalIdDigits = (digits: unknown): digits is number =>
  typeof digits === 'number' &&
  Number.isInteger(digits) &&
  digits >= MIN_EXTERNAL_ID_DIGITS &&
  digits <= MAX_EXTERNAL_ID_DIGITS;

export const createExternalIdGenerator = (random: () => number): ExternalIdGenerator => {
  const randomLanes: Record<number, string> = {};
  let last: Record<number, number> = {};
  let day = -1;
  return (epochMs, digits) => {
    if (!isExternalIdDigits(digits))
      fail(
        'externalIdDigits must be an integer from ' +
          String(MIN_EXTERNAL_ID_DIGITS) +
          ' to ' +
          String(MAX_EXTERNAL_ID_DIGITS) +
          ' (8 digits of millisecond clock and at least one of run lane; SNAP allows 36), got ' +
          String(digits),
      );
    const tod = jakartaTimeOfDay(epochMs);
    if (tod.day !== day) {
      day = tod.day;
      last = {};
    }
    // Never at or below the last id of this length today (ms >= 0, so -1 means "none yet").
    const t = Math.max(tod.ms, (last[digits] ?? -1) + 1);
    last[digits] = t;
    const time = String(t % 1e8).padStart(8, '0');
    const capacity = laneCapacity(digits);
    if (processLane !== undefined) return laneText(((processLane - 1) % capacity) + 1, digits) + time;
    let lane = randomLanes[digits];
    if (!lane) {
      lane = String(1 + ((random() * 9) | 0));
      while (lane.length < digits - 8) lane += String((random() * 10) | 0);
      randomLanes[digits] = lane;
    }
    return lane + time;
  };
};
