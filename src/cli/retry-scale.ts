/**
 * KONTRAK_RETRY_SCALE: every wait of a bank's notification schedule multiplied by it for one run,
 * so a test or a rehearsal need not wait DOKU's 30 minutes. Unset, the banks' documented waits
 * stand.
 */
import { scaledSchedule } from '../banks/notify-retry.ts';
import { error, type Outcome } from '../diagnostics/diagnostic.ts';
import type { Suite } from '../model/types.ts';

export const RETRY_SCALE = 'KONTRAK_RETRY_SCALE';

/** The suites with their banks' retry waits scaled by `processEnv`'s KONTRAK_RETRY_SCALE. */
export function withRetryScale(
  suites: readonly Suite[],
  processEnv: Record<string, string | undefined>,
): Outcome<Suite[]> {
  const text = processEnv[RETRY_SCALE]?.trim();
  if (!text) return { value: [...suites], diagnostics: [] };
  const scale = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(scale) || scale > 1)
    return {
      diagnostics: [
        error('E_INVALID_VALUE', `${RETRY_SCALE} must be a number from 0 to 1, got "${text}"`, {
          hint: `e.g. ${RETRY_SCALE}=0.001 turns DOKU's 30-minute wait into 1.8 s; unset it to wait as the bank does`,
        }),
      ],
    };
  return {
    value: suites.map((suite) => ({
      ...suite,
      requests: suite.requests.map((r) =>
        r.retry?.schedule
          ? { ...r, retry: { ...r.retry, schedule: scaledSchedule(r.retry.schedule, scale) } }
          : r,
      ),
    })),
    diagnostics: [],
  };
}
