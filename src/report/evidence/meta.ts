/** What every evidence layout states about the run: who tested what, when, where. */
import type { RunResult } from '../../model/results.ts';

export interface EvidenceMeta {
  /** The bank or provider under test ("Nama Penyedia Layanan"); default: each provider's name. */
  providerName?: string;
  /** The partner that ran the tests ("Nama Pengguna Layanan"). */
  partnerName?: string;
}

/** The test date as banks write it: the run's start, in Jakarta time (YYYY-MM-DD). */
export function testDate(run: RunResult): string {
  return new Date(Date.parse(run.startedAt) + 7 * 3600_000).toISOString().slice(0, 10);
}

export function providerLabel(meta: EvidenceMeta, provider: string): string {
  return meta.providerName ?? provider;
}

export function partnerLabel(meta: EvidenceMeta): string {
  return meta.partnerName ?? '(not given: --partner-name)';
}
