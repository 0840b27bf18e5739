/**
 * Whether a run reached its target at all: when no request got an answer, the target is down (or
 * is not an HTTP server), not the contract, and the run says which.
 */
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { CODES } from '../diagnostics/codes.ts';
import type { RunResult } from '../model/results.ts';

/** The diagnostic of a run that reached no HTTP server, or undefined when some request was answered. */
export function reachabilityOf(result: RunResult): Diagnostic | undefined {
  const exchanges = result.suites.flatMap((s) => s.exchanges);
  if (exchanges.some((e) => e.response)) return undefined;
  const unreadable = exchanges.filter((e) => e.failureClass === 'unreadable-response').length;
  if (unreadable)
    return error(
      'E_UNREADABLE_ANSWER',
      `a server answered, but not in HTTP (${unreadable} of ${exchanges.length} requests): no request got an answer kontrak could read`,
      { hint: CODES.E_UNREADABLE_ANSWER.hint },
    );
  if (!exchanges.some((e) => e.failureClass === 'transport')) return undefined;
  return error('E_UNREACHABLE', 'no request reached the server', { hint: CODES.E_UNREACHABLE.hint });
}
