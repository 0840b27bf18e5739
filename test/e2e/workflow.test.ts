/**
 * The nightly workflow (.github/workflows/contracts.yml) against the code: every command it runs
 * exists (npm scripts in package.json; kontrak commands, options and values known to the CLI),
 * every provider credential comes from the secret store, and the shard and merge jobs agree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commandNamed } from '../../src/cli/table/index.ts';
import { loadProject } from '../../src/load/project.ts';
import { processVariable } from '../../src/model/types.ts';
import { REPORTERS } from '../../src/report/write.ts';
import { parseShard } from '../../src/run/schedule.ts';
import { REPO_ROOT } from '../support/project.ts';

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
  if?: string;
}
interface Job {
  needs?: string | string[];
  if?: string;
  env?: Record<string, string>;
  steps: Step[];
  strategy?: { matrix?: { shard?: number[] } };
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const workflow = parse(readFileSync(join(REPO_ROOT, '.github/workflows/contracts.yml'), 'utf8')) as Workflow;
const scripts = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;
const shards = workflow.jobs.suites?.strategy?.matrix?.shard ?? [];

/** Every shell command of a job, with `${{ matrix.shard }}` expanded for each shard. */
function commands(job: Job): string[][] {
  const lines = job.steps
    .flatMap((s) => (s.run ?? '').split(/\n|&&|;/))
    .map((l) => l.trim())
    .filter(Boolean);
  const expanded = lines.flatMap((l) =>
    l.includes('${{ matrix.shard }}')
      ? shards.map((n) => l.replaceAll('${{ matrix.shard }}', String(n)))
      : [l],
  );
  return expanded.map((l) => l.split(/\s+/));
}

/** `npm run suites -- --env x` → the kontrak argv it ends up running (undefined for other commands). */
function kontrakArgv(words: string[]): string[] | undefined {
  if (words[0] === 'npx' && words[1] === 'kontrak') return words.slice(2);
  if (words[0] === 'kontrak') return words.slice(1);
  if (words[0] !== 'npm' || words[1] !== 'run') return undefined;
  const script = scripts[words[2]!];
  expect(script, `npm script "${words[2]}"`).toBeDefined();
  const extra = words[3] === '--' ? words.slice(4) : words.slice(3);
  const base = /^node bin\/kontrak\.js ?(.*)$/.exec(script!);
  return base ? [...(base[1] ? base[1].split(/\s+/) : []), ...extra] : undefined;
}

/** Checks a kontrak argv against the CLI's commands, options and option values. */
function checkArgv(argv: string[]): void {
  const command = commandNamed(argv[0] ?? '');
  expect(command, argv.join(' ')).toBeDefined();
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i]!;
    if (!word.startsWith('--')) continue;
    const name = word.slice(2);
    // An option of this command's own table, not merely of some command.
    expect(Object.keys(command!.options), `option ${word} in: kontrak ${argv.join(' ')}`).toContain(name);
    const value = argv[i + 1];
    const option = command!.options[name]!;
    if (option.value) expect(value, word).toBeDefined();
    // The value passes the table's own check (ranges, choices, forms).
    if (option.value) expect(option.read(value, word), `${word} ${value}`).toMatchObject({ ok: true });
    if (name === 'shard') expect(parseShard(value!), value).toBeDefined();
    if (name === 'workers') expect(Number(value)).toBeGreaterThanOrEqual(1);
    if (name === 'reporters') for (const r of value!.split(',')) expect(Object.keys(REPORTERS)).toContain(r);
  }
}

describe('.github/workflows/contracts.yml', () => {
  it('runs nightly and on demand', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect((workflow.on.schedule as Array<{ cron: string }>)[0]!.cron).toMatch(/^\S+ \S+ \* \* \*$/);
  });

  it('runs only commands that exist: npm scripts, and kontrak commands and options the CLI knows', () => {
    let checked = 0;
    for (const job of Object.values(workflow.jobs)) {
      for (const words of commands(job)) {
        if (words[0] === 'npm' && words[1] === 'ci') continue;
        const argv = kontrakArgv(words);
        expect(argv, `a command the workflow runs: ${words.join(' ')}`).toBeDefined();
        checkArgv(argv!);
        checked++;
      }
    }
    expect(checked).toBe(shards.length + 1); // one run per shard, one merge
  });

  it('runs every shard against the sandbox with all three reporters, and merges exactly those shards', () => {
    expect(shards.length).toBeGreaterThan(1);
    const runs = commands(workflow.jobs.suites!)
      .map(kontrakArgv)
      .filter((a): a is string[] => a?.[0] === 'run');
    expect(runs.map((a) => a[a.indexOf('--shard') + 1])).toEqual(shards.map((n) => `${n}/${shards.length}`));
    for (const argv of runs) {
      expect(argv[argv.indexOf('--env') + 1]).toBe('sandbox');
      expect(argv[argv.indexOf('--reporters') + 1]!.split(',').sort()).toEqual(['html', 'json', 'junit']);
    }
    const upload = workflow.jobs.suites!.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(upload.if).toContain('!cancelled()'); // reports of a failing shard are uploaded too
    expect(upload.with!.name).toBe('reports-shard-${{ matrix.shard }}');
    const report = workflow.jobs.report!;
    expect(report.needs).toBe('suites');
    expect(report.if).toContain('!cancelled()'); // merges (and fails) even when a shard failed
    const merge = commands(report)
      .map(kontrakArgv)
      .find((a) => a?.[0] === 'merge')!;
    const inputs = merge.slice(
      1,
      merge.findIndex((w) => w.startsWith('--')),
    );
    expect(inputs).toEqual(shards.map((n) => `reports/reports-shard-${n}`));
  });

  it('takes every provider credential from the secret store, and base URLs from repository variables', () => {
    const env = workflow.jobs.suites!.env!;
    const project = loadProject(REPO_ROOT).value!;
    // The job runs --env sandbox: it needs the credentials of every provider with a suite there.
    const inSandbox = new Set(
      project.suites.filter((s) => s.environments?.includes('sandbox') ?? true).map((s) => s.provider),
    );
    const sandboxProviders = [...project.providers.values()].filter((p) => inSandbox.has(p.name));
    expect(sandboxProviders.length).toBeGreaterThan(0);
    const needed = sandboxProviders.flatMap((p) =>
      p.credentials.map((c) => processVariable(p.name, c.field)),
    );
    expect(needed).toContain('NICEPAY_CLIENT_SECRET');
    for (const prefix of ['NICEPAY', 'BRI', 'BRI_SNAP', 'SNAP'])
      for (const field of ['CLIENT_ID', 'CLIENT_SECRET', 'PRIVATE_KEY']) needed.push(`${prefix}_${field}`);
    for (const variable of new Set(needed))
      expect(env[variable], variable).toBe(`\${{ secrets.${variable} }}`);
    for (const provider of sandboxProviders) {
      const variable = processVariable(provider.name, 'base_url');
      expect(env[variable], variable).toBe(`\${{ vars.${variable} }}`); // optional override, and the only way for a provider without baseUrls.sandbox
    }
    const secretsUsedElsewhere = JSON.stringify({
      ...workflow.jobs,
      suites: { ...workflow.jobs.suites, env: {} },
    }).match(/secrets\./g);
    expect(secretsUsedElsewhere).toBeNull(); // the merge job never sees a credential
  });
});
