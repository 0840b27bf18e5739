/**
 * `kontrak run` in a project with a bank of its own (banks/teabank.yaml, `mock: teabank`) runs the
 * project's suite against that bank in the embedded mock: the CLI hands the mock the project it
 * runs in, and the bank lists accept a bank kontrak does not ship.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { kontrak } from '../support/cli.ts';
import { OWN_BANK, ownBankProject } from '../support/own-bank.ts';

const made: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of made.splice(0)) cleanup();
});

it("runs the project's suite against the project's own bank in the mock", async () => {
  const p = ownBankProject();
  made.push(p.cleanup);
  const out = join(p.root, 'out');
  const result = await kontrak(['run', '--out', out, '--reporters', 'json'], { cwd: p.root });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
    totals: { requests: number; passedRequests: number };
    suites: Array<{ provider: string }>;
  };
  expect(results.suites.map((s) => s.provider)).toEqual([OWN_BANK]);
  expect(results.totals).toMatchObject({ requests: 1, passedRequests: 1 });
}, 60_000);
