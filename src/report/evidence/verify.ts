/** `kontrak evidence verify`: recompute every hash of a pack's manifest and name what changed. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rowsOf, sha256 } from './files.ts';
import { MANIFEST_FILE, wholeHash, type Manifest } from './manifest.ts';

export interface VerifyOutcome {
  /** Unreadable pack (no manifest, not a manifest): nothing could be checked. */
  error?: string;
  /** What changed, one line each; empty when the pack is intact. */
  changes: string[];
  checkedFiles: number;
  checkedRows: number;
}

async function readManifest(dir: string): Promise<Manifest | string> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    return `${join(dir, MANIFEST_FILE)} is missing: not an evidence pack`;
  }
  try {
    const manifest = JSON.parse(text) as Partial<Manifest> | null;
    if (manifest?.kontrakEvidence !== 1 || !Array.isArray(manifest.files))
      return `${MANIFEST_FILE} is not a kontrak evidence manifest (version 1)`;
    return manifest as Manifest;
  } catch (e) {
    return `${MANIFEST_FILE} is not JSON (${(e as Error).message})`;
  }
}

export async function verifyEvidencePack(dir: string): Promise<VerifyOutcome> {
  const manifest = await readManifest(dir);
  if (typeof manifest === 'string') return { error: manifest, changes: [], checkedFiles: 0, checkedRows: 0 };
  const changes: string[] = [];
  const { sha256: recorded, ...body } = manifest;
  if (wholeHash(body) !== recorded)
    changes.push(`${MANIFEST_FILE} was edited: its SHA-256 over the whole does not match`);
  let checkedRows = 0;
  for (const file of manifest.files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(dir, file.path));
    } catch {
      changes.push(`${file.path} is missing`);
      continue;
    }
    checkedRows += file.rows.length;
    if (sha256(bytes) === file.sha256) continue;
    let now: Array<{ id: string; sha256: string }>;
    try {
      now = await rowsOf(file.path, bytes);
    } catch (e) {
      changes.push(`${file.path} changed and can no longer be read (${(e as Error).message})`);
      continue;
    }
    const current = new Map(now.map((r) => [r.id, r.sha256]));
    const before = new Set(file.rows.map((r) => r.id));
    const named: string[] = [];
    for (const row of file.rows) {
      const hash = current.get(row.id);
      if (hash === undefined) named.push(`${file.path}: ${row.id} (${row.label}) was removed`);
      else if (hash !== row.sha256) named.push(`${file.path}: ${row.id} (${row.label}) changed`);
    }
    for (const r of now) if (!before.has(r.id)) named.push(`${file.path}: ${r.id} was added`);
    changes.push(...(named.length ? named : [`${file.path} changed outside its rows (layout or metadata)`]));
  }
  return { changes, checkedFiles: manifest.files.length, checkedRows };
}
