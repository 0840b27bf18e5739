/**
 * Files that hold credentials in clear (Postman environments with private keys, env files):
 * readable by their owner alone, and said out loud when git would pick them up.
 */
import { spawnSync } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { warning, type Diagnostic } from '../diagnostics/diagnostic.ts';

/**
 * Whether git would leave `path` out of a commit: ignored, or outside any repository. A path git
 * would pick up is where a secret leaks from.
 */
export function gitWouldIgnore(cwd: string, path: string): boolean {
  const check = spawnSync('git', ['check-ignore', '-q', '--no-index', path], { cwd, stdio: 'ignore' });
  if (check.status === 0) return true;
  if (check.status === 1) return false;
  // 128: not a repository, or the path lies outside it; no git at all: nothing to commit it to.
  return check.status === 128 || check.error !== undefined;
}

/** W_KEYS_NOT_IGNORED for a key file git would commit, else nothing. */
export function keysNotIgnored(cwd: string, path: string): Diagnostic[] {
  if (gitWouldIgnore(cwd, path)) return [];
  return [warning('W_KEYS_NOT_IGNORED', `${path} holds private keys, and git does not ignore it`)];
}

/** Writes `text` readable and writable by the owner only (mode 0600), an older file included. */
export async function writeOwnerOnly(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  // writeFile's mode applies only to a new file: an older one keeps its own unless set.
  await chmod(path, 0o600);
}
