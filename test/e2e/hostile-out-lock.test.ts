/**
 * Two real runs into one --out, as the review found them ("the last one silently wins"): the
 * second is refused while the first is running, with a message naming the first's process, and
 * the reports left are the first run's, whole.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.ts';
import { kontrak, type CliResult } from '../support/cli.ts';
import { startHostileServer, type HostileServer } from '../support/hostile-server.ts';
import { PROVIDER_YAML, REPO_ROOT, SUITE_YAML, tempDir, tempProject } from '../support/project.ts';

const PROVIDER = `kontrak: 1
provider:
  name: hostile
  credentials:
    client_secret: { secret: true }
`;
const suite = (name: string, path: string): string => `kontrak: 1
suite:
  name: ${name}
  provider: hostile
  requests:
    - name: ${path}
      method: GET
      path: ${path}
      expect:
        status: 200
`;

let server: HostileServer;
const project = tempProject({
  'collections/hostile/provider.yaml': PROVIDER,
  'collections/hostile/slow.yaml': suite('slow', '/drip'),
  'collections/hostile/quick.yaml': suite('quick', '/ok'),
  'collections/environments/sandbox.yaml': 'kontrak: 1\nenvironment:\n  name: sandbox\n',
});
const out = tempDir();
const env = { HOSTILE_CLIENT_SECRET: 'secret-value', CI: 'true' };

beforeAll(async () => {
  // The first run's drip goes on until the test ends it (at most 150 s).
  server = await startHostileServer({ dripEveryMs: 100, dripMaxMs: 150_000 });
});
afterAll(async () => {
  await server.close();
  project.cleanup();
  out.cleanup();
});

describe('two runs into one --out', () => {
  it('refuses the second while the first runs, naming its process; the first run’s reports stay whole', async () => {
    const first = spawn(
      process.execPath,
      [
        join(REPO_ROOT, 'bin', 'kontrak.js'),
        ...['run', '--env', 'sandbox', '--suite', 'slow', '--out', out.dir, '--timeout', '170000'],
      ],
      {
        cwd: project.root,
        env: { ...process.env, ...env, HOSTILE_BASE_URL: server.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let firstErr = '';
    first.stderr.on('data', (d: Buffer) => (firstErr += d.toString()));
    first.stdout.resume();
    const firstDone = new Promise<number | null>((resolve) => first.on('close', resolve));
    // The first run holds --out once its request is on the wire (or it is over: the checks below say why).
    let firstExited = false;
    void firstDone.then(() => (firstExited = true));
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (server.dripping() > 0 || firstExited) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    });
    expect(firstExited, firstErr).toBe(false);

    const second: CliResult = await kontrak(
      ['run', '--env', 'sandbox', '--suite', 'quick', '--out', out.dir],
      { cwd: project.root, env: { ...env, HOSTILE_BASE_URL: server.url } },
    );
    server.finishDrips(); // the first run's answer completes now: it passes and writes its reports
    const firstCode = await firstDone;

    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr).toContain('E_OUT_LOCKED');
    expect(second.stderr).toContain(`process ${first.pid}`);
    expect(firstCode, firstErr).toBe(0);
    expect(readdirSync(out.dir).sort()).toEqual(['index.html', 'junit.xml', 'results.json']);
    const results = JSON.parse(readFileSync(join(out.dir, 'results.json'), 'utf8')) as RunResult;
    expect(results.suites.map((s) => s.name)).toEqual(['slow']);
    expect(readFileSync(join(out.dir, 'junit.xml'), 'utf8')).not.toContain('quick');
  }, 180_000);
});

describe('a lock left behind, whose pid now belongs to another process', () => {
  const mockProject = tempProject({
    'collections/nicepay/provider.yaml': PROVIDER_YAML,
    'collections/nicepay/tiny.yaml': SUITE_YAML,
  });
  afterAll(() => mockProject.cleanup());

  /** A lock in a fresh --out naming this test's own process: alive, and no kontrak run. */
  function staleLock(owner: Record<string, unknown>): { dir: string; cleanup: () => void } {
    const dir = tempDir();
    writeFileSync(join(dir.dir, '.kontrak.lock'), `${JSON.stringify({ pid: process.pid, ...owner })}\n`);
    return dir;
  }

  it('is recognised by its process start token and taken over', async () => {
    const dir = staleLock({
      startedAt: '2020-01-01T00:00:00.000Z',
      command: 'kontrak run --env mock',
      start: 'linux-proc:1',
    });
    try {
      const result = await kontrak(['run', '--out', dir.dir, '--reporters', 'json'], {
        cwd: mockProject.root,
      });
      expect(result.code, result.stderr).toBe(0);
      expect(readdirSync(dir.dir)).toEqual(['results.json']);
    } finally {
      dir.cleanup();
    }
  }, 60_000);

  it('that cannot be checked is refused with its pid and how to clear it', async () => {
    const dir = staleLock({ startedAt: '2020-01-01T00:00:00.000Z', command: 'kontrak run --env mock' });
    try {
      const result = await kontrak(['run', '--out', dir.dir, '--reporters', 'json'], {
        cwd: mockProject.root,
      });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain('E_OUT_LOCKED');
      expect(result.stderr).toContain(`process ${process.pid}`);
      expect(result.stderr).toContain(`remove ${join(dir.dir, '.kontrak.lock')}`);
      expect(readdirSync(dir.dir)).toEqual(['.kontrak.lock']);
    } finally {
      dir.cleanup();
    }
  }, 60_000);
});
