import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kontrak } from '../support/cli.ts';
import { REPO_ROOT, tempProject, PROVIDER_YAML } from '../support/project.ts';

/** `kontrak mock` standalone: prints its URL, writes a Postman environment, keeps its keys. */
const project = tempProject({ 'collections/nicepay/provider.yaml': PROVIDER_YAML });
afterAll(() => project.cleanup());

function startMock(
  extra: string[] = [],
): Promise<{ url: string; out: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'bin', 'kontrak.js'), 'mock', '--port', '0', ...extra],
    {
      cwd: project.root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match && out.includes('Press Ctrl+C')) {
        resolve({
          url: match[1]!,
          out: () => out,
          stop: () =>
            new Promise((done) => {
              child.on('close', done);
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.on('close', (code) => reject(new Error(`mock exited ${code}: ${out}`)));
  });
}

describe('kontrak mock', () => {
  it('serves on loopback, writes its environment, and keeps its keys across restarts', async () => {
    const first = await startMock();
    const answer = await fetch(`${first.url}/nicepay/v1.0/access-token/b2b`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(401);
    expect(((await answer.json()) as { responseCode: string }).responseCode).toMatch(/^401730\d$/);
    expect(await first.stop()).toBe(0);
    const env = JSON.parse(
      readFileSync(join(project.root, 'dist', 'postman', 'mock.postman_environment.json'), 'utf8'),
    ) as { values: Array<{ key: string; value: string }> };
    const key = (name: string) => env.values.find((v) => v.key === name)!.value;
    expect(key('nicepay_base_url')).toBe(first.url);
    expect(key('nicepay_private_key')).toMatch(/^-----BEGIN [A-Z ]+-----\n/);
    const privateKey = key('nicepay_private_key');

    const second = await startMock();
    await second.stop();
    const again = JSON.parse(
      readFileSync(join(project.root, 'dist', 'postman', 'mock.postman_environment.json'), 'utf8'),
    ) as typeof env;
    expect(again.values.find((v) => v.key === 'nicepay_private_key')!.value).toBe(privateKey);
  });

  it('registers --partners clients, lists them, and keeps every key when a provider is added', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(project.root, 'my.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(
      join(project.root, 'partners.yaml'),
      'partners:\n  - clientId: MYCLIENT01\n    clientSecret: my-secret\n    publicKey: my.pub.pem\n    providers: [nicepay]\n',
    );
    const credentialsFile = join(project.root, '.kontrak', 'mock-credentials.json');
    const stored = JSON.parse(readFileSync(credentialsFile, 'utf8')) as {
      values: Array<{ key: string; value: string }>;
      partners: Array<Record<string, string>>;
    };
    // A partner added by hand to the stored file, as people did before --partners.
    stored.partners.push({
      provider: 'nicepay',
      clientId: 'HANDMADE',
      clientSecret: 'x',
      publicKeyPem: stored.partners[0]?.publicKeyPem ?? '',
    });
    writeFileSync(credentialsFile, JSON.stringify(stored));
    const nicepayKey = stored.values.find((v) => v.key === 'nicepay_private_key')?.value;
    // A provider added since: it gets keys of its own, nothing else changes.
    writeFileSync(
      join(project.root, 'collections', 'snap.yaml'),
      PROVIDER_YAML.replace('name: nicepay', 'name: snap').replace(
        'signedPathStripPrefix: /nicepay',
        'signQuery: as-sent',
      ),
    );
    const mock = await startMock(['--partners', 'partners.yaml']);
    try {
      expect(mock.out()).toContain('Registered partners (partners.yaml):\n  MYCLIENT01: nicepay\n');
      const timestamp = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 19) + '+07:00';
      const signature = sign('sha256', Buffer.from(`MYCLIENT01|${timestamp}`), privateKey).toString('base64');
      const answer = await fetch(`${mock.url}/nicepay/v1.0/access-token/b2b`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-TIMESTAMP': timestamp,
          'X-CLIENT-KEY': 'MYCLIENT01',
          'X-SIGNATURE': signature,
        },
        body: '{"grantType":"client_credentials"}',
      });
      expect(((await answer.json()) as { responseCode: string }).responseCode).toBe('2007300');
    } finally {
      expect(await mock.stop()).toBe(0);
    }
    const after = JSON.parse(readFileSync(credentialsFile, 'utf8')) as typeof stored;
    expect(nicepayKey).toMatch(/PRIVATE KEY/);
    expect(after.values.find((v) => v.key === 'nicepay_private_key')?.value).toBe(nicepayKey);
    expect(after.values.some((v) => v.key === 'snap_private_key')).toBe(true);
    expect(after.partners.map((p) => p.clientId)).toEqual(['NICEPAYMOCK', 'HANDMADE', 'SNAPMOCK']);
  });

  it('a partners file with a mistake stops with its position (exit 2)', async () => {
    writeFileSync(join(project.root, 'bad.yaml'), 'partners:\n  - clientId: A\n    clientSecrt: s\n');
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'bin', 'kontrak.js'), 'mock', '--port', '0', '--partners', 'bad.yaml'],
      {
        cwd: project.root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((done) => child.on('close', done));
    expect(code).toBe(2);
    expect(err).toContain(
      'bad.yaml:3:5 error[E_UNKNOWN_KEY] unknown key "clientSecrt" — did you mean "clientSecret"?',
    );
  });
  it('--fresh makes new keys; `kontrak render` never overwrites the environment the mock wrote', async () => {
    const envPath = join(project.root, 'dist', 'postman', 'mock.postman_environment.json');
    const privateKey = () =>
      (
        JSON.parse(readFileSync(envPath, 'utf8')) as { values: Array<{ key: string; value: string }> }
      ).values.find((v) => v.key === 'nicepay_private_key')?.value;
    await (await startMock()).stop();
    const kept = privateKey();
    const fresh = await startMock(['--fresh']);
    await fresh.stop();
    const renewed = privateKey();
    expect(renewed).toMatch(/^-----BEGIN [A-Z ]+-----\n/);
    expect(renewed).not.toBe(kept);

    const render = await kontrak(['render'], { cwd: project.root });
    expect(render.code, render.stderr).toBe(0);
    expect(render.stdout).toContain(
      `environment: ${envPath} kept, not overwritten: written by \`kontrak mock\` with the keys of the mock bank it started`,
    );
    expect(privateKey()).toBe(renewed);
  });

  it('on a port already in use: E_PORT_IN_USE with a hint, exit 3, and no stack', async () => {
    const holder = createServer();
    await new Promise<void>((done) => holder.listen(0, '127.0.0.1', done));
    const port = String((holder.address() as AddressInfo).port);
    try {
      const result = await kontrak(['mock', '--port', port], { cwd: project.root });
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toMatch(new RegExp(`^error\\[E_PORT_IN_USE\\] .*127\\.0\\.0\\.1:${port}`, 'm'));
      expect(result.stderr).toContain('--port');
      expect(result.stderr).not.toContain('E_INTERNAL');
      expect(result.stderr).not.toMatch(/^\s+at /m);
    } finally {
      holder.close();
    }
  });

  it('on an address this machine does not have: E_LISTEN, exit 3, and no stack', async () => {
    // 192.0.2.1 is TEST-NET-1: never an address of this machine, and binding sends nothing.
    const result = await kontrak(['mock', '--host', '192.0.2.1', '--port', '0'], { cwd: project.root });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/^error\[E_LISTEN\] cannot listen on 192\.0\.2\.1:0 \(EADDRNOTAVAIL\)/m);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('a partners file naming a FIFO as publicKey, or given as a FIFO, is refused at once (exit 2)', () => {
    const fifo = join(project.root, 'key.fifo');
    if (spawnSync('mkfifo', [fifo]).status !== 0) throw new Error('mkfifo failed');
    writeFileSync(
      join(project.root, 'fifo-partners.yaml'),
      'partners:\n  - clientId: FIFO\n    clientSecret: s\n    publicKey: key.fifo\n',
    );
    for (const [file, code] of [
      ['fifo-partners.yaml', 'E_PARTNER_KEY'],
      ['key.fifo', 'E_PARTNERS_FILE'],
    ] as const) {
      // Bounded: a reader that opens the FIFO waits for a writer forever, and is killed here.
      const result = spawnSync(
        process.execPath,
        [join(REPO_ROOT, 'bin', 'kontrak.js'), 'mock', '--port', '0', '--partners', file],
        { cwd: project.root, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' },
      );
      expect(result.signal, `${file} blocked`).toBeNull();
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toContain(`error[${code}]`);
      expect(result.stderr).toContain('not a regular file');
    }
  });
});
