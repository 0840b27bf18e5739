/** X-TIMESTAMP / BRI-Timestamp values, from epoch milliseconds (no Intl: plain UTC arithmetic). */
import { fail } from './fail.ts';

/** How X-TIMESTAMP / BRI-Timestamp is written. */
export type TimestampFormat =
  | 'snap' // 2024-03-05T17:37:16+07:00 (Asia/Jakarta)
  | 'snap-millis' // 2024-03-05T17:37:16.123+07:00 (BRI SNAP)
  | 'utc-millis'; // 2024-03-05T10:37:16.123Z (BRI API v2)

const JAKARTA_OFFSET_MS = 25200000; // 7 h: Asia/Jakarta is UTC+7 all year (no DST)

/**
 * `snap`: 2024-03-05T17:37:16+07:00 · `snap-millis`: 2024-03-05T17:37:16.123+07:00 ·
 * `utc-millis`: 2024-03-05T10:37:16.123Z
 */
export const formatTimestamp = (epochMs: number, format: TimestampFormat): string => {
  const utc = format === 'utc-millis';
  const length =
    format === 'snap'
      ? 19
      : format === 'snap-millis'
        ? 23
        : utc
          ? 24
          : fail('unknown timestampFormat "' + (format as string) + '"');
  // toISOString of the instant moved by +7 h spells the Jakarta wall-clock time; its "Z" is cut off.
  const iso = new Date(epochMs + (utc ? 0 : JAKARTA_OFFSET_MS)).toISOString().slice(0, length);
  return utc ? iso : iso + '+07:00';
};

/** `Y-m-d H:i:s` in Asia/Jakarta, no zone (BRI's direct-debit notification): 2024-03-05 17:37:16 */
export const plainJakartaTimestamp = (epochMs: number): string =>
  new Date(epochMs + JAKARTA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');

/** Milliseconds since Jakarta midnight, and the Jakarta day number (days since the epoch). */
export const jakartaTimeOfDay = (epochMs: number): { day: number; ms: number } => {
  const local = epochMs + JAKARTA_OFFSET_MS;
  const day = Math.floor(local / 86400000);
  return { day, ms: local - day * 86400000 };
};
