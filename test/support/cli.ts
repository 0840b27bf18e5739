import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './project.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a command to completion and collect its output (no shell). */
export function runProcess(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined> },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
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
