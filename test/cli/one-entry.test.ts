/**
 * One way to run the CLI: bin/kontrak.js, the package's `bin`, runs the compiled dist/lib in the
 * installed package and in a checkout alike (a checkout compiles it first when a source changed).
 * No loader of TypeScript, no second bundle, no second entry file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { kontrak } from '../support/cli.ts';
import { REPO_ROOT } from '../support/project.ts';

interface Manifest {
  version: string;
  bin: Record<string, string>;
  files: string[];
  scripts: Record<string, string>;
}
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

const importsOf = (file: string): string[] =>
  ts
    .preProcessFile(readFileSync(join(REPO_ROOT, file), 'utf8'), true, true)
    .importedFiles.map((f) => f.fileName);

describe('the one entry', () => {
  it('is the package bin, and ships alone of bin/', () => {
    expect(manifest.bin).toEqual({ kontrak: 'bin/kontrak.js' });
    expect(manifest.files.filter((f) => f.startsWith('bin'))).toEqual(['bin/kontrak.js']);
  });

  it('runs the compiled CLI and nothing else: no tsx, no esbuild, no TypeScript source', () => {
    const imports = importsOf('bin/kontrak.js');
    expect(imports.filter((i) => !i.startsWith('node:'))).toEqual([
      './build.js',
      '../dist/lib/src/cli/main.js',
    ]);
    expect(importsOf('bin/build.js').filter((i) => !i.startsWith('node:'))).toEqual([]);
  });

  it('is the way every npm script runs the CLI', () => {
    const cli = Object.entries(manifest.scripts).filter(([, command]) =>
      /kontrak\.js|src\/cli|dist\/lib|\bkontrak\s/.test(command),
    );
    expect(cli.map(([name]) => name).sort()).toEqual(['kontrak', 'mock', 'render', 'suites']);
    for (const [name, command] of cli) expect(command, name).toMatch(/^node bin\/kontrak\.js(\s|$)/);
    // TypeScript tools run through tsx (bin/run-ts.js), never the CLI's sources.
    for (const [name, command] of Object.entries(manifest.scripts))
      if (command.includes('run-ts.js')) expect(command, name).not.toMatch(/src\/cli|src\/index/);
  });

  it('has no second entry file: only bin/ reads the process arguments and sets the exit code', () => {
    const bins = readdirSync(join(REPO_ROOT, 'bin')).sort();
    expect(bins).toEqual(['build.js', 'kontrak.js', 'pack.js', 'run-ts.js']);
    const sources = (dir: string): string[] =>
      readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    const entries = sources('src').filter((f) =>
      /process\.argv|process\.exitCode\s*=/.test(readFileSync(join(REPO_ROOT, f), 'utf8')),
    );
    expect(entries).toEqual([]);
  });

  it('prints the package version through bin/kontrak.js', async () => {
    const result = await kontrak(['--version']);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(manifest.version);
    expect(result.code).toBe(0);
  }, 120_000);
});
