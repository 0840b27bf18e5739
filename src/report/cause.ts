/**
 * The one-line cause of a failed exchange, for the console and the top of the report's card:
 * what the bank answered (SNAP responseCode + responseMessage, BRI status code + desc) and the
 * mock bank's diagnosis, else the first failed check.
 */
import type { ExchangeResult } from '../model/results.ts';

/** `4012700 Unauthorized. Invalid Signature` or `0602 Invalid signature`; undefined when the body says neither. */
export function bankAnswer(x: Pick<ExchangeResult, 'response'>): string | undefined {
  const body = x.response?.body;
  if (body === undefined || !body.trimStart().startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const o = parsed as { responseCode?: unknown; responseMessage?: unknown; status?: unknown };
  const text = (...parts: unknown[]) =>
    parts
      .filter((p) => typeof p === 'string' || typeof p === 'number')
      .map(String)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 300) || undefined;
  if (o.responseCode !== undefined || o.responseMessage !== undefined)
    return text(o.responseCode, o.responseMessage);
  if (typeof o.status === 'object' && o.status !== null) {
    const s = o.status as { code?: unknown; desc?: unknown };
    return text(s.code, s.desc);
  }
  return undefined;
}

/** Why a failed exchange failed, in one line; undefined for a pass. */
export function exchangeCause(x: ExchangeResult): string | undefined {
  if (x.passed) return undefined;
  if (x.error !== undefined && x.response === undefined) return x.error;
  const answer = bankAnswer(x);
  const status = x.response ? `${x.response.status}` : '';
  if (x.diagnosis !== undefined)
    return `${status} ${answer ?? ''}: ${x.diagnosis}`.replace(/^\s+|\s+(?=:)/g, '');
  const check = x.checks.find((c) => !c.passed);
  const said = answer === undefined ? '' : ` (the bank answered ${status} ${answer})`;
  return check ? `${check.name}: ${check.message}${said}` : `failed${said}`;
}
