import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let configured: string | undefined;

/** Set by the CLI from KONTRAK_CACHE_DIR: another folder, or `off`; undefined for the default. */
export function setCacheDir(setting: string | undefined): void {
  configured = setting === '' ? undefined : setting;
}

/**
 * Where kontrak keeps what it can make once and reuse across runs (throwaway mock keys, compiled
 * schemas): node_modules/.cache/kontrak, never in git. KONTRAK_CACHE_DIR moves it; `off` disables it.
 */
export function cacheDir(): string | undefined {
  if (configured === 'off') return undefined;
  return (
    configured ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.cache', 'kontrak')
  );
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
