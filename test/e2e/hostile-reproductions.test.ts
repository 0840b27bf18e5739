/**
 * Two findings of the hostile review, reproduced as they were found, through the real binary:
 *
 * - Leak: a 307 from the bank's URL made kontrak re-POST a BRI OAuth form (client secret
 *   included) and a signed SNAP token request (X-SIGNATURE, X-CLIENT-KEY, X-TIMESTAMP) to another
 *   host, and reported that host's answer as a pass.
 * - Lost run: a 1 MB gzip body inflating to 1 GiB killed the process (ERR_STRING_TOO_LONG, 3.6 GB)
 *   and no report was written, not even for the suites that had finished.
 *
 * Both run with kontrak's defaults (no followRedirects, --max-response-bytes 10 MB).
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeResult, RunResult } from '../../src/model/results.ts';
import { kontrak, runProcess, type CliResult } from '../support/cli.ts';
import { GIGABYTE_BOMB_BYTES, startHostileServer, type HostileServer } from '../support/hostile-server.ts';
import { REPO_ROOT, tempDir, tempProject } from '../support/project.ts';

const PROVIDER = `kontrak: 1
provider:
  name: bank
  baseUrls:
    sandbox: https://bank.invalid
  headers:
    X-PARTNER-ID: "{{bank_client_id}}"
  credentials:
    client_id: { secret: false }
    client_secret: { secret: true }
    private_key: { secret: true }
`;

const LEAK_SUITE = `kontrak: 1
suite:
  name: a-token
  provider: bank
  requests:
    - name: BRI OAuth token, 307 to another host
      method: POST
      path: /redirect-cross
      form:
        client_id: "{{bank_client_id}}"
        client_secret: "{{bank_client_secret}}"
      expect:
        status: 200
    - name: SNAP token, 307 to another host
      method: POST
      path: /redirect-cross
      sign: snap-token
      body:
        grantType: client_credentials
      expect:
        status: 200
    - name: SNAP token, 307 to another host, same-origin redirects allowed
      method: POST
      path: /redirect-cross
      sign: snap-token
      followRedirects: same-origin
      body:
        grantType: client_credentials
      expect:
        status: 200
`;

const plain = (suite: string, path: string): string => `kontrak: 1
suite:
  name: ${suite}
  provider: bank
  requests:
    - name: ${path}
      method: GET
      path: ${path}
      expect:
        status: 200
`;

const CLIENT_SECRET = 'leak-me-not-client-secret-4f1d2a';
const PRIVATE_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

let server: HostileServer;
let project: { root: string; cleanup: () => void };
const out = tempDir();
const rssFile = join(out.dir, '..', `${out.dir.split('/').pop()}.rss`);
let run: CliResult;
let results: RunResult;

/** The process's peak resident set, written at exit (kilobytes), so the test can see the bomb was never held. */
const PEAK_RSS_PRELOAD = `data:text/javascript,${encodeURIComponent(
  `import { writeFileSync } from 'node:fs';
process.on('exit', () => writeFileSync(process.env.KONTRAK_TEST_RSS_FILE, String(process.resourceUsage().maxRSS)));`,
)}`;

const exchange = (suite: string, name: string): ExchangeResult | undefined =>
  results.suites.find((s) => s.name === suite)?.exchanges.find((e) => e.name === name);

beforeAll(async () => {
  server = await startHostileServer();
  project = tempProject({
    'collections/bank/provider.yaml': PROVIDER,
    'collections/bank/a-token.yaml': LEAK_SUITE,
    'collections/bank/b-finished.yaml': plain('b-finished', '/ok'),
    'collections/bank/c-bomb.yaml': plain('c-bomb', '/gzip-gigabyte'),
    'collections/bank/d-after.yaml': plain('d-after', '/ok'),
    'collections/environments/sandbox.yaml': 'kontrak: 1\nenvironment:\n  name: sandbox\n',
  });
  run = await runProcess(
    process.execPath,
    [
      '--import',
      PEAK_RSS_PRELOAD,
      join(REPO_ROOT, 'bin', 'kontrak.js'),
      'run',
      '--env',
      'sandbox',
      '--out',
      out.dir,
    ],
    {
      cwd: project.root,
      env: {
        BANK_BASE_URL: server.url,
        BANK_CLIENT_ID: 'partner-1',
        BANK_CLIENT_SECRET: CLIENT_SECRET,
        BANK_PRIVATE_KEY: PRIVATE_KEY,
        KONTRAK_TEST_RSS_FILE: rssFile,
      },
    },
  );
  if (existsSync(join(out.dir, 'results.json')))
    results = JSON.parse(readFileSync(join(out.dir, 'results.json'), 'utf8')) as RunResult;
}, 120_000);
afterAll(async () => {
  await server.close();
  project.cleanup();
  out.cleanup();
  rmSync(rssFile, { force: true });
});

describe('leak: a 307 from the bank to another host', () => {
  it('reaches the other host with nothing: no connection, no form, no signature headers', () => {
    expect(server.stolen).toEqual([]);
    expect(server.otherConnections()).toBe(0);
  });

  it('is a failure classified redirect naming both origins, never the other host’s pass', () => {
    expect(results, `${run.stdout}\n${run.stderr}`).toBeDefined();
    for (const name of [
      'BRI OAuth token, 307 to another host',
      'SNAP token, 307 to another host',
      'SNAP token, 307 to another host, same-origin redirects allowed',
    ]) {
      const x = exchange('a-token', name);
      expect(x?.passed, name).toBe(false);
      expect(x?.failureClass, name).toBe('redirect');
      expect(x?.response?.status, name).not.toBe(200);
      const text = JSON.stringify(x?.checks);
      expect(text).toContain(server.url);
      expect(text).toContain(server.otherUrl);
    }
  });

  it('never shows the client secret or the private key in a report or on the console', () => {
    const keyLine = PRIVATE_KEY.split('\n')[5]!;
    for (const text of [
      ...['index.html', 'junit.xml', 'results.json'].map((f) => readFileSync(join(out.dir, f), 'utf8')),
      run.stdout,
      run.stderr,
    ]) {
      expect(text).not.toContain(CLIENT_SECRET);
      expect(text).not.toContain(keyLine);
    }
  });
});

describe('a password in a base URL', () => {
  it('is refused at load (exit 2) without being repeated, and nothing is sent or written', async () => {
    const refusedOut = tempDir();
    try {
      const refused = await kontrak(['run', '--env', 'sandbox', '--out', refusedOut.dir], {
        cwd: project.root,
        env: {
          BANK_BASE_URL: server.url.replace('http://', 'http://alice:url-pass-9876@'),
          BANK_CLIENT_ID: 'partner-1',
          BANK_CLIENT_SECRET: CLIENT_SECRET,
          BANK_PRIVATE_KEY: PRIVATE_KEY,
        },
      });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('E_BAD_BASE_URL');
      expect(refused.stdout + refused.stderr).not.toContain('url-pass-9876');
      expect(existsSync(join(refusedOut.dir, 'results.json'))).toBe(false);
    } finally {
      refusedOut.cleanup();
    }
  });
});

describe('lost run: 1 MB of gzip inflating to 1 GiB', () => {
  it('ends with exit 1 and all three reports, the finished suites in them', () => {
    expect(run.code, run.stderr).toBe(1);
    expect(readdirSync(out.dir).sort()).toEqual(['index.html', 'junit.xml', 'results.json']);
    expect(exchange('b-finished', '/ok')?.passed).toBe(true);
    expect(readFileSync(join(out.dir, 'junit.xml'), 'utf8')).toContain('b-finished');
    expect(readFileSync(join(out.dir, 'index.html'), 'utf8')).toContain('b-finished');
  });

  it('fails the bomb as response-too-large at the default 10 MB, and the run goes on', () => {
    const bomb = exchange('c-bomb', '/gzip-gigabyte');
    expect(bomb?.failureClass).toBe('response-too-large');
    expect(bomb?.checks[0]?.message).toContain(`${10 * 1024 * 1024} bytes`);
    expect(exchange('d-after', '/ok')?.passed).toBe(true);
  });

  it('never holds the inflated body: the process peaks far below the 1 GiB it inflates to', () => {
    // Not a performance budget: a process that had inflated the bomb would hold at least 1 GiB.
    const peakBytes = Number(readFileSync(rssFile, 'utf8')) * 1024;
    expect(peakBytes).toBeGreaterThan(0);
    expect(peakBytes).toBeLessThan(GIGABYTE_BOMB_BYTES / 2);
  });
});
