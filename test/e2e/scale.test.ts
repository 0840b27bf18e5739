/**
 * Scale through the real CLI: --shard splits the suites between CI jobs, --workers runs suites
 * at once, and merge turns the shards back into one report with the exit code of a whole run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.ts';
import { kontrak, type CliResult } from '../support/cli.ts';
import { PROVIDER_YAML, SUITE_YAML, tempProject } from '../support/project.ts';
import { findAll, parseXml } from '../report/_xml.ts';
import { readCheckedResults } from '../support/results-schema.ts';

const CLEAN_ENV = {
  NICEPAY_CLIENT_ID: '',
  NICEPAY_CLIENT_SECRET: '',
  NICEPAY_PRIVATE_KEY: '',
  NICEPAY_BASE_URL: '',
  CI: 'true',
};
const NAMES = ['alpha', 'bravo', 'charlie', 'delta'];

const suite = (name: string, broken = false) => {
  const yaml = SUITE_YAML.replace('name: tiny', `name: ${name}`);
  // A tampered token request is never replaced by a reused token, so it really fails.
  return broken ? yaml.replace('sign: snap-token', 'sign: snap-token\n      tamper: signature') : yaml;
};

const project = tempProject({
  'collections/nicepay/provider.yaml': PROVIDER_YAML,
  ...Object.fromEntries(NAMES.map((n) => [`collections/nicepay/${n}.yaml`, suite(n, n === 'charlie')])),
});
afterAll(() => project.cleanup());

const cli = (args: string[]): Promise<CliResult> => kontrak(args, { cwd: project.root, env: CLEAN_ENV });
const results = (dir: string): RunResult => readCheckedResults(join(project.root, dir, 'results.json'));

describe('kontrak run --shard i/n, then kontrak merge', () => {
  let shard1: CliResult;
  let shard2: CliResult;
  beforeAll(async () => {
    [shard1, shard2] = await Promise.all([
      cli(['run', '--shard', '1/2', '--out', 'r/1']),
      cli(['run', '--shard', '2/2', '--out', 'r/2']),
    ]);
  });

  it('gives every suite to exactly one shard and says which', () => {
    const one = results('r/1').suites.map((s) => s.name);
    const two = results('r/2').suites.map((s) => s.name);
    expect([...one, ...two].sort()).toEqual([...NAMES].sort());
    expect(one.filter((n) => two.includes(n))).toEqual([]);
    expect(shard1.stdout).toContain(`shard 1/2: ${one.length} of 4 suites: ${one.join(', ')}`);
    expect(shard2.stdout).toContain(`shard 2/2: ${two.length} of 4 suites: ${two.join(', ')}`);
    // The shard holding the broken suite fails, the other passes.
    const broken = one.includes('charlie') ? shard1 : shard2;
    const clean = broken === shard1 ? shard2 : shard1;
    expect([broken.code, clean.code]).toEqual([1, 0]);
  });

  it('merges the shards into one HTML, JUnit and JSON report and exits 1 because one check failed', async () => {
    const merged = await cli(['merge', 'r/1', 'r/2/results.json', '--out', 'r/all']);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(1);
    expect(merged.stdout).toContain('merged 2 result file(s): 4 suites, 3 passed, 1 failed');
    expect(merged.stdout).toContain('FAIL charlie  1 of 1 requests failed');
    const all = results('r/all');
    expect(all.totals).toEqual({
      suites: 4,
      requests: 4,
      passedRequests: 3,
      failedRequests: 1,
      flakyRequests: 0,
      checks: all.totals.checks,
      failedChecks: all.totals.failedChecks,
    });
    expect(all.totals.checks).toBe(results('r/1').totals.checks + results('r/2').totals.checks);
    const junit = parseXml(readFileSync(join(project.root, 'r/all/junit.xml'), 'utf8'));
    expect(
      findAll(junit, 'testsuite')
        .map((s) => s.attrs.name)
        .sort(),
    ).toEqual([...NAMES].sort());
    expect(Number(junit.attrs.failures)).toBe(all.totals.failedChecks);
    const html = readFileSync(join(project.root, 'r/all/index.html'), 'utf8');
    expect(html).toMatch(/data-testid="summary" data-status="failed" data-requests="4" data-failed="1"/);
    for (const name of NAMES) expect(html).toContain(`>${name}</a>`);
  });

  it('merging only passing shards exits 0; bad input exits 2; no input is a usage error', async () => {
    const passing = results('r/1').suites.some((s) => s.name === 'charlie') ? 'r/2' : 'r/1';
    expect((await cli(['merge', passing, '--out', 'r/ok', '--reporters', 'json'])).code).toBe(0);
    expect(existsSync(join(project.root, 'r/ok/index.html'))).toBe(false);
    const missing = await cli(['merge', 'r/1', 'r/nowhere', '--out', 'r/bad']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error[E_RESULTS_MISSING] cannot read r/nowhere/results.json: ENOENT');
    expect(existsSync(join(project.root, 'r/bad'))).toBe(false);
    expect((await cli(['merge'])).code).toBe(4);
    expect((await cli(['run', '--shard', '3/2'])).code).toBe(4);
    expect((await cli(['run', '--workers', '0'])).code).toBe(4);
  });
});

describe('kontrak run --workers n', () => {
  it('runs suites at once, keeps suite order in every report, and prints each suite once, in order, in CI', async () => {
    const run = await cli(['run', '--workers', '3', '--out', 'r/w']);
    expect(run.code).toBe(1);
    expect(results('r/w').suites.map((s) => s.name)).toEqual(NAMES);
    const suiteLines = run.stdout.split('\n').filter((l) => /^(PASS|FAIL) /.test(l));
    expect(suiteLines.map((l) => l.split(' ')[1])).toEqual(NAMES);
    expect(suiteLines.filter((l) => l.startsWith('FAIL charlie  0/1 requests passed'))).toHaveLength(1);
    // eslint-disable-next-line no-control-regex -- no escape sequence may reach a pipe
    expect(run.stdout).not.toMatch(/\u001b\[/);
    expect(run.stdout).toMatch(/3 passed, 1 failed/);
  });
});
