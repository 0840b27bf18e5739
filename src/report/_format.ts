/**
 * Small pure helpers shared by the reporters. Internal to `src/report/`.
 */
import type { RetriedAttempt } from '../model/results.ts';

/** A duration for people: `850 ms`, `12.3 s`, `2 min 03 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** Where two strings first differ, split for highlighting (by code point, never mid-surrogate). */
export interface StringDiff {
  /** 0-based code-point index of the first difference; -1 when the strings are equal. */
  index: number;
  sent: DiffParts;
  expected: DiffParts;
}

/** A string cut around one character: `before` + `at` + `after`; `at` is "" past the end. */
export interface DiffParts {
  before: string;
  at: string;
  after: string;
  /** `U+0041` for the character at the difference, or `end of string`. */
  describe: string;
}

/** Locates the first differing character between what was signed and what the mock expected. */
export function diffStrings(sent: string, expected: string): StringDiff {
  const a = Array.from(sent);
  const b = Array.from(expected);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const index = i === a.length && i === b.length ? -1 : i;
  return { index, sent: cut(a, i), expected: cut(b, i) };
}

function cut(chars: string[], i: number): DiffParts {
  const at = chars[i] ?? '';
  return {
    before: chars.slice(0, i).join(''),
    at,
    after: chars.slice(i + 1).join(''),
    describe: at === '' ? 'end of string' : describeChar(at),
  };
}

function describeChar(ch: string): string {
  const code = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  const visible = /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch) ? `"${ch}" ` : '';
  return `${visible}U+${code}`;
}

/** `HTTP 503 after 12 ms, sent again in 500 ms (X-EXTERNAL-ID 123)`. */
export function attemptText(a: RetriedAttempt): string {
  const what =
    a.status !== undefined
      ? `HTTP ${a.status}${a.timeMs !== undefined ? ` after ${Math.round(a.timeMs)} ms` : ''}`
      : (a.error ?? a.cause);
  return `${what}, sent again in ${a.waitMs} ms${a.externalId ? ` with the same external id ${a.externalId}` : ''}`;
}
