/**
 * Making an output folder, and saying plainly why a path cannot be one. Node's recursive mkdir
 * spins for ever where a parent exists but refuses a child (`/proc/x`), and a file in the way is
 * an EEXIST or ENOTDIR stack: here each folder is made on its own, and a refusal is a diagnostic.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { error, type Diagnostic } from './diagnostics/diagnostic.ts';

export type Folder = { ok: true; created?: string } | { ok: false; reason: string };

const errno = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

/** The nearest existing ancestor of `path` (or `path` itself) and the folders missing below it, outermost first. */
function existingAncestor(path: string): { at: string; missing: string[] } | { reason: string } {
  const missing: string[] = [];
  let at = resolve(path);
  for (;;) {
    try {
      const stat = statSync(at);
      if (!stat.isDirectory()) return { reason: `${at} is a file, not a folder` };
      return { at, missing };
    } catch (e) {
      const code = errno(e);
      // Missing, or a file in the way further up (found as the walk goes up).
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return { reason: `${at} cannot be read (${code})` };
      const up = dirname(at);
      if (up === at) return { reason: `nothing of ${path} exists` };
      missing.unshift(at);
      at = up;
    }
  }
}

/** Why `path` cannot be a folder without writing anything, or undefined when nothing is in the way yet. */
export function folderProblem(path: string): string | undefined {
  const found = existingAncestor(path);
  return 'reason' in found ? found.reason : undefined;
}

/** Make `path` a folder (with its missing parents, one at a time): `created` is the outermost folder made. */
export function makeFolder(path: string): Folder {
  const found = existingAncestor(path);
  if ('reason' in found) return { ok: false, reason: found.reason };
  for (const dir of found.missing) {
    try {
      mkdirSync(dir);
    } catch (e) {
      if (errno(e) === 'EEXIST' && statSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue;
      return { ok: false, reason: `the system will not make ${dir} (${errno(e)})` };
    }
  }
  const [created] = found.missing;
  return created === undefined ? { ok: true } : { ok: true, created };
}

/** The diagnostic for a folder that cannot be: `shown` as the user named it. */
export function notAFolder(shown: string, reason: string): Diagnostic {
  return error('E_NOT_A_FOLDER', `${shown} cannot be a folder: ${reason}`, {
    hint: 'name a folder, or a path where one can be made',
  });
}
