import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { packageRoot } from './project/assets.ts';

/**
 * Where kontrak keeps what it can make once and reuse across runs (throwaway mock keys, compiled
 * schemas): node_modules/.cache/kontrak — the node_modules kontrak is installed in, or this
 * checkout's own — never in git. `setting` is KONTRAK_CACHE_DIR as the caller read it (the CLI,
 * from its environment): another folder, or `off` to disable it; undefined or '' for the default.
 */
export function cacheDir(setting?: string): string | undefined {
  if (setting === 'off') return undefined;
  if (setting !== undefined && setting !== '') return setting;
  const root = packageRoot();
  const modules = basename(dirname(root)) === 'node_modules' ? dirname(root) : join(root, 'node_modules');
  return join(modules, '.cache', 'kontrak');
}

/** Writes `text` whole or not at all (concurrent runs never read half a file); false when it cannot. */
export function writeCacheFile(file: string, text: string): boolean {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, text, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
    return true;
  } catch {
    return false; // a read-only checkout still runs, it just redoes the work every time
  }
}
