/**
 * `kontrak evidence verify`: recompute every hash of a pack's manifest and name what changed,
 * reading only regular files inside the pack, each within its bounds (pack-reader.ts), and
 * naming any file the manifest leaves out.
 */
import { join } from 'node:path';
import { error, type Diagnostic } from '../../diagnostics/diagnostic.ts';
import { rowsOf } from './files.ts';
import { MANIFEST_FILE, wholeHash, type Manifest } from './manifest.ts';
import { checkManifest } from './manifest-check.ts';
import { DEFAULT_PACK_LIMITS, PackReader, type PackLimits } from './pack-reader.ts';
import { xlsxLoadProblem } from './xlsx-bounds.ts';

export { DEFAULT_PACK_LIMITS };

/** A manifest holds a hash per row of every file: far larger than any file it lists is not one. */
const MANIFEST_MAX_BYTES = 64 * 1024 * 1024;
const HINT = 'point evidence verify at a folder kontrak evidence wrote';

export interface VerifyOutcome {
  /** Why the pack cannot be verified (no manifest, a malformed one, a file refused); nothing is intact then. */
  diagnostics: Diagnostic[];
  /** What changed, one line each; empty when the pack is intact. */
  changes: string[];
  checkedFiles: number;
  checkedRows: number;
  /** The SHA-256 over the manifest as it is now: the pack hash to keep where the bank can see it. */
  packHash?: string;
}

/**
 * A file refused unread. It names no `file`: a diagnostic that does gets its line shown, and
 * nothing of a refused file (a FIFO, a link out, a device) may be read to show it.
 */
const refusal = (message: string): Diagnostic => error('E_EVIDENCE', message, { hint: HINT });
const notAPack = (shown: string): Diagnostic =>
  error('E_EVIDENCE', `${shown} is missing: not an evidence pack`);

/** The rows of a changed file, named: which changed, were removed or added. */
async function changedRows(
  file: Manifest['files'][number],
  bytes: Buffer,
  limits: PackLimits,
): Promise<string[]> {
  const unloadable = file.path.endsWith('.xlsx')
    ? xlsxLoadProblem(bytes, limits.xlsxUncompressedBytes)
    : undefined;
  if (unloadable) return [`${file.path} changed; ${unloadable}`];
  let now: Array<{ id: string; sha256: string }>;
  try {
    now = await rowsOf(file.path, bytes);
  } catch (e) {
    return [`${file.path} changed and can no longer be read (${(e as Error).message})`];
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
  return named.length ? named : [`${file.path} changed outside its rows (layout or metadata)`];
}

/** The pack's manifest, checked; its diagnostics when it cannot be used; undefined when there is none. */
async function readManifest(
  reader: PackReader,
  shown: string,
): Promise<Manifest | { diagnostics: Diagnostic[] } | undefined> {
  const read = await reader.file(MANIFEST_FILE, { maxBytes: MANIFEST_MAX_BYTES, keep: true });
  if ('missing' in read) return undefined;
  if ('refused' in read) return { diagnostics: [refusal(read.refused)] };
  const checked = checkManifest(read.bytes?.toString('utf8') ?? '', shown);
  return checked.value ?? { diagnostics: checked.diagnostics };
}

/** Every file of the pack its manifest does not list (a forged file added, or one dropped from the manifest). */
async function unlisted(reader: PackReader, manifest: Manifest, outcome: VerifyOutcome): Promise<string[]> {
  const listed = new Set([MANIFEST_FILE, ...manifest.files.map((f) => f.path)]);
  const present = await reader.entries();
  if ('refused' in present) {
    outcome.diagnostics.push(refusal(present.refused));
    return [];
  }
  return present
    .filter((path) => !listed.has(path))
    .map((path) => `${path} is in the pack but not in its manifest`);
}

/** Verifies the pack in `dir`, within `limits`. */
export async function verifyEvidencePack(
  dir: string,
  limits: PackLimits = DEFAULT_PACK_LIMITS,
): Promise<VerifyOutcome> {
  const outcome: VerifyOutcome = { diagnostics: [], changes: [], checkedFiles: 0, checkedRows: 0 };
  const reader = await PackReader.of(dir, limits);
  const manifest = reader && (await readManifest(reader, join(dir, MANIFEST_FILE)));
  if (!reader || !manifest) return { ...outcome, diagnostics: [notAPack(join(dir, MANIFEST_FILE))] };
  if ('diagnostics' in manifest) return { ...outcome, diagnostics: manifest.diagnostics };

  const { sha256: recorded, ...body } = manifest;
  outcome.packHash = wholeHash(body);
  if (outcome.packHash !== recorded)
    outcome.changes.push(`${MANIFEST_FILE} was edited: its SHA-256 over the whole does not match`);
  for (const file of manifest.files) {
    const now = await reader.file(file.path);
    if ('missing' in now) {
      outcome.changes.push(`${file.path} is missing`);
      continue;
    }
    if ('refused' in now) {
      outcome.diagnostics.push(refusal(now.refused));
      if (reader.overTotal) break;
      continue;
    }
    outcome.checkedFiles++;
    outcome.checkedRows += file.rows.length;
    if (now.sha256 === file.sha256) continue;
    outcome.changes.push(
      ...(now.bytes
        ? await changedRows(file, now.bytes, limits)
        : [`${file.path} changed (${now.size} bytes: too large to compare row by row)`]),
    );
  }
  outcome.changes.push(...(await unlisted(reader, manifest, outcome)));
  return outcome;
}
