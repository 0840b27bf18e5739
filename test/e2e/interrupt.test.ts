/**
 * Signals, the --out lock and the bounds of run's numeric options, through the real binary.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kontrak, type CliResult } from '../support/cli.ts';
import { startHostileServer, type HostileServer } from '../support/hostile-server.ts';
import { REPO_ROOT, tempDir, tempProject } from '../support/project.ts';
import { readCheckedResults } from '../support/results-schema.ts';

const PROVIDER = `kontrak: 1
provider:
  name: hostile
  credentials:
    client_secret: { secret: true }
`;
const step = (name: string, path: string): string =>
  `    - name: ${name}\n      method: GET\n      path: ${path}\n      expect:\n        status: 200\n`;
const SUITE = `kontrak: 1
suite:
  name: slow
  provider: hostile
  requests:
${step('quick', '/ok')}${step('slow one', '/drip')}${step('never sent', '/ok')}`;

let server: HostileServer;
const project = tempProject({
  'collections/hostile/provider.yaml': PROVIDER,
  'collections/hostile/suite.yaml': SUITE,
  'collections/environments/sandbox.yaml': 'kontrak: 1\nenvironment:\n  name: sandbox\n',
});
beforeAll(async () => {
  server = await startHostileServer({ dripEveryMs: 100, dripMaxMs: 1500 });
});
afterAll(async () => {
  await server.close();
  project.cleanup();
});

/** Start a run, send `signals` once the drip is in flight, collect the outcome. */
function interruptedRun(outDir: string, signals: NodeJS.Signals[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'bin', 'kontrak.js'), 'run', '--env', 'sandbox', '--out', outDir, '--timeout', '5000'],
      {
        cwd: project.root,
        env: {
          ...process.env,
          HOSTILE_BASE_URL: server.url,
          HOSTILE_CLIENT_SECRET: 'secret-value',
          CI: 'true',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The drip is in flight once the server has started it: poll the other side's log.
    const poll = setInterval(() => {
      if (server.dripping() === 0) return;
      clearInterval(poll);
      signals.forEach((signal, i) => setTimeout(() => child.kill(signal), i * 50));
    }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('signals', () => {
  it('SIGINT: finishes the request in flight, sends nothing more, writes interrupted reports, exits 130', async () => {
    const out = tempDir();
    try {
      const result = await interruptedRun(out.dir, ['SIGINT']);
      expect(result.code, result.stderr).toBe(130);
      expect(result.stderr).toContain('SIGINT: sending nothing more');
      expect(readdirSync(out.dir).sort()).toEqual(['index.html', 'junit.xml', 'results.json']);
      const results = readCheckedResults(join(out.dir, 'results.json'));
      expect(results.interrupted).toEqual({ signal: 'SIGINT' });
      expect(results.suites[0]!.exchanges.map((e) => e.name)).toEqual(['quick', 'slow one']);
      expect(readFileSync(join(out.dir, 'junit.xml'), 'utf8')).toContain('name="interrupted" value="SIGINT"');
      expect(readFileSync(join(out.dir, 'index.html'), 'utf8')).toContain('INTERRUPTED');
    } finally {
      out.cleanup();
    }
  }, 30_000);

  it('SIGTERM exits 143; a second signal exits at once and leaves no temporary file or lock', async () => {
    const out = tempDir();
    try {
      const result = await interruptedRun(out.dir, ['SIGTERM', 'SIGTERM']);
      expect(result.code, result.stderr).toBe(143);
      expect(result.stderr).toContain('stopping now');
      expect(readdirSync(out.dir).filter((f) => f.endsWith('.tmp') || f.startsWith('.kontrak'))).toEqual([]);
    } finally {
      out.cleanup();
    }
  }, 30_000);
});

describe('one run per --out', () => {
  it('refuses a second run into a directory a live run holds, naming its process', async () => {
    const out = tempDir();
    try {
      // This test process is alive: a lock naming it is held.
      writeFileSync(
        join(out.dir, '.kontrak.lock'),
        JSON.stringify({ pid: process.pid, startedAt: '2026-01-01T00:00:00.000Z', command: 'kontrak run' }),
      );
      const result = await kontrak(['run', '--out', out.dir], { cwd: REPO_ROOT });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`E_OUT_LOCKED`);
      expect(result.stderr).toContain(`process ${process.pid}`);
      expect(existsSync(join(out.dir, 'results.json'))).toBe(false);
    } finally {
      out.cleanup();
    }
  });
});

describe('run option bounds', () => {
  it.each([
    ['--timeout', '0'],
    ['--timeout', '1e9'],
    ['--timeout', '600001'],
    ['--max-response-bytes', '0'],
    ['--shard', '1/99999999999'],
  ])('%s %s exits 4 with a usage error', async (flag, value) => {
    const result = await kontrak(['run', flag, value], { cwd: REPO_ROOT });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error\[E_(USAGE|OPTION_VALUE)\]/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
