/** The class of a bank's answer, read from its HTTP status and SNAP responseCode (`400xx01`). */
import type { AnswerClass } from './types.ts';

export function classifyAnswer(status: number, responseCode: string): AnswerClass {
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server';
  if (status >= 200 && status < 300) return 'accepted';
  if (status === 409) return 'conflict';
  const caseCode = /^\d{7}$/.test(responseCode) ? responseCode.slice(5) : '';
  if (status === 400) return caseCode === '02' ? 'mandatory' : caseCode === '01' ? 'format' : 'other';
  if (status === 401) return caseCode === '00' ? 'unauthorized' : 'token';
  if (status === 403 || status === 404) return 'business';
  return 'other';
}

/** Wording of a sandbox that has locked the client out (it must not be asked again today). */
const LOCKOUT = /lock(ed)?\s*out|lockout|account (is )?locked|blocked|suspended|too many/i;

export function isLockout(status: number, message: string): boolean {
  return (status === 401 || status === 403 || status === 429) && LOCKOUT.test(message);
}
