/**
 * One run per --out directory at a time: a second run into the same directory would interleave
 * or silently replace the first one's reports. The lock is a file created exclusively, holding
 * the owner's pid and a token of when that process started; a lock whose process is gone, or
 * whose pid now belongs to a process started at another time (the pid was reused), is stale and
 * taken over. One that cannot be checked is refused with its pid and how to clear it.
 */
import { readFileSync, readdirSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { makeFolder, notAFolder } from '../folders.ts';

export const LOCK_FILE = '.kontrak.lock';

interface LockOwner {
  pid: number;
  startedAt: string;
  command: string;
  /** When the process started, as the system counts it (`startToken`); absent where it cannot be read. */
  start?: string;
}

/**
 * A token that tells a process from a later one given the same pid: on Linux its start time in
 * clock ticks since boot (field 22 of /proc/<pid>/stat, after the command name in parentheses).
 * Undefined where there is no /proc.
 */
export function startToken(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = fields[19]; // field 22 overall: fields[0] here is field 3
    return ticks && /^\d+$/.test(ticks) ? `linux-proc:${ticks}` : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the lock's owner still runs: alive, and (when the lock says when it started) the same process. */
function holds(owner: LockOwner): 'yes' | 'no' | 'unknown' {
  if (owner.pid === process.pid || !alive(owner.pid)) return 'no';
  const now = startToken(owner.pid);
  if (owner.start === undefined || now === undefined) return 'unknown';
  return now === owner.start ? 'yes' : 'no';
}

export type LockResult = { ok: true; release: () => void } | { ok: false; diagnostic: Diagnostic };

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
export function lockOut(outDir: string, command: string, cwd = outDir): LockResult {
  const folder = makeFolder(outDir);
  if (!folder.ok)
    return { ok: false, diagnostic: notAFolder(relative(cwd, outDir) || outDir, folder.reason) };
  const { created } = folder;
  const path = join(outDir, LOCK_FILE);
  const start = startToken(process.pid);
  const me: LockOwner = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    command,
    ...(start ? { start } : {}),
  };
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
    const held = owner ? holds(owner) : 'no';
    if (owner && held === 'yes') {
      return {
        ok: false,
        diagnostic: locked(
          `${outDir} is in use by another kontrak run: process ${owner.pid} (${owner.command}, started ${owner.startedAt}); wait for it to finish, or give this run its own --out`,
        ),
      };
    }
    if (owner && held === 'unknown') {
      return {
        ok: false,
        diagnostic: locked(
          `${outDir} is locked by process ${owner.pid} (${owner.command}, started ${owner.startedAt}), which is running, but kontrak cannot tell whether it is that run or another process given the same pid; if process ${owner.pid} is no kontrak run, remove ${path} and run again, or give this run its own --out`,
        ),
      };
    }
    // Left behind by a process that is gone (or unreadable), or by one whose pid was reused: stale, take it over.
    try {
      unlinkSync(path);
    } catch {
      /* taken by someone else meanwhile: the next attempt says who */
    }
  }
  return { ok: false, diagnostic: locked(`${outDir} is in use by another kontrak run (${path})`) };
}

const locked = (message: string): Diagnostic => error('E_OUT_LOCKED', message);

function removeIfEmpty(dir: string): void {
  try {
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    /* gone already, or filled meanwhile: nothing to tidy */
  }
}
