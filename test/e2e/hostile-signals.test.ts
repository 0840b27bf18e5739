/**
 * A second SIGINT/SIGTERM while the reports are being written: the process exits at once (143)
 * and leaves no temporary file (the review found a 0-byte `index.html.<pid>.tmp` behind).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../support/cli.ts';
import { REPO_ROOT, tempDir } from '../support/project.ts';

describe('a second signal in the middle of writing the reports', () => {
  it('exits 143 at once and leaves no temporary file behind', async () => {
    const out = tempDir();
    try {
      const result = await runProcess(
        process.execPath,
        [
          join(REPO_ROOT, 'bin', 'run-ts.js'),
          join(REPO_ROOT, 'test', 'support', 'write-under-signal.ts'),
          out.dir,
        ],
        { cwd: REPO_ROOT },
      );
      expect(result.stdout, result.stderr).toMatch(/^writing \S+\.\d+\.tmp$/m);
      expect(result.stdout).not.toContain('finished before');
      expect(result.code, result.stderr).toBe(143);
      expect(result.stderr).toContain('stopping now');
      expect(readdirSync(out.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      out.cleanup();
    }
  }, 120_000);
});
