/**
 * Vitest global setup: tests that start the real `kontrak` (bin/kontrak.js) run the compiled
 * dist/lib, so it is brought up to date once here rather than inside the first such test.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './project.ts';

export default function setup(): void {
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'build.js'), '--if-changed'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0)
    throw new Error(`bin/build.js --if-changed failed:\n${build.stdout}${build.stderr}`);
}
