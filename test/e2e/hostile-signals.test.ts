/**
 * A second SIGINT/SIGTERM while the reports are being written: the process exits at once (143)
 * and leaves no temporary file (the review found a 0-byte `index.html.<pid>.tmp` behind). A first
 * one lets the reports be finished, and the exit code still says the run was stopped.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.ts';
import { runProcess } from '../support/cli.ts';
import { PROVIDER_YAML, REPO_ROOT, SUITE_YAML, tempDir, tempProject } from '../support/project.ts';

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

describe('one SIGTERM while a finished run writes its reports', () => {
  /** A suite of `n` token requests against the mock bank: reports big enough to take a while. */
  function bigProject(n: number): { root: string; cleanup: () => void } {
    const request = SUITE_YAML.slice(SUITE_YAML.indexOf('    - name: token'));
    const requests = Array.from({ length: n }, (_, i) => request.replace('name: token', `name: token ${i}`))
      .join('')
      .replace(/ {6}capture:\n {8}nicepay_access_token: accessToken\n/g, '');
    return tempProject({
      'collections/nicepay/provider.yaml': PROVIDER_YAML,
      'collections/nicepay/many.yaml': `kontrak: 1\nsuite:\n  name: many\n  provider: nicepay\n  requests:\n${requests}`,
    });
  }

  it('writes the reports whole, then exits 143 (the shell’s code for SIGTERM), never 0', async () => {
    const project = bigProject(150);
    const out = join(project.root, 'reports');
    mkdirSync(out);
    try {
      const child = spawn(
        process.execPath,
        [join(REPO_ROOT, 'bin', 'kontrak.js'), 'run', '--out', out, '--reporters', 'html,junit,json'],
        { cwd: project.root, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.resume();
      let signalled = false;
      // The first temporary report file: the run is over and its reports are being written.
      const watcher = watch(out, (_event, name) => {
        if (signalled || !name?.endsWith('.tmp')) return;
        signalled = true;
        child.kill('SIGTERM');
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      watcher.close();
      expect(signalled, stderr).toBe(true);
      expect(code, stderr).toBe(143);
      expect(readdirSync(out).sort()).toEqual(['index.html', 'junit.xml', 'results.json']);
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResult;
      expect(results.totals.requests).toBe(150);
    } finally {
      project.cleanup();
    }
  }, 180_000);
});
