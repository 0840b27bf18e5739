/**
 * `kontrak run` against a hostile bank (test/support/hostile-server.ts), as a user runs it: one
 * run, every misbehaviour at once, and each is a classified failure in all three reports — never
 * a crash, a hang, a leak or a pass.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeResult, RunResult } from '../../src/model/results.ts';
import { BODY_LIMIT_BYTES } from '../../src/run/exchange.ts';
import { kontrak, type CliResult } from '../support/cli.ts';
import { startHostileServer, type HostileServer } from '../support/hostile-server.ts';
import { tempDir, tempProject } from '../support/project.ts';
import { readCheckedResults } from '../support/results-schema.ts';

export const HOSTILE_PROVIDER = `kontrak: 1
provider:
  name: hostile
  baseUrls:
    sandbox: https://bank.invalid
  credentials:
    client_id: { secret: false }
    client_secret: { secret: true }
`;

function request(name: string, path: string, extra = ''): string {
  return `    - name: ${name}
      method: POST
      path: ${path}
      form:
        grant_type: client_credentials
        client_secret: "{{hostile_client_secret}}"
      headers:
        X-CLIENT-KEY: "{{hostile_client_id}}"
      expect:
        status: 200
${extra}`;
}

const SUITE = `kontrak: 1
suite:
  name: hostile
  provider: hostile
  requests:
${request('cross-origin redirect', '/redirect-cross', '      followRedirects: same-origin\n')}${request('cross-origin redirect, not followed', '/redirect-cross')}${request('same-origin redirect', '/redirect-same', '      followRedirects: same-origin\n')}${request('same-origin redirect, not followed', '/redirect-same')}${request('gzip bomb', '/gzip-bomb')}${request('deflate bomb', '/deflate-bomb')}${request('oversized body', '/big')}${request('drip', '/drip')}${request('escape codes', '/escape', '        responseCode: "2000000"\n')}${request('secret at the cut', '/echo')}${request('still answered', '/ok')}`;

/** A long random-looking secret, so the one at the cut is unmistakable. */
const SECRET = 'Sx9-secret-at-the-cut-0123456789abcdef';

let server: HostileServer;
const project = tempProject({
  'collections/hostile/provider.yaml': HOSTILE_PROVIDER,
  'collections/hostile/suite.yaml': SUITE,
  'collections/environments/sandbox.yaml': 'kontrak: 1\nenvironment:\n  name: sandbox\n',
});
const out = tempDir();
let run: CliResult;
let results: RunResult;
const exchange = (name: string): ExchangeResult => results.suites[0]!.exchanges.find((e) => e.name === name)!;

beforeAll(async () => {
  // The form body starts with "grant_type=client_credentials&client_secret=": the secret then
  // straddles the 16 KiB cut of the report.
  const prefix = 'grant_type=client_credentials&client_secret='.length;
  server = await startHostileServer({
    bombBytes: 16 * 1024 * 1024,
    bigBytes: 3 * 1024 * 1024,
    dripEveryMs: 200,
    dripMaxMs: 15_000,
    cutAt: BODY_LIMIT_BYTES - prefix - 6,
  });
  run = await kontrak(
    ['run', '--env', 'sandbox', '--out', out.dir, '--timeout', '2000', '--max-response-bytes', '2000000'],
    {
      cwd: project.root,
      env: { HOSTILE_BASE_URL: server.url, HOSTILE_CLIENT_ID: 'partner-1', HOSTILE_CLIENT_SECRET: SECRET },
    },
  );
  if (!existsSync(join(out.dir, 'results.json')))
    throw new Error(`no results.json: exit ${run.code}\n${run.stdout}\n${run.stderr}`);
  results = readCheckedResults(join(out.dir, 'results.json'));
}, 180_000);
afterAll(async () => {
  await server.close();
  project.cleanup();
  out.cleanup();
});

describe('kontrak run against a hostile bank', () => {
  it('finishes with exit 1, all three reports and no temporary file', () => {
    expect(run.code, run.stderr).toBe(1);
    expect(readdirSync(out.dir).sort()).toEqual(['index.html', 'junit.xml', 'results.json']);
  });

  it('sends nothing to the other host of a cross-origin redirect, and fails it as redirect naming both origins', () => {
    expect(server.stolen).toEqual([]);
    for (const name of ['cross-origin redirect', 'cross-origin redirect, not followed']) {
      const x = exchange(name);
      expect(x.passed).toBe(false);
      expect(x.failureClass).toBe('redirect');
      const text = JSON.stringify(x.checks);
      expect(text).toContain(server.url);
      expect(text).toContain(server.otherUrl);
    }
  });

  it('shows a 3xx as it is by default, and lists a followed same-origin redirect', () => {
    expect(exchange('same-origin redirect, not followed').response?.status).toBe(302);
    const followed = exchange('same-origin redirect');
    expect(followed.response?.status).toBe(200);
    expect(followed.redirects).toEqual([
      { status: 302, from: `${server.url}/redirect-same`, to: `${server.url}/ok` },
    ]);
  });

  it('stops gzip and deflate bombs and oversized bodies at the decoded limit, and goes on', () => {
    for (const name of ['gzip bomb', 'deflate bomb', 'oversized body']) {
      expect(exchange(name).failureClass, name).toBe('response-too-large');
      expect(exchange(name).checks[0]?.message).toContain('2000000 bytes');
    }
    expect(exchange('still answered').passed).toBe(true);
  });

  it('fails a drip at the deadline, as a transport failure', () => {
    const drip = exchange('drip');
    expect(drip.failureClass).toBe('transport');
    expect(drip.error).toContain('no complete response within 2000 ms');
  });

  it('prints server-sent control characters visibly on the console, legally in junit.xml', () => {
    expect(exchange('escape codes').failureClass).toBe('contract');
    expect(run.stdout).toContain('\\x1b[2K\\x0d\\x1b[32mPASS');
    expect(run.stdout + run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(readFileSync(join(out.dir, 'junit.xml'), 'utf8')).not.toMatch(
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/,
    );
  });

  it('masks a secret straddling the body cut, and never prints it', () => {
    const echoed = exchange('secret at the cut');
    expect(echoed.response?.truncated).toBe(true);
    const files = ['index.html', 'junit.xml', 'results.json'].map((f) =>
      readFileSync(join(out.dir, f), 'utf8'),
    );
    for (const text of [...files, run.stdout, run.stderr]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(SECRET.slice(0, 6));
    }
  });
});
