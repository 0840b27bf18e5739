/**
 * `--reporters …,har` and the HTML report's curl commands, end to end: a suite runs through the
 * CLI with `--env sandbox` and canary credentials (each secret a unique value) against a mock bank
 * registered with them, once with the right secrets and once with a wrong client secret (so that
 * failed exchanges show inline). The HAR must validate against the HAR 1.2 schema and hold every
 * exchange; no secret may appear, in any form, in the HAR or in the HTML (its packed exchanges
 * unpacked), where each exchange is offered as curl.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HarValidator } from '@har-sdk/validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMockCredentials } from '../../src/env/values.ts';
import { loadProject } from '../../src/load/project.ts';
import type { RunResult } from '../../src/model/results.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { kontrak, type CliResult } from '../support/cli.ts';
import { defined } from '../support/postman-doors.ts';
import { REPO_ROOT, tempDir } from '../support/project.ts';
import { unpackHtml } from '../report/_packed.ts';

const project = defined(loadProject(REPO_ROOT).value, 'the shipped project');
const providers = [...project.providers.values()];
const out = tempDir();
const SUITE = 'nicepay-va';

/** Every secret a canary of its own (private keys keep their generated, equally unique, value). */
const generated = generateMockCredentials(providers, '');
const secrets = new Map<string, string>();
const values = generated.values.map((v) => {
  if (!v.secret || !v.value) return v;
  if (v.key.endsWith('_private_key')) {
    secrets.set(v.key, v.value);
    return v;
  }
  const canary = `CANARY-${v.key}-${randomBytes(9).toString('base64url')}`;
  for (const partner of generated.partners)
    if (partner.clientSecret === v.value) partner.clientSecret = canary;
  secrets.set(v.key, canary);
  return { ...v, value: canary };
});
const WRONG_SECRET = `CANARY-wrong-secret-${randomBytes(9).toString('base64url')}`;

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

interface Har {
  log: {
    version: string;
    entries: Array<{
      request: { method: string; url: string; headers: Array<{ name: string; value: string }> };
      response: { status: number };
    }>;
  };
}

describe('the HAR and the curl commands of a run', () => {
  let mock: RunningMock;
  const runs: Record<string, CliResult> = {};

  beforeAll(async () => {
    mock = await startMockBank({ partners: generated.partners });
    const env: Record<string, string> = { CI: 'true' };
    for (const v of values) env[v.key.toUpperCase()] = v.key.endsWith('_base_url') ? mock.url : v.value;
    const run = (name: string, extra: Record<string, string> = {}) =>
      kontrak(
        [
          'run',
          '--env',
          'sandbox',
          '--suite',
          SUITE,
          '--reporters',
          'html,json,har',
          '--out',
          join(out.dir, name),
        ],
        { env: { ...env, ...extra } },
      );
    runs.pass = await run('pass');
    runs.fail = await run('fail', { NICEPAY_CLIENT_SECRET: WRONG_SECRET });
  }, 180_000);

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
    await mock?.close();
    out.cleanup();
  });

  const read = (run: string, file: string) => readFileSync(join(out.dir, run, file), 'utf8');

  it('validates against the HAR 1.2 schema and holds every exchange as sent and answered', async () => {
    expect(runs.pass!.code, runs.pass!.stdout + runs.pass!.stderr).toBe(0);
    expect(runs.fail!.code).toBe(1);
    for (const run of ['pass', 'fail']) {
      const har = JSON.parse(read(run, 'exchanges.har')) as Har;
      const errors = await new HarValidator().verify(har as unknown as Parameters<HarValidator['verify']>[0]);
      expect(errors, run).toEqual([]);
      const result = JSON.parse(read(run, 'results.json')) as RunResult;
      const exchanges = result.suites.flatMap((s) => s.exchanges);
      expect(har.log.version).toBe('1.2');
      expect(har.log.entries.map((e) => [e.request.method, e.request.url, e.response.status])).toEqual(
        exchanges.map((x) => [x.request.method, x.request.url, x.response?.status ?? 0]),
      );
      expect(har.log.entries.every((e) => e.request.url.startsWith(`${mock.url}/`))).toBe(true);
    }
  });

  it('offers each exchange of the HTML report as curl, the failed ones inline', () => {
    const html = read('fail', 'index.html');
    const inline = [
      ...html.matchAll(/<details data-testid="curl"><summary>as curl<\/summary><pre>([^<]*)<\/pre>/g),
    ];
    expect(inline.length).toBeGreaterThan(0);
    expect(inline[0]?.[1]).toMatch(new RegExp(`^curl -X [A-Z]+ '${mock.url}/nicepay/`));
    const result = JSON.parse(read('pass', 'results.json')) as RunResult;
    const everyCurl = [...unpackHtml(read('pass', 'index.html')).matchAll(/data-testid="curl"/g)];
    expect(everyCurl.length).toBe(result.suites.flatMap((s) => s.exchanges).length);
  });

  it('holds no secret, in any form, in the HAR or the HTML', () => {
    const canaries = [...secrets, ['wrong client secret', WRONG_SECRET] as const];
    expect(canaries.length).toBeGreaterThan(providers.length);
    const haystacks = ['pass', 'fail'].flatMap((run): Array<[string, string]> => [
      [`${run}/exchanges.har`, read(run, 'exchanges.har')],
      [`${run}/index.html`, unpackHtml(read(run, 'index.html'))],
    ]);
    const hits: string[] = [];
    for (const [label, value] of canaries)
      for (const form of forms(value))
        for (const [name, text] of haystacks) if (text.includes(form)) hits.push(`${label} in ${name}`);
    expect([...new Set(hits)]).toEqual([]);
    // a bearer token the bank issued is masked too
    const har = JSON.parse(read('pass', 'exchanges.har')) as Har;
    const bearers = har.log.entries.flatMap((e) =>
      e.request.headers.filter((h) => h.name.toLowerCase() === 'authorization').map((h) => h.value),
    );
    expect(bearers.length).toBeGreaterThan(0);
    for (const b of bearers) expect(b).toMatch(/^Bearer .*«[^»]+:redacted»/);
  });
});
