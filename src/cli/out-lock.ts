/**
 * One run per --out directory at a time: a second run into the same directory would interleave
 * or silently replace the first one's reports. The lock is a file created exclusively, holding
 * the owner's pid; a lock whose process is gone is stale and taken over.
 */
import { mkdirSync, readFileSync, readdirSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = '.kontrak.lock';

interface LockOwner {
  pid: number;
  startedAt: string;
  command: string;
}

export type LockResult = { ok: true; release: () => void } | { ok: false; message: string };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' ? (owner as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Take the lock of `outDir` (created if missing) for this process. A directory the lock created is
 * removed again on release when nothing was written into it: a run refused for bad input leaves
 * no trace.
 */
export function lockOut(outDir: string, command: string): LockResult {
  const created = mkdirSync(outDir, { recursive: true });
  const path = join(outDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, startedAt: new Date().toISOString(), command };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${JSON.stringify(me)}\n`, { flag: 'wx', mode: 0o644 });
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.off('exit', release);
        if (readOwner(path)?.pid === process.pid) unlinkSync(path);
        if (created !== undefined) removeIfEmpty(outDir);
      };
      // Whatever ends the process (a second signal, an uncaught error), the lock goes with it.
      process.on('exit', release);
      return { ok: true, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = readOwner(path);
    if (owner && owner.pid !== process.pid && alive(owner.pid)) {
      return {
        ok: false,
        message: `${outDir} is in use by another kontrak run: process ${owner.pid} (${owner.command}, started ${owner.startedAt}); wait for it to finish, or give this run its own --out`,
      };
    }
    // Left behind by a process that is gone (or unreadable): stale, take it over.
    try {
      unlinkSync(path);
    } catch {
      /* taken by someone else meanwhile: the next attempt says who */
    }
  }
  return { ok: false, message: `${outDir} is in use by another kontrak run (${path})` };
}

function removeIfEmpty(dir: string): void {
  try {
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    /* gone already, or filled meanwhile: nothing to tidy */
  }
}
