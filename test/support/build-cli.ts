/**
 * Vitest global setup: tests that start the real `kontrak` (bin/kontrak.js) run the compiled
 * dist/lib, so it is brought up to date once here rather than inside the first such test. It also
 * provides the folder where the package tests share one packed tarball per run (test/e2e/_packed.ts),
 * removed when the run ends.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT } from './project.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder for this run's packed tarball, made by the first package test that needs it. */
    packDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'build.js'), '--if-changed'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0)
    throw new Error(`bin/build.js --if-changed failed:\n${build.stdout}${build.stderr}`);
  const packDir = mkdtempSync(join(tmpdir(), 'kontrak-pack-'));
  project.provide('packDir', packDir);
  return () => rmSync(packDir, { recursive: true, force: true });
}
