/**
 * Writes an evidence pack: the chosen banks' layouts, exchanges.jsonl and manifest.json. Refuses
 * (writing nothing) when a known secret or a private key would appear in any file.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunResult } from '../../model/results.ts';
import { buildPackFiles, type Bank } from './files.ts';
import { buildManifest, MANIFEST_FILE } from './manifest.ts';
import type { EvidenceMeta } from './meta.ts';
import { secretIn, type KnownSecret } from './policy.ts';
import { evidenceRows } from './rows.ts';

export interface EvidenceOptions {
  outDir: string;
  banks: readonly Bank[];
  meta: EvidenceMeta;
  /** Values that must never be written (credentials of the run). */
  secrets: readonly KnownSecret[];
  /** Process environment (KONTRAK_CHROMIUM). */
  env: Record<string, string | undefined>;
}

/** Why a pack was not written. */
export class EvidenceRefused extends Error {
  override name = 'EvidenceRefused';
}

export interface EvidenceWritten {
  paths: string[];
  rows: number;
  notes: string[];
  /** The manifest's SHA-256 over the whole: what `evidence verify` prints, to keep where the bank can see it. */
  packHash: string;
}

export async function writeEvidencePack(run: RunResult, options: EvidenceOptions): Promise<EvidenceWritten> {
  const rows = evidenceRows(run);
  const { files, notes } = await buildPackFiles(run, rows, options.banks, options.meta, options.env);
  for (const file of files) {
    const found = secretIn(file.text, options.secrets);
    if (found)
      throw new EvidenceRefused(
        `${file.path} would contain ${found}; no evidence was written (mask it in the results first)`,
      );
  }
  const manifest = buildManifest(run, rows, files, options.meta);
  const paths: string[] = [];
  const write = async (path: string, bytes: Buffer | string): Promise<void> => {
    const target = join(options.outDir, path);
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, target);
    paths.push(target);
  };
  for (const file of files) await write(file.path, file.bytes);
  await write(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
  const repeats = rows.filter((r) => /repeats row/.test(r.notes)).length;
  if (repeats)
    notes.push(`${repeats} row(s) repeat an X-TIMESTAMP or X-SIGNATURE of their sheet (see their Notes)`);
  return { paths, rows: rows.length, notes, packHash: manifest.sha256 };
}
