/**
 * Redaction by value, end to end: every suite runs for real through the CLI with `--env sandbox`
 * and canary credentials, against a mock bank (behind a recording proxy) whose partners are
 * registered with those credentials; then every file written (reports, rendered collections and
 * environments) and all console output are searched for every secret, in every form it could
 * take, and for every access token the bank issued. Expected: 0 hits.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMockCredentials } from '../../src/env/values.ts';
import { loadProject } from '../../src/load/project.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { selectForEnvironment } from '../../src/run/schedule.ts';
import { kontrak, type CliResult } from '../support/cli.ts';
import { REPO_ROOT, tempDir } from '../support/project.ts';
import { readCheckedResults } from '../support/results-schema.ts';

const project = loadProject(REPO_ROOT).value!;
const providers = [...project.providers.values()];
const out = tempDir();

/** Secret values (by provider variable) and the canary that replaced each generated one. */
const generated = generateMockCredentials(providers, '');
const secrets = new Map<string, string>();
const values = generated.values.map((v) => {
  if (!v.secret || !v.value || v.key.endsWith('_private_key')) {
    if (v.secret && v.value) secrets.set(v.key, v.value);
    return v;
  }
  const canary = `CANARY-${v.key}-${randomBytes(9).toString('base64url')}`;
  for (const partner of generated.partners)
    if (partner.clientSecret === v.value) partner.clientSecret = canary;
  secrets.set(v.key, canary);
  return { ...v, value: canary };
});
const WRONG_SECRET = `CANARY-wrong-secret-${randomBytes(9).toString('base64url')}`;

/** Access tokens the bank issued, read off the wire by the proxy. */
const issuedTokens = new Set<string>();
function collectTokens(node: unknown): void {
  if (Array.isArray(node)) node.forEach(collectTokens);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      // accessTokenExpiryTime and tokenType name a token but hold none: an expiry is not a secret.
      const isToken = /token/i.test(key) && !/expir|type/i.test(key);
      if (typeof value === 'string' && isToken && value.length >= 16) issuedTokens.add(value);
      else collectTokens(value);
    }
  }
}

/** A loopback proxy in front of the mock that reads every response body for tokens. */
async function recordingProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const forward = http.request(
      `${target}${req.url ?? '/'}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          try {
            collectTokens(JSON.parse(body.toString('utf8')));
          } catch {
            /* not JSON: no token */
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(body);
        });
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every form a secret could be written in: raw, JSON-escaped, a PEM's base64 body (whole or per line). */
function forms(value: string): string[] {
  const found = new Set([value, JSON.stringify(value).slice(1, -1)]);
  const pem = /-----BEGIN [^-]+-----([\s\S]*?)-----END/.exec(value);
  if (pem?.[1]) {
    found.add(pem[1].replace(/\s+/g, ''));
    for (const line of pem[1].split(/\r?\n/)) if (line.trim().length >= 16) found.add(line.trim());
  }
  return [...found];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('secrets never reach an output', () => {
  let mock: RunningMock;
  let proxy: { url: string; close(): Promise<void> };
  const runs: Record<string, CliResult> = {};

  beforeAll(async () => {
    mock = await startMockBank({ partners: generated.partners });
    proxy = await recordingProxy(mock.url);
    const env: Record<string, string> = { CI: 'true' };
    for (const v of values) env[v.key.toUpperCase()] = v.key.endsWith('_base_url') ? proxy.url : v.value;
    const cli = (args: string[], extra: Record<string, string> = {}) =>
      kontrak(args, { env: { ...env, ...extra } });
    runs.pass = await cli(['run', '--env', 'sandbox', '--workers', '2', '--out', join(out.dir, 'pass')]);
    runs.render = await cli(['render', '--out', join(out.dir, 'dist')]);
    const nicepay = providers.find((p) => p.name === 'nicepay');
    runs.fail = await cli(
      ['run', '--env', 'sandbox', '--out', join(out.dir, 'fail')],
      nicepay ? { NICEPAY_CLIENT_SECRET: WRONG_SECRET } : {},
    );
    // explain prints what would be signed for a transaction signed with the client secret
    const explained =
      project.suites.find((s) => s.requests.some((r) => r.sign === 'snap-transaction')) ?? project.suites[0]!;
    const index =
      Math.max(
        0,
        explained.requests.findIndex((r) => r.sign === 'snap-transaction'),
      ) + 1;
    runs.explain = await cli(['explain', explained.name, String(index), '--env', 'sandbox']);
  });

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
    await proxy?.close();
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
    await mock?.close();
    out.cleanup();
  });

  it('every suite really ran with the canary credentials and passed', () => {
    expect(runs.pass!.stderr).toBe('');
    expect(runs.pass!.code, runs.pass!.stdout).toBe(0);
    const result = readCheckedResults(join(out.dir, 'pass', 'results.json'));
    expect(result.environment).toBe('sandbox');
    expect(result.suites.map((s) => s.name).sort()).toEqual(
      selectForEnvironment(project.suites, 'sandbox')
        .suites.map((s) => s.name)
        .sort(),
    );
    expect(result.totals.failedRequests).toBe(0);
    expect(issuedTokens.size).toBeGreaterThan(0);
    expect(runs.render!.code).toBe(0);
  });

  it('a run with a wrong secret fails and prints its failures', () => {
    expect(runs.fail!.code).toBe(1);
    expect(runs.fail!.stdout).toMatch(/✗ /);
  });

  it('finds no secret, no issued token, in any form, in any file or console output', () => {
    const canaries = [
      ...secrets,
      ['wrong client secret', WRONG_SECRET] as const,
      ...[...issuedTokens].map((t, i) => [`issued token ${i}`, t] as const),
    ];
    expect(canaries.length).toBeGreaterThanOrEqual(providers.length + 1);
    const haystacks: Array<[string, string]> = [
      ...filesUnder(out.dir).map((f): [string, string] => [relative(out.dir, f), readFileSync(f, 'utf8')]),
      ...Object.entries(runs).flatMap(([name, r]): Array<[string, string]> => [
        [`${name} stdout`, r.stdout],
        [`${name} stderr`, r.stderr],
      ]),
    ];
    expect(haystacks.map(([name]) => name)).toEqual(
      expect.arrayContaining(['pass/index.html', 'pass/junit.xml', 'pass/results.json', 'fail/results.json']),
    );
    expect(
      haystacks.some(([name]) => name.startsWith('dist/') && name.endsWith('.postman_environment.json')),
    ).toBe(true);
    const hits: string[] = [];
    for (const [label, value] of canaries) {
      for (const form of forms(value)) {
        for (const [name, text] of haystacks) if (text.includes(form)) hits.push(`${label} in ${name}`);
      }
    }
    expect([...new Set(hits)]).toEqual([]);
  });
});
