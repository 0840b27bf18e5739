/**
 * What the package tests share: the tarball `npm run pack` makes (bin/pack.js), and commands run
 * as a user's shell runs them, outside this repository.
 */
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
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
async function packOnce(dir: string): Promise<Packed> {
  const packed = await run(
    process.execPath,
    [join(REPO_ROOT, 'bin', 'pack.js'), '--destination', dir, '--if-changed'],
    REPO_ROOT,
    userEnv({}),
  );
  const name = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  return { ...(packed.code === 0 && name ? { tarball: join(dir, name) } : {}), output: packed.output };
}

interface Packed {
  tarball?: string;
  output: string;
}

/**
 * The tarball `npm run pack` makes, copied into `dir`. It is made once per test run, in the folder
 * the global setup provides, and shared by the files that install it: two packs at once would
 * stage into the same dist/package, and each one rebuilds dist/lib. The first file to ask packs;
 * another waits for its result.
 */
export async function packInto(dir: string): Promise<Packed> {
  const shared = inject('packDir');
  const result = join(shared, 'packed.json');
  let packed: Packed;
  if (claim(join(shared, 'packing'))) {
    packed = { output: 'npm run pack did not finish' };
    try {
      mkdirSync(join(shared, 'tarball'));
      packed = await packOnce(join(shared, 'tarball'));
    } finally {
      writeFileSync(`${result}.tmp`, JSON.stringify(packed));
      renameSync(`${result}.tmp`, result);
    }
  } else {
    while (!existsSync(result)) await sleep(500);
    packed = JSON.parse(readFileSync(result, 'utf8')) as Packed;
  }
  if (packed.tarball === undefined) return packed;
  const copy = join(dir, basename(packed.tarball));
  copyFileSync(packed.tarball, copy);
  return { tarball: copy, output: packed.output };
}

/** Whether this process made `path` (a folder made atomically: only one process can). */
function claim(path: string): boolean {
  try {
    mkdirSync(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}
