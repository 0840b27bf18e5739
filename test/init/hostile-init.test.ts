/**
 * `kontrak init` never destroys and never leaves its folder: --force merges .gitignore and keeps
 * the user's files (writing beside them, and saying so), a symlink out of the folder is refused
 * even with --force, and everything is checked before the first file is written.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/context.ts';

const made: string[] = [];
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kontrak-init-hostile-'));
  made.push(d);
  return d;
}
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function init(cwd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), cwd, env: {}, isTty: false };
  const code = await main(['init', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('kontrak init --force over a folder with files of its own', () => {
  it('merges .gitignore: the user’s lines stay (.env still ignored), kontrak’s missing ones are added', async () => {
    const d = dir();
    writeFileSync(join(d, '.gitignore'), '.env\nsecrets/\nreports/\n');
    const result = await init(d, ['--force']);
    expect(result.code, result.err).toBe(0);
    const lines = readFileSync(join(d, '.gitignore'), 'utf8').split('\n');
    expect(lines.slice(0, 3)).toEqual(['.env', 'secrets/', 'reports/']);
    expect(lines).toEqual(expect.arrayContaining(['.kontrak/', 'node_modules/', 'dist/']));
    expect(lines.filter((l) => l === 'reports/')).toHaveLength(1);
    expect(result.out).toMatch(/merged \.gitignore/);
    expect(result.out).not.toMatch(/created \.gitignore/);
  });

  it('keeps the user’s README and workflow, writes its README beside, and says which', async () => {
    const d = dir();
    mkdirSync(join(d, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(d, 'README.md'), '# Our payments team\n');
    writeFileSync(join(d, '.github', 'workflows', 'contracts.yml'), 'name: ours\n');
    const result = await init(d, ['--force']);
    expect(result.code, result.err).toBe(0);
    expect(readFileSync(join(d, 'README.md'), 'utf8')).toBe('# Our payments team\n');
    expect(readFileSync(join(d, '.github', 'workflows', 'contracts.yml'), 'utf8')).toBe('name: ours\n');
    expect(readFileSync(join(d, 'README.kontrak.md'), 'utf8')).toContain('npm run suites');
    // A second workflow beside the user's would run too: kontrak's is not written, and that is said.
    expect(readdirSync(join(d, '.github', 'workflows'))).toEqual(['contracts.yml']);
    expect(result.out).toMatch(/kept README\.md .*README\.kontrak\.md/);
    expect(result.out).toMatch(/kept \.github\/workflows\/contracts\.yml/);
    expect(result.out).not.toMatch(/created README\.md/);
  });
});

describe('kontrak init and symlinks out of its folder', () => {
  it.each([[[]], [['--force']]])(
    'refuses a package.json linked outside (args %j), writing nothing',
    async (args) => {
      const d = dir();
      const outside = dir();
      const theirs = join(outside, 'package.json');
      writeFileSync(theirs, '{"name":"someone-else"}\n');
      const project = join(d, 'project');
      mkdirSync(project);
      symlinkSync(theirs, join(project, 'package.json'));
      const result = await init(project, args);
      expect(result.code, result.out).toBe(2);
      expect(result.err).toContain('E_SYMLINK_OUTSIDE');
      expect(result.err).toContain('package.json');
      expect(readFileSync(theirs, 'utf8')).toBe('{"name":"someone-else"}\n');
      expect(readdirSync(project)).toEqual(['package.json']);
    },
  );

  it('refuses a collections/ folder linked outside, even with --force, writing nothing', async () => {
    const d = dir();
    const outside = dir();
    symlinkSync(outside, join(d, 'collections'));
    const result = await init(d, ['--force']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('E_SYMLINK_OUTSIDE');
    expect(readdirSync(outside)).toEqual([]);
    expect(readdirSync(d)).toEqual(['collections']);
  });
});

describe('kontrak init checks everything before it writes the first file', () => {
  it('a malformed package.json: a positioned diagnostic, exit 2, and not one file written', async () => {
    const d = dir();
    writeFileSync(join(d, 'package.json'), '{\n  "name": "team",\n  "scripts": { "test": "x", }\n}\n');
    const result = await init(d, []);
    expect(result.code, result.err).toBe(2);
    expect(result.err).toMatch(/package\.json:3:\d+ error\[E_PACKAGE_JSON\]/);
    expect(result.err).not.toContain('E_INTERNAL');
    expect(readdirSync(d)).toEqual(['package.json']);
    expect(existsSync(join(d, 'collections'))).toBe(false);
  });
});
