/**
 * Text from a server or a file reaches the console escaped on every path, not only in `run`'s
 * summary: a sandbox answering with a `responseCode` of `"2000000\e[2K\r\e[32mno drift…"` must
 * not erase a line of `kontrak diff`, `run --baseline` or `merge --baseline` and print a fake
 * "no drift" in the nightly log; nor may an edited evidence manifest through `evidence verify`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.ts';
import { renderJson } from '../../src/report/json.ts';
import { kontrak, type CliResult } from '../support/cli.ts';
import { PROVIDER_YAML, SUITE_YAML, tempProject } from '../support/project.ts';
import { sampleRun } from '../report/_fixtures.ts';

const HOSTILE = '2000000\u001b[2K\r\u001b[32mno drift: 2 request(s) compared, nothing changed\u001b[0m';
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** A run whose every response recorded a shape with this responseCode. */
function runWithCode(responseCode: string): RunResult {
  const run = sampleRun();
  for (const suite of run.suites)
    for (const x of suite.exchanges)
      if (x.response) x.response.shape = { headers: ['content-type'], fields: { $: 'object' }, responseCode };
  return run;
}

const project = tempProject({
  'collections/nicepay/provider.yaml': PROVIDER_YAML,
  'collections/nicepay/tiny.yaml': SUITE_YAML,
  'old.json': renderJson(runWithCode('2000000')),
  'new.json': renderJson(runWithCode(HOSTILE)),
});
afterAll(() => project.cleanup());

function expectInert(result: CliResult, what: string): void {
  const shown = `${result.stdout}${result.stderr}`;
  expect(shown, what).not.toMatch(CONTROL);
  // What the server sent is still there to read, made visible.
  expect(shown, what).toContain('\\x1b[2K\\x0d');
}

describe('every console path escapes what servers and files sent', () => {
  it('kontrak diff', async () => {
    const result = await kontrak(['diff', 'old.json', 'new.json'], { cwd: project.root });
    expect(result.code, result.stderr).toBe(1);
    expectInert(result, 'diff');
  }, 60_000);

  it('kontrak merge --baseline', async () => {
    const result = await kontrak(['merge', 'new.json', '--baseline', 'old.json', '--out', 'merged'], {
      cwd: project.root,
    });
    expectInert(result, 'merge --baseline');
  }, 60_000);

  it('kontrak run --baseline', async () => {
    const first = await kontrak(['run', '--out', 'night-1', '--reporters', 'json'], { cwd: project.root });
    expect(first.code, first.stderr).toBe(0);
    const baseline = JSON.parse(
      readFileSync(join(project.root, 'night-1', 'results.json'), 'utf8'),
    ) as RunResult;
    for (const suite of baseline.suites)
      for (const x of suite.exchanges) if (x.response?.shape) x.response.shape.responseCode = HOSTILE;
    writeFileSync(join(project.root, 'hostile-baseline.json'), JSON.stringify(baseline));
    const result = await kontrak(
      ['run', '--out', 'night-2', '--reporters', 'json', '--baseline', 'hostile-baseline.json'],
      { cwd: project.root },
    );
    expect(result.code, result.stderr).toBe(0);
    expectInert(result, 'run --baseline');
  }, 120_000);

  it('kontrak evidence verify, over an edited manifest', async () => {
    const built = await kontrak(['evidence', 'old.json', '--bank', 'generic', '--out', 'pack'], {
      cwd: project.root,
    });
    expect(built.code, built.stderr).toBe(0);
    const path = join(project.root, 'pack', 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { files: Array<{ path: string }> };
    const [first] = manifest.files;
    if (!first) throw new Error('the pack has no file');
    first.path = `gone${HOSTILE}.csv`;
    writeFileSync(path, JSON.stringify(manifest));
    const result = await kontrak(['evidence', 'verify', 'pack'], { cwd: project.root });
    expect(result.code, result.stderr).not.toBe(0);
    expectInert(result, 'evidence verify');
  }, 60_000);
});
