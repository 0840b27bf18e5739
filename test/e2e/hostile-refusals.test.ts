/**
 * A file kontrak refuses (a link out of the project, too large, not UTF-8, not a regular file)
 * is named, never shown: no byte of it reaches the console. `/proc/self/environ` has no
 * newlines, so its "first line" would be the whole environment of the CI job, secrets included.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kontrak, kontrakWithin } from '../support/cli.ts';
import { PROVIDER_YAML, SUITE_YAML, tempDir, tempProject } from '../support/project.ts';

const canary = (): string => `kontrak-canary-${randomBytes(8).toString('hex')}`;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function project(): string {
  const p = tempProject({
    'collections/nicepay/provider.yaml': PROVIDER_YAML,
    'collections/nicepay/tiny.yaml': SUITE_YAML,
  });
  cleanups.push(p.cleanup);
  return p.root;
}

describe('refused files are named, never shown', () => {
  it('a schema linked to /proc/self/environ: E_SYMLINK_OUTSIDE without a byte of the environment', async () => {
    const root = project();
    symlinkSync('/proc/self/environ', join(root, 'schemas', 'env.json'));
    const secret = canary();
    const result = await kontrak(['validate'], { cwd: root, env: { SNAP_CLIENT_SECRET: secret } });
    expect(result.stderr).toContain('E_SYMLINK_OUTSIDE');
    expect(result.code).toBe(2);
    expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
    expect(`${result.stdout}${result.stderr}`).not.toContain('SNAP_CLIENT_SECRET');
  }, 60_000);

  it('a collection linked to a file outside the project: its text is not shown', async () => {
    const root = project();
    const outside = tempDir();
    cleanups.push(outside.cleanup);
    const secret = canary();
    writeFileSync(join(outside.dir, 'secrets.yaml'), `token: ${secret}\n`);
    symlinkSync(join(outside.dir, 'secrets.yaml'), join(root, 'collections', 'leak.yaml'));
    const result = await kontrak(['validate'], { cwd: root });
    expect(result.stderr).toContain('E_SYMLINK_OUTSIDE');
    expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
  }, 60_000);

  it('a file over --max-file-bytes: refused without its first line', async () => {
    const root = project();
    const secret = canary();
    writeFileSync(
      join(root, 'collections', 'big.yaml'),
      `# ${secret}\n${'# padding padding padding padding\n'.repeat(200)}`,
    );
    const result = await kontrak(['validate', '--max-file-bytes', '2048'], { cwd: root });
    expect(result.stderr).toContain('E_FILE_TOO_LARGE');
    expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
  }, 60_000);

  it('a file that is not UTF-8: its position is named, the line and the byte are not shown', async () => {
    const root = project();
    const secret = canary();
    writeFileSync(
      join(root, 'collections', 'latin1.yaml'),
      Buffer.concat([Buffer.from(`# ${secret} `), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    const result = await kontrak(['validate'], { cwd: root });
    expect(result.stderr).toMatch(/collections\/latin1\.yaml:1:\d+ error\[E_NOT_UTF8\]/);
    expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
    expect(result.stderr).not.toContain('0xe9');
  }, 60_000);

  it('a FIFO among the collections: refused as not a regular file, never read (no hang)', async () => {
    const root = project();
    const fifo = join(root, 'collections', 'pipe.yaml');
    const made = spawnSync('mkfifo', [fifo]);
    expect(made.status).toBe(0);
    const result = await kontrakWithin(['validate'], { cwd: root, ms: 30_000 });
    expect(result.killed, 'kontrak validate blocked on the FIFO').toBe(false);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/collections\/pipe\.yaml\S* error\[E_NOT_A_FILE\]/);
  }, 60_000);

  it('a results.json that is not JSON: diff, merge and --baseline quote none of it', async () => {
    const root = project();
    const outside = tempDir();
    cleanups.push(outside.cleanup);
    const secret = canary();
    writeFileSync(join(outside.dir, 'token'), `${secret}\n`);
    symlinkSync(join(outside.dir, 'token'), join(root, 'results.json'));
    for (const args of [
      ['diff', 'results.json', 'results.json'],
      ['merge', 'results.json'],
      ['run', '--baseline', 'results.json', '--out', 'out'],
    ]) {
      const result = await kontrak(args, { cwd: root });
      expect(result.stderr, args.join(' ')).toContain('E_RESULTS_JSON');
      expect(`${result.stdout}${result.stderr}`, args.join(' ')).not.toContain(secret.slice(0, 10));
    }
  }, 120_000);
});
