/**
 * The tamper-evident manifest of an evidence pack: what run it shows, a SHA-256 of every
 * exchange as recorded, of every file and of every row in it, and one over the whole. `verify`
 * recomputes each and names what changed.
 */
import { readFileSync } from 'node:fs';
import type { RunResult } from '../../model/results.ts';
import { sha256, type PackFile } from './files.ts';
import type { EvidenceRow } from './rows.ts';
import { packagePath } from '../../project/assets.ts';

export const MANIFEST_FILE = 'manifest.json';

export interface Manifest {
  kontrakEvidence: 1;
  runId: string;
  kontrak: { version: string; commit?: string };
  environment: string;
  baseUrls: string[];
  startedAt: string;
  endedAt: string;
  providerName?: string;
  partnerName?: string;
  exchanges: Array<{
    line: number;
    provider: string;
    suite: string;
    sheet: string;
    no: number;
    requestId: string;
    scenario: string;
    result: string;
    sha256: string;
  }>;
  files: Array<{ path: string; sha256: string; rows: Array<{ id: string; label: string; sha256: string }> }>;
  /** Over the whole manifest without this field (canonical JSON). */
  sha256: string;
}

const PACKAGE = packagePath('package.json');

export function kontrakVersion(): string {
  return (JSON.parse(readFileSync(PACKAGE, 'utf8')) as { version: string }).version;
}

/** Stable id of a run: the same results always give the same id. */
export function runIdOf(run: RunResult): string {
  return sha256(`${run.startedAt}|${run.environment}|${run.commit ?? ''}|${run.durationMs}`).slice(0, 16);
}

function origins(rows: readonly EvidenceRow[]): string[] {
  const set = new Set<string>();
  for (const r of rows) {
    try {
      set.add(new URL(r.exchange.request.url).origin);
    } catch {
      // not a full URL: nothing to list
    }
  }
  return [...set];
}

export function wholeHash(manifest: Omit<Manifest, 'sha256'>): string {
  return sha256(JSON.stringify(manifest));
}

export function buildManifest(
  run: RunResult,
  rows: readonly EvidenceRow[],
  files: readonly PackFile[],
  names: { providerName?: string; partnerName?: string },
): Manifest {
  const body: Omit<Manifest, 'sha256'> = {
    kontrakEvidence: 1,
    runId: runIdOf(run),
    kontrak: { version: kontrakVersion(), ...(run.commit ? { commit: run.commit } : {}) },
    environment: run.environment,
    baseUrls: origins(rows),
    startedAt: run.startedAt,
    endedAt: new Date(Date.parse(run.startedAt) + run.durationMs).toISOString(),
    ...(names.providerName ? { providerName: names.providerName } : {}),
    ...(names.partnerName ? { partnerName: names.partnerName } : {}),
    exchanges: rows.map((r, i) => ({
      line: i + 1,
      provider: r.provider,
      suite: r.suite,
      sheet: r.sheet,
      no: r.no,
      requestId: r.exchange.requestId,
      scenario: r.scenario,
      result: r.result,
      sha256: r.sha256,
    })),
    files: files.map((f) => ({ path: f.path, sha256: sha256(f.bytes), rows: f.rows })),
  };
  return { ...body, sha256: wholeHash(body) };
}
