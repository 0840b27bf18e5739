/**
 * What the package tests share: the tarball `npm run pack` makes (bin/pack.js), and commands run
 * as a user's shell runs them, outside this repository.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/project.ts';

export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
export const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

export interface Result {
  code: number | null;
  output: string;
}

/** The environment of a user's shell: nothing that names this repository (npm_* of the test's own npm run). */
export function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|INIT_CWD$|NODE_OPTIONS$|NODE_PATH$|VITEST|KONTRAK_)/i.test(key)) continue;
    env[key] = value;
  }
  // kontrak's dependencies come from the npm cache when it has them.
  return {
    ...env,
    NO_COLOR: '1',
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    ...extra,
  };
}

export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** `npm run pack -- --destination <dir>`: the tarball's path, or the output when it failed. */
export async function packInto(dir: string): Promise<{ tarball?: string; output: string }> {
  const packed = await run(
    process.execPath,
    [join(REPO_ROOT, 'bin', 'pack.js'), '--destination', dir],
    REPO_ROOT,
    userEnv({}),
  );
  const name = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  return { ...(packed.code === 0 && name ? { tarball: join(dir, name) } : {}), output: packed.output };
}
