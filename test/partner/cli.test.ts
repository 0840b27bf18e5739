import { spawn } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kontrak } from '../support/cli.ts';
import { REPO_ROOT, tempDir } from '../support/project.ts';

/** `kontrak partner` standalone, then the inbound suites run against it through --env partner. */
const dir = tempDir();
afterAll(() => {
  dir.cleanup();
});

function startPartnerCli(
  extra: string[] = [],
  cwd = dir.dir,
): Promise<{ stdout: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'bin', 'kontrak.js'), 'partner', '--port', '0', ...extra],
    {
      cwd,
      env: { ...process.env, PARTNER_CLIENT_ID: '', PARTNER_CLIENT_SECRET: '', PARTNER_BANK_PRIVATE_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Press Ctrl+C'))
        resolve({
          stdout: () => out,
          stop: () =>
            new Promise((done) => {
              child.on('close', done);
              child.kill('SIGTERM');
            }),
        });
    });
    child.on('close', (code) => {
      reject(new Error(`partner exited ${String(code)}: ${out}`));
    });
  });
}

/** `export NAME='value'` lines → values. */
function readEnvFile(path: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const match of readFileSync(path, 'utf8').matchAll(/^export (\w+)='([^']*)'$/gm))
    values[match[1] ?? ''] = match[2] ?? '';
  return values;
}

describe('kontrak partner', () => {
  it('writes its Postman environment to an absolute --out as given, not under the working folder', async () => {
    const target = join(dir.dir, 'elsewhere', 'postman');
    const partner = await startPartnerCli(['--out', target]);
    try {
      expect(existsSync(join(target, 'partner-local.postman_environment.json'))).toBe(true);
      expect(existsSync(join(dir.dir, dir.dir))).toBe(false);
    } finally {
      await partner.stop();
    }
  });

  it('prints a next step that works where it runs: npx in an installed project, npm run suites in the clone', async () => {
    const project = (name: string, manifest: object): string => {
      const at = join(dir.dir, name);
      mkdirSync(at, { recursive: true });
      writeFileSync(join(at, 'package.json'), JSON.stringify(manifest));
      return at;
    };
    const installed = project('installed', {
      name: 'merchant-callbacks',
      devDependencies: { kontrak: '^1.0.0' },
    });
    const clone = project('clone', { name: 'kontrak', scripts: { suites: 'node bin/kontrak.js run' } });
    for (const [cwd, step] of [
      [installed, 'npx kontrak run --env partner'],
      [clone, 'npm run suites -- --env partner'],
    ] as const) {
      const partner = await startPartnerCli([], cwd);
      try {
        const steps = partner.stdout();
        expect(steps).toContain(`. ${join(cwd, '.kontrak', 'partner.env')} && ${step}`);
        expect(steps).not.toContain('npm run kontrak');
        expect(steps).toContain('as one bank calls: PARTNER_BANK=<bca|bri|dana|nicepay|doku> before the run');
      } finally {
        await partner.stop();
      }
    }
  });

  it('starts on loopback with throwaway bank credentials that --env partner and explain use', async () => {
    const partner = await startPartnerCli();
    try {
      const envPath = join(dir.dir, '.kontrak', 'partner.env');
      expect(statSync(envPath).mode & 0o777).toBe(0o600);
      const env = readEnvFile(envPath);
      expect(env.PARTNER_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(env.PARTNER_BANK_PRIVATE_KEY).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      // The secrets go to the file only, never to the console.
      expect(partner.stdout()).not.toContain(env.PARTNER_CLIENT_SECRET);
      expect(partner.stdout()).not.toContain('PRIVATE KEY');
      const postman = JSON.parse(
        readFileSync(join(dir.dir, 'dist', 'postman', 'partner-local.postman_environment.json'), 'utf8'),
      ) as { values: Array<{ key: string; value: string }> };
      expect(postman.values.find((v) => v.key === 'partner_base_url')?.value).toBe(env.PARTNER_BASE_URL);

      const run = await kontrak(
        ['run', '--env', 'partner', '--suite', 'partner-va-bca', '--out', join(dir.dir, 'reports')],
        { env },
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toMatch(/PASS partner-va-bca {2}(\d+)\/\1 requests passed/);
      expect(run.stdout).not.toContain('FINDINGS');

      const explained = await kontrak(['explain', 'partner-va-bca', '--env', 'partner'], { env });
      expect(explained.code).toBe(0);
      const pem = /-----BEGIN PUBLIC KEY-----\n[^-]+-----END PUBLIC KEY-----/.exec(explained.stdout)?.[0];
      const expected = createPublicKey(env.PARTNER_BANK_PRIVATE_KEY ?? '')
        .export({ type: 'spki', format: 'pem' })
        .toString()
        .trim();
      expect(pem).toBe(expected);
    } finally {
      expect(await partner.stop()).toBe(0);
    }
  });

  it('on a port already in use: E_PORT_IN_USE with a hint, exit 3, and no stack', async () => {
    const holder = createServer();
    await new Promise<void>((done) => holder.listen(0, '127.0.0.1', done));
    const port = String((holder.address() as AddressInfo).port);
    try {
      const result = await kontrak(['partner', '--port', port], {
        cwd: dir.dir,
        env: { PARTNER_CLIENT_ID: '', PARTNER_CLIENT_SECRET: '', PARTNER_BANK_PRIVATE_KEY: '' },
      });
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toMatch(new RegExp(`^error\\[E_PORT_IN_USE\\] .*127\\.0\\.0\\.1:${port}`, 'm'));
      expect(result.stderr).not.toContain('E_INTERNAL');
      expect(result.stderr).not.toMatch(/^\s+at /m);
    } finally {
      holder.close();
    }
  });
});
