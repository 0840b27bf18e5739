/**
 * The package as a user gets it, for the package benches: `npm run pack` (bin/pack.js) into a
 * temporary folder, and optionally installed into a project there.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Packed {
  dir: string;
  tarball: string;
  size: number;
  unpackedSize: number;
  files: number;
}

export function packed(): Packed {
  const dir = mkdtempSync(join(tmpdir(), 'kontrak-bench-package-'));
  const printed = sh(
    process.execPath,
    [join(import.meta.dirname, '..', 'bin', 'pack.js'), '--destination', dir, '--json'],
    dir,
  );
  const made = JSON.parse(printed.trim().split('\n').at(-1) ?? '{}') as Omit<Packed, 'dir'>;
  return { dir, ...made };
}

/** Runs a command in `cwd`; throws with its output when it fails. */
export function sh(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** A project in `dir` with the tarball installed and `kontrak init --bank nicepay` done. */
export function installedProject(dir: string, tarball: string): string {
  const project = join(dir, 'project');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    '{ "name": "bench-project", "version": "1.0.0", "private": true }\n',
  );
  sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], project);
  sh(
    process.execPath,
    [join(project, 'node_modules', 'kontrak', 'bin', 'kontrak.js'), 'init', '--bank', 'nicepay'],
    project,
  );
  return project;
}
