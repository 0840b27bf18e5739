/**
 * `kontrak init`: each starter bank scaffolds a project that validates with kontrak's built-in
 * schemas and bank profiles alone; a folder with files of its own is refused; a project's
 * schemas/ and banks/ override or extend the built-ins by name.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { commandNamed } from '../../src/cli/table/index.ts';
import type { Io } from '../../src/cli/context.ts';
import { starterBanks } from '../../src/init/scaffold.ts';
import { loadProject } from '../../src/load/project.ts';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { assetDirs, packagePath } from '../../src/project/assets.ts';
import { bankProfiles } from '../../src/load/bank-profiles.ts';
import { mockProviders } from '../../src/mock/providers.ts';
import { REPO_ROOT } from '../support/project.ts';

const made: string[] = [];

interface WorkflowStep {
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
}

function emptyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kontrak-init-'));
  made.push(dir);
  return dir;
}

function capture(cwd: string): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l) => out.push(l), err: (l) => err.push(l), cwd, env: {}, isTty: false }, out, err };
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('kontrak init', () => {
  it.each(starterBanks())('scaffolds a %s project with one suite that validates', async (bank) => {
    const dir = emptyDir();
    const init = capture(dir);
    expect(await main(['init', '--bank', bank], init.io), init.err.join('\n')).toBe(0);
    for (const file of ['.github/workflows/contracts.yml', '.gitignore', 'README.md', 'package.json'])
      expect(existsSync(join(dir, file)), file).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(manifest.scripts['suites']).toBe('kontrak run');
    expect(manifest.devDependencies['kontrak']).toMatch(/^\^\d+\.\d+\.\d+/);

    const validate = capture(dir);
    expect(await main(['validate'], validate.io), validate.err.join('\n')).toBe(0);
    const project = loadProject(dir).value;
    expect(project?.suites.map((s) => s.provider)).toEqual([[...(project?.providers.keys() ?? [])][0]]);

    const workflow = parse(readFileSync(join(dir, '.github/workflows/contracts.yml'), 'utf8')) as {
      jobs: Record<string, { env?: Record<string, string>; steps: Array<{ run?: string }> }>;
    };
    expect(workflow.jobs['mock']?.steps.map((s) => s.run)).toContain('npm run suites');
    const provider = [...(project?.providers.values() ?? [])][0];
    const secrets = Object.keys(workflow.jobs['sandbox']?.env ?? {});
    for (const { field } of provider?.credentials ?? [])
      expect(secrets).toContain(
        `${provider?.name ?? ''}_${field}`.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase(),
      );
  });

  it('compares each sandbox night with the last green one: --baseline, kept only when green, diff on drift', async () => {
    const dir = emptyDir();
    expect(await main(['init', '--bank', 'bri'], capture(dir).io)).toBe(0);
    const workflow = parse(readFileSync(join(dir, '.github/workflows/contracts.yml'), 'utf8')) as {
      jobs: Record<string, { permissions?: Record<string, string>; steps: WorkflowStep[] }>;
    };
    const sandbox = workflow.jobs['sandbox'];
    const steps = sandbox?.steps ?? [];
    expect(sandbox?.permissions?.['actions']).toBe('read');
    const download = steps.find((s) => s.uses?.startsWith('actions/download-artifact'));
    const keep = steps.find(
      (s) => s.uses?.startsWith('actions/upload-artifact') && s.with?.['name'] === 'contracts-baseline',
    );
    const run = steps.find((s) => s.run?.startsWith('npm run suites'))?.run ?? '';
    const diff = steps.find((s) => s.run?.includes('kontrak diff'))?.run ?? '';
    // Tonight's run reads the baseline where the download puts it, and keeps its own results only when green.
    expect(run).toContain(`--baseline ${String(download?.with?.['path'])}/results.json`);
    expect(run).toContain('--out reports/sandbox');
    expect(keep?.with?.['path']).toBe('reports/sandbox/results.json');
    expect(keep?.if).toContain('success()');
    expect(diff.split(/\s+/).slice(1)).toEqual([
      'kontrak',
      'diff',
      `${String(download?.with?.['path'])}/results.json`,
      'reports/sandbox/results.json',
      '--fail-on',
      'drift',
    ]);
    // Every kontrak option the job uses is one its command takes (`npm run suites` is `kontrak run`).
    const optionsOf = (line: string): string[] =>
      line
        .split(/\s+/)
        .map((w) => w.replace(/^'|'$/g, ''))
        .filter((w) => /^--[a-z]/.test(w));
    expect(optionsOf(run)).toContain('--baseline');
    for (const [command, line] of [
      ['run', run],
      ['diff', diff],
    ] as const)
      for (const word of optionsOf(line))
        expect(Object.keys(commandNamed(command)!.options), `${word} of kontrak ${command}`).toContain(
          word.slice(2),
        );
  });

  it('refuses a folder that holds files of its own, and writes nothing', async () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    const init = capture(dir);
    expect(await main(['init'], init.io)).toBe(2);
    expect(init.err.join('\n')).toContain('error[E_INIT_NOT_EMPTY] . is not empty: notes.txt');
    expect(existsSync(join(dir, 'collections'))).toBe(false);
    expect(existsSync(join(dir, 'package.json'))).toBe(false);

    const forced = capture(dir);
    expect(await main(['init', '--force'], forced.io)).toBe(0);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(dir, 'collections/nicepay/va.yaml'))).toBe(true);
  });

  it('scaffolds beside what npm install left, keeping package.json and its scripts', async () => {
    const dir = emptyDir();
    mkdirSync(join(dir, 'node_modules'));
    const before = {
      name: 'team',
      version: '2.0.0',
      scripts: { suites: 'echo mine', test: 'echo test' },
      dependencies: { kontrak: 'file:kontrak.tgz' },
    };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(before));
    const init = capture(dir);
    expect(await main(['init', 'sub', '--bank', 'bca'], init.io)).toBe(0);
    expect(existsSync(join(dir, 'sub', 'collections/bca/provider.yaml'))).toBe(true);
    const here = capture(dir);
    expect(await main(['init', '--bank', 'bca'], here.io)).toBe(2); // sub/ is now there

    const other = emptyDir();
    mkdirSync(join(other, 'node_modules'));
    writeFileSync(join(other, 'package.json'), JSON.stringify(before));
    const kept = capture(other);
    expect(await main(['init'], kept.io)).toBe(0);
    const after = JSON.parse(readFileSync(join(other, 'package.json'), 'utf8')) as typeof before & {
      devDependencies?: unknown;
      scripts: Record<string, string>;
    };
    expect(after.name).toBe('team');
    expect(after.dependencies).toEqual(before.dependencies);
    expect(after.devDependencies).toBeUndefined();
    expect(after.scripts).toEqual({ suites: 'echo mine', test: 'echo test', validate: 'kontrak validate' });
    expect(kept.out.join('\n')).toContain('kept your "suites" script (echo mine)');
  });
});

describe("a project's files beside kontrak's", () => {
  it("finds kontrak's files from the package, not the working directory", () => {
    expect(packagePath()).toBe(REPO_ROOT.replace(/[\\/]$/, ''));
    expect(assetDirs('schemas', emptyDir())).toEqual([packagePath('schemas')]);
    // This repository is its own project: its folders are the built-in ones, not added twice.
    expect(assetDirs('banks', REPO_ROOT)).toEqual([packagePath('banks')]);
  });

  it('replaces a built-in schema by its path and adds new ones', () => {
    const dir = emptyDir();
    const key = 'nicepay/access-token.response.json';
    const builtin = loadSchemas(assetDirs('schemas', undefined)).value?.validator(key);
    const answer = {
      responseCode: '2007300',
      responseMessage: 'Successful',
      accessToken: 't',
      tokenType: 'Bearer',
      expiresIn: '900',
    };
    expect(builtin?.(answer)).toBe(true);
    mkdirSync(join(dir, 'schemas', 'nicepay'), { recursive: true });
    mkdirSync(join(dir, 'schemas', 'team'), { recursive: true });
    writeFileSync(
      join(dir, 'schemas', key),
      JSON.stringify({
        type: 'object',
        properties: { teamOnly: { type: 'string' } },
        required: ['teamOnly'],
      }),
    );
    writeFileSync(join(dir, 'schemas', 'team', 'extra.json'), JSON.stringify({ type: 'string' }));
    const loaded = loadSchemas(assetDirs('schemas', dir));
    expect(loaded.diagnostics).toEqual([]);
    const registry = loaded.value;
    expect(registry?.validator(key)?.(answer)).toBe(false);
    expect(registry?.validator('team/extra.json')?.('x')).toBe(true);
    expect(registry?.validator('snap/error.response.json')).toBeDefined();
  });

  it('replaces a built-in bank profile by its name and adds new ones, for the loader and the mock', () => {
    const dir = emptyDir();
    mkdirSync(join(dir, 'banks'));
    const bca = readFileSync(packagePath('banks', 'bca.yaml'), 'utf8');
    const moved = bca.replace('basePath: { value: /openapi/v1.0,', 'basePath: { value: /moved/v1.0,');
    expect(moved).not.toBe(bca);
    writeFileSync(join(dir, 'banks', 'bca.yaml'), moved);
    writeFileSync(join(dir, 'banks', 'team-bank.yaml'), bca.replace(/^bank: bca$/m, 'bank: team-bank'));
    const shipped = bankProfiles().get('bca')?.basePath.value;
    expect(bankProfiles(dir).get('bca')?.basePath.value).toBe('/moved/v1.0');
    expect(bankProfiles(dir).has('team-bank')).toBe(true);
    expect(bankProfiles(dir).has('mandiri')).toBe(true);
    // The mock's routes are made for the project it is given.
    const providers = mockProviders(dir);
    const bcaPaths = providers.find((p) => p.provider === 'bca')?.routes.map((r) => r.path) ?? [];
    expect(bcaPaths).toContain('/moved/v1.0/balance-inquiry');
    expect(bcaPaths).not.toContain('/openapi/v1.0/balance-inquiry');
    expect(providers.map((p) => p.provider)).toContain('team-bank');
    expect(bankProfiles().get('bca')?.basePath.value).toBe(shipped);
  });
});
