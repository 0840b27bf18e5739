/** X-TIMESTAMP / BRI-Timestamp values, from epoch milliseconds (no Intl: plain UTC arithmetic). */
import type { TimestampFormat } from '../src/model/types.ts';

const JAKARTA_OFFSET_MS = 7 * 3600 * 1000; // Asia/Jakarta is UTC+7 all year (no DST)

function pad(n: number, width: number): string {
  let s = String(n);
  while (s.length < width) s = '0' + s;
  return s;
}

function isoParts(d: Date): string {
  return (
    pad(d.getUTCFullYear(), 4) + '-' + pad(d.getUTCMonth() + 1, 2) + '-' + pad(d.getUTCDate(), 2) +
    'T' + pad(d.getUTCHours(), 2) + ':' + pad(d.getUTCMinutes(), 2) + ':' + pad(d.getUTCSeconds(), 2)
  );
}

/**
 * `snap`: 2024-03-05T17:37:16+07:00 · `snap-millis`: 2024-03-05T17:37:16.123+07:00 ·
 * `utc-millis`: 2024-03-05T10:37:16.123Z
 */
export function formatTimestamp(epochMs: number, format: TimestampFormat): string {
  if (format === 'utc-millis') {
    const d = new Date(epochMs);
    return isoParts(d) + '.' + pad(d.getUTCMilliseconds(), 3) + 'Z';
  }
  const j = new Date(epochMs + JAKARTA_OFFSET_MS);
  if (format === 'snap') return isoParts(j) + '+07:00';
  if (format === 'snap-millis') return isoParts(j) + '.' + pad(j.getUTCMilliseconds(), 3) + '+07:00';
  throw new Error('kontrak: unknown timestampFormat "' + String(format) + '"');
}

/** Milliseconds since Jakarta midnight, and the Jakarta day number (days since the epoch). */
export function jakartaTimeOfDay(epochMs: number): { day: number; ms: number } {
  const local = epochMs + JAKARTA_OFFSET_MS;
  const day = Math.floor(local / 86400000);
  return { day, ms: local - day * 86400000 };
}
