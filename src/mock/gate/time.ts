/**
 * SNAP timestamps: parsing X-TIMESTAMP, checking clock skew, and writing times in
 * Asia/Jakarta (UTC+7, no daylight saving) the way the banks do.
 */

const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000;

/** `yyyy-MM-ddTHH:mm:ss[.SSS](Z|±HH:mm)`. */
const SNAP_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?(Z|([+-])(\d{2}):(\d{2}))$/;

/** Outcome of {@link parseSnapTimestamp}: epoch milliseconds, or why the value is not a SNAP timestamp. */
export type ParsedTimestamp = { ok: true; epochMs: number } | { ok: false; reason: string };

/**
 * Parses an X-TIMESTAMP value: `yyyy-MM-ddTHH:mm:ss+07:00`, optionally with `.SSS` milliseconds,
 * any offset (or `Z`). Calendar fields are range-checked (no 2024-02-31).
 */
export function parseSnapTimestamp(value: string): ParsedTimestamp {
  const m = SNAP_TIMESTAMP.exec(value);
  if (m === null) {
    return {
      ok: false,
      reason: 'format must be yyyy-MM-ddTHH:mm:ss+07:00 (optionally with .SSS milliseconds)',
    };
  }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = m[7] === undefined ? 0 : Number(m[7]);
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(local);
  const calendarOk =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day &&
    check.getUTCHours() === hour &&
    check.getUTCMinutes() === minute &&
    check.getUTCSeconds() === second;
  if (!calendarOk) return { ok: false, reason: 'is not a valid date and time' };
  let offsetMs = 0;
  if (m[8] !== 'Z') {
    const offH = Number(m[10]);
    const offM = Number(m[11]);
    if (offH > 14 || offM > 59) return { ok: false, reason: 'has an invalid UTC offset' };
    offsetMs = (m[9] === '-' ? -1 : 1) * (offH * 60 + offM) * 60_000;
  }
  return { ok: true, epochMs: local - offsetMs };
}

/** Outcome of {@link requireTimestamp}: the X-TIMESTAMP value, or why it is rejected (and the likely cause). */
export type TimestampCheck = { ok: true; value: string } | { ok: false; reason: string; diagnosis?: string };

/** {@link checkTimestamp} returning the accepted value, for handlers that go on to sign with it. */
export function requireTimestamp(
  value: string | undefined,
  nowMs: number,
  skewSeconds: number,
): TimestampCheck {
  const reason = checkTimestamp(value, nowMs, skewSeconds);
  if (reason === undefined && value !== undefined) return { ok: true, value };
  const diagnosis = value === undefined ? undefined : wallClockDiagnosis(value, nowMs, 'X-TIMESTAMP');
  return {
    ok: false,
    reason: reason ?? 'X-TIMESTAMP header is missing',
    ...(diagnosis === undefined ? {} : { diagnosis }),
  };
}

const HOUR_MS = 3_600_000;

function zoneName(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone = `UTC${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${pad(abs % 60)}` : ''}`;
  return offsetMinutes === 420 ? `Asia/Jakarta (${zone})` : zone;
}

/**
 * Why a timestamp a whole number of hours (± 2 min) off the server clock is off: wall time of
 * one zone labelled with another zone's offset. A wall time W of zone Z labelled with offset O
 * is the instant W − O = now + Z − O, so the drift names Z = O + drift.
 */
export function wallClockDiagnosis(value: string, nowMs: number, header: string): string | undefined {
  const m = SNAP_TIMESTAMP.exec(value);
  const parsed = parseSnapTimestamp(value);
  if (m === null || !parsed.ok) return undefined;
  const drift = parsed.epochMs - nowMs;
  const hours = Math.round(drift / HOUR_MS);
  if (hours === 0 || Math.abs(drift - hours * HOUR_MS) > 120_000) return undefined;
  const label = m[8] === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  const wallZone = label + hours * 60;
  const labelText = m[8] === 'Z' ? 'Z' : (m[8] ?? '');
  const fix =
    header === 'BRI-Timestamp'
      ? 'write the UTC time with Z (yyyy-MM-ddTHH:mm:ss.SSSZ)'
      : 'format Asia/Jakarta local time, or use the real offset';
  return (
    `${header} is ${Math.abs(hours)} h ${hours < 0 ? 'behind' : 'ahead'}: it looks like ` +
    `${zoneName(wallZone)} wall time labelled ${labelText}; ${fix}`
  );
}

/** Checks X-TIMESTAMP against the server clock; returns the reason when it is rejected. */
export function checkTimestamp(
  value: string | undefined,
  nowMs: number,
  skewSeconds: number,
): string | undefined {
  if (value === undefined || value === '') return 'X-TIMESTAMP header is missing';
  const parsed = parseSnapTimestamp(value);
  if (!parsed.ok) return `X-TIMESTAMP ${parsed.reason}`;
  const driftSeconds = Math.round((parsed.epochMs - nowMs) / 1000);
  if (Math.abs(parsed.epochMs - nowMs) > skewSeconds * 1000) {
    return `X-TIMESTAMP is ${Math.abs(driftSeconds)}s ${driftSeconds < 0 ? 'in the past' : 'in the future'} (allowed skew ${skewSeconds}s)`;
  }
  return undefined;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Calendar fields of an instant in Asia/Jakarta. */
interface JakartaParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function jakartaParts(epochMs: number): JakartaParts {
  const d = new Date(epochMs + JAKARTA_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** `2024-03-05T17:37:16+07:00`: the SNAP timestamp of an instant, in Jakarta time. */
export function formatJakartaTimestamp(epochMs: number): string {
  const p = jakartaParts(epochMs);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+07:00`;
}

/** `20240305`: the Jakarta calendar day of an instant (the "same day" of X-EXTERNAL-ID). */
export function jakartaDay(epochMs: number): string {
  const p = jakartaParts(epochMs);
  return `${p.year}${pad(p.month)}${pad(p.day)}`;
}

/** `173716`: the Jakarta wall-clock time of an instant, NICEPAY's `HHmmss`. */
export function jakartaTime(epochMs: number): string {
  const p = jakartaParts(epochMs);
  return `${pad(p.hour)}${pad(p.minute)}${pad(p.second)}`;
}

/** BRI API v2 `BRI-Timestamp`: UTC with milliseconds, `2024-01-25T06:36:23.000Z`. */
const BRI_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Outcome of {@link checkBriTimestamp}: `format` (not the BRI format) or `skew` (outside the window, with the likely cause). */
export type BriTimestampProblem = { kind: 'format' | 'skew'; reason: string; diagnosis?: string };

/** Checks a BRI-Timestamp value against the server clock. */
export function checkBriTimestamp(
  value: string | undefined,
  nowMs: number,
  skewSeconds: number,
): BriTimestampProblem | undefined {
  if (value === undefined || value === '')
    return { kind: 'format', reason: 'BRI-Timestamp header is missing' };
  const parsed = BRI_TIMESTAMP.test(value) ? parseSnapTimestamp(value) : undefined;
  if (parsed === undefined || !parsed.ok) {
    return { kind: 'format', reason: 'BRI-Timestamp format must be yyyy-MM-ddTHH:mm:ss.SSSZ (UTC)' };
  }
  const driftSeconds = Math.round((parsed.epochMs - nowMs) / 1000);
  if (Math.abs(parsed.epochMs - nowMs) > skewSeconds * 1000) {
    const direction = driftSeconds < 0 ? 'in the past' : 'in the future';
    const diagnosis = wallClockDiagnosis(value, nowMs, 'BRI-Timestamp');
    return {
      kind: 'skew',
      reason: `BRI-Timestamp is ${Math.abs(driftSeconds)}s ${direction} (allowed skew ${skewSeconds}s)`,
      ...(diagnosis === undefined ? {} : { diagnosis }),
    };
  }
  return undefined;
}

/** `2024-03-05T10:37:16.000Z`: an instant as BRI writes `issued_at`-style UTC times. */
export function formatUtcMillis(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
