import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './project.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A process that may not end by itself: `killed` says it was stopped at its deadline. */
export interface BoundedResult extends CliResult {
  killed: boolean;
}

interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Killed with SIGKILL after this many ms (a hang, a FIFO read, a server waiting for a signal). */
  killAfterMs?: number;
}

/** Run a command to completion (or to its deadline) and collect its output (no shell). */
export function runProcess(command: string, args: string[], options: RunOptions): Promise<BoundedResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer =
      options.killAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            killed = true;
            child.kill('SIGKILL');
          }, options.killAfterMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, killed });
    });
  });
}

/** The real `kontrak` binary, as a user runs it. */
export function kontrak(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliResult> {
  return runProcess(process.execPath, [join(REPO_ROOT, 'bin', 'kontrak.js'), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? {},
  });
}

/** The real `kontrak` binary, killed after `ms` if it has not ended: for a command that might hang. */
export function kontrakWithin(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; ms: number },
): Promise<BoundedResult> {
  return runProcess(process.execPath, [join(REPO_ROOT, 'bin', 'kontrak.js'), ...args], {
    cwd: options.cwd,
    env: options.env ?? {},
    killAfterMs: options.ms,
  });
}
