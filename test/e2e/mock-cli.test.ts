import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kontrak } from '../support/cli.ts';
import { REPO_ROOT, tempProject, PROVIDER_YAML } from '../support/project.ts';

/** `kontrak mock` standalone: prints its URL, writes a Postman environment, keeps its keys. */
const project = tempProject({ 'collections/nicepay/provider.yaml': PROVIDER_YAML });
afterAll(() => project.cleanup());

function startMock(...extra: string[]): Promise<{ url: string; stop: () => Promise<number | null> }> {
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

  it('--fresh makes new keys; `kontrak render` never overwrites the environment the mock wrote', async () => {
    const envPath = join(project.root, 'dist', 'postman', 'mock.postman_environment.json');
    const privateKey = () =>
      (
        JSON.parse(readFileSync(envPath, 'utf8')) as { values: Array<{ key: string; value: string }> }
      ).values.find((v) => v.key === 'nicepay_private_key')!.value;
    await (await startMock()).stop();
    const kept = privateKey();
    const fresh = await startMock('--fresh');
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
});
