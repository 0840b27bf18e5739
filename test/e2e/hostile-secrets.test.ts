/**
 * Secrets kontrak cannot protect are refused, and secrets it is asked to write are written
 * carefully: a secret too short to mask is a load error; `render --include-secrets` warns, writes
 * mode 0600 and refuses an --out that git would pick up, unless --force; `mock` and `partner`
 * write the environments holding their private keys mode 0600, and warn when git would pick
 * them up.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kontrak, type CliResult } from '../support/cli.ts';
import { PROVIDER_YAML, REPO_ROOT, SUITE_YAML, tempProject } from '../support/project.ts';

const SANDBOX = 'kontrak: 1\nenvironment:\n  name: sandbox\n';
const CLIENT_SECRET = 'render-me-carefully-77c1';

const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const c of cleanups) c();
});

function project(): string {
  const p = tempProject({
    'collections/nicepay/provider.yaml': PROVIDER_YAML,
    'collections/nicepay/tiny.yaml': SUITE_YAML,
    'collections/environments/sandbox.yaml': SANDBOX,
  });
  cleanups.push(p.cleanup);
  return p.root;
}

const env = { NICEPAY_CLIENT_ID: 'IONPAYTEST', NICEPAY_CLIENT_SECRET: CLIENT_SECRET };

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed`);
}

describe('a secret too short to mask', () => {
  it('is refused at load with E_SECRET_TOO_SHORT and exit 2, and is never echoed', async () => {
    const root = project();
    const result = await kontrak(['run', '--env', 'sandbox', '--out', join(root, 'out')], {
      cwd: root,
      env: { ...env, NICEPAY_CLIENT_SECRET: 'x7q', NICEPAY_PRIVATE_KEY: 'unused' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('E_SECRET_TOO_SHORT');
    expect(result.stderr).toContain('NICEPAY_CLIENT_SECRET');
    expect(result.stderr).not.toContain('x7q');
    expect(existsSync(join(root, 'out', 'results.json'))).toBe(false);
  });
});

describe('render --include-secrets', () => {
  it('refuses an --out git would commit (exit 2) and writes nothing there', async () => {
    const root = project();
    git(root, 'init', '-q');
    const result = await kontrak(['render', '--include-secrets', '--out', 'dist/postman'], {
      cwd: root,
      env,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('E_SECRETS_NOT_IGNORED');
    expect(existsSync(join(root, 'dist', 'postman', 'sandbox.postman_environment.json'))).toBe(false);
  });

  it('writes into an ignored --out with a warning on stderr, mode 0600', async () => {
    const root = project();
    git(root, 'init', '-q');
    writeFileSync(join(root, '.gitignore'), 'dist/\n');
    const result = await kontrak(['render', '--include-secrets', '--out', 'dist/postman'], {
      cwd: root,
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^warning\[W_SECRETS_IN_CLEAR\] --include-secrets/m);
    const file = join(root, 'dist', 'postman', 'sandbox.postman_environment.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(CLIENT_SECRET);
  });

  it('--force writes where git would commit, still 0600 and with the warning', async () => {
    const root = project();
    git(root, 'init', '-q');
    const result = await kontrak(['render', '--include-secrets', '--force', '--out', 'dist/postman'], {
      cwd: root,
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('warning[W_SECRETS_IN_CLEAR] --include-secrets');
    const file = join(root, 'dist', 'postman', 'sandbox.postman_environment.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('without --include-secrets leaves secret values empty', async () => {
    const root = project();
    const result = await kontrak(['render', '--out', 'dist/postman'], { cwd: root, env });
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(join(root, 'dist', 'postman', 'sandbox.postman_environment.json'), 'utf8');
    expect(text).not.toContain(CLIENT_SECRET);
  });
});

/** Starts `kontrak <command> --port 0 …`, waits until it serves, stops it; what it printed. */
function serveOnce(root: string, args: string[]): Promise<CliResult> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'kontrak.js'), ...args, '--port', '0'], {
    cwd: root,
    env: { ...process.env, PARTNER_CLIENT_ID: '', PARTNER_CLIENT_SECRET: '', PARTNER_BANK_PRIVATE_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.includes('Press Ctrl+C')) child.kill('SIGTERM');
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe.each([
  ['mock', 'mock.postman_environment.json'],
  ['partner', 'partner-local.postman_environment.json'],
])('kontrak %s --out: the environment holding its private keys', (command, name) => {
  it('is written mode 0600, also over an older file, into an ignored folder without a warning', async () => {
    const root = project();
    git(root, 'init', '-q');
    writeFileSync(join(root, '.gitignore'), 'dist/\n.kontrak/\n');
    const file = join(root, 'dist', 'postman', name);
    mkdirSync(join(root, 'dist', 'postman'), { recursive: true });
    writeFileSync(file, '{}');
    chmodSync(file, 0o644);
    const result = await serveOnce(root, [command, '--out', 'dist/postman']);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/PRIVATE KEY-----/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(result.stderr).not.toContain('W_KEYS_NOT_IGNORED');
  });

  it('warns from the diagnostics table when git does not ignore the folder', async () => {
    const root = project();
    git(root, 'init', '-q');
    writeFileSync(join(root, '.gitignore'), '.kontrak/\n');
    const result = await serveOnce(root, [command, '--out', 'keys-here']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(`^warning\\[W_KEYS_NOT_IGNORED\\] .*keys-here.${name.replaceAll('.', '\\.')}`, 'm'),
    );
    expect(result.stderr).toContain('.gitignore');
    expect(statSync(join(root, 'keys-here', name)).mode & 0o777).toBe(0o600);
  });
});
