/**
 * .github/workflows/nightly.yml against the code: it follows the `contracts` workflow, runs only
 * kontrak commands and options the CLI knows, compares tonight's merged results with the last
 * green ones, and keeps tonight's as the baseline only when every check passed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { FAIL_ON } from '../../src/cli/fail-on.ts';
import { commandNamed } from '../../src/cli/table/index.ts';
import { REPO_ROOT } from '../support/project.ts';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
  if?: string;
}
const text = readFileSync(join(REPO_ROOT, '.github/workflows/nightly.yml'), 'utf8');
const nightly = parse(text) as {
  on: { workflow_run?: { workflows: string[]; types: string[] } };
  jobs: Record<string, { steps: Step[] }>;
};
const contracts = parse(readFileSync(join(REPO_ROOT, '.github/workflows/contracts.yml'), 'utf8')) as {
  name: string;
  jobs: Record<string, { steps: Step[] }>;
};
const steps = Object.values(nightly.jobs).flatMap((j) => j.steps);

/** `npm run kontrak -- diff a b --fail-on drift || …` → `['diff', 'a', 'b', '--fail-on', 'drift']`. */
const kontrakCalls = (): string[][] =>
  steps
    .flatMap((s) => (s.run ?? '').split('\n'))
    .map((l) => /npm run kontrak -- (.*?)(\s*\|\|.*)?$/.exec(l.trim())?.[1])
    .filter((l): l is string => l !== undefined)
    .map((l) => l.split(/\s+/));

it('follows every completed contracts run and sends no request itself', () => {
  expect(nightly.on.workflow_run?.workflows).toEqual([contracts.name]);
  expect(nightly.on.workflow_run?.types).toEqual(['completed']);
  expect(text).not.toMatch(/secrets\./);
  expect(kontrakCalls().map((c) => c[0])).not.toContain('run');
});

it('runs only kontrak commands and options the CLI knows', () => {
  const calls = kontrakCalls();
  expect(calls.map((c) => c[0]).sort()).toEqual(['diff', 'merge']);
  for (const argv of calls) {
    const command = commandNamed(argv[0] ?? '');
    expect(command, argv.join(' ')).toBeDefined();
    for (const [i, word] of argv.entries()) {
      if (!word.startsWith('--')) continue;
      expect(Object.keys(command!.options), `${word} of kontrak ${argv[0]}`).toContain(word.slice(2));
      if (word === '--fail-on') expect(FAIL_ON as readonly string[]).toContain(argv[i + 1]);
    }
  }
});

it("compares tonight's merged results with the last green night's, and keeps only green nights", () => {
  const uploaded = contracts.jobs.report!.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
  const tonight = steps.find(
    (s) => s.uses?.startsWith('actions/download-artifact') && s.with?.name === uploaded.with!.name,
  )!;
  expect(tonight.with!['run-id']).toBe('${{ github.event.workflow_run.id }}');
  const baseline = steps.find(
    (s) => s.with?.name === 'contracts-baseline' && s.uses?.startsWith('actions/download'),
  )!;
  const keep = steps.find(
    (s) => s.with?.name === 'contracts-baseline' && s.uses?.startsWith('actions/upload'),
  )!;
  expect(keep.if).toBe("${{ github.event.workflow_run.conclusion == 'success' }}");
  expect(keep.with!.path).toBe(`${String(tonight.with!.path)}/results.json`);
  const diff = kontrakCalls().find((c) => c[0] === 'diff')!;
  expect(diff.slice(1, 3)).toEqual([
    `${String(baseline.with!.path)}/results.json`,
    `${String(tonight.with!.path)}/results.json`,
  ]);
  const merge = kontrakCalls().find((c) => c[0] === 'merge')!;
  expect(merge[merge.indexOf('--baseline') + 1]).toBe(`${String(baseline.with!.path)}/results.json`);
  // The baseline is kept before the drift check can fail the job.
  expect(steps.indexOf(keep)).toBeLessThan(steps.findIndex((s) => s.run?.includes('kontrak -- diff')));
});
