/**
 * Hostile input files: each limit is a positioned diagnostic (exit 2 through the CLI), never a
 * stack trace, a hang or a silent change of the text.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { DEFAULT_MAX_FILE_BYTES, firstInvalidUtf8, setMaxFileBytes } from '../../src/input-files.ts';
import { loadProject } from '../../src/load/project.ts';
import { kontrak } from '../support/cli.ts';
import { PROVIDER_YAML, SUITE_YAML, tempDir, tempProject } from '../support/project.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  setMaxFileBytes(DEFAULT_MAX_FILE_BYTES);
  while (cleanups.length) cleanups.pop()!();
});

function project(files: Record<string, string | Buffer>): string {
  const p = tempProject({ 'collections/nicepay/provider.yaml': PROVIDER_YAML });
  cleanups.push(p.cleanup);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(p.root, path, '..'), { recursive: true });
    writeFileSync(join(p.root, path), content);
  }
  return p.root;
}

const errors = (root: string): Diagnostic[] =>
  loadProject(root).diagnostics.filter((d) => d.severity === 'error');

const BOMB = `kontrak: 1
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
`;

describe('input limits', () => {
  it('refuses an alias bomb at its first alias', () => {
    const [d] = errors(project({ 'collections/bomb.yaml': BOMB }));
    expect(d).toMatchObject({
      code: 'E_YAML_ALIAS_LIMIT',
      file: expect.stringContaining('bomb.yaml') as unknown,
      line: 3,
    });
  });

  it('refuses YAML tags, where they are written', () => {
    const text = SUITE_YAML.replace('grantType: client_credentials', 'grantType: !!binary aGVsbG8=');
    const [d] = errors(project({ 'collections/nicepay/tiny.yaml': text }));
    const line = SUITE_YAML.split('\n').findIndex((l) => l.includes('grantType')) + 1;
    expect(d).toMatchObject({ code: 'E_YAML_TAG', line });
    expect(d?.message).toContain('!!binary');
  });

  it('refuses invalid UTF-8 at the first bad byte', () => {
    const bytes = Buffer.concat([
      Buffer.from(SUITE_YAML.replace('name: token', 'name: tok')),
      Buffer.from([0xc3, 0x28]),
    ]);
    const [d] = errors(project({ 'collections/nicepay/tiny.yaml': bytes }));
    expect(d).toMatchObject({ code: 'E_NOT_UTF8', line: SUITE_YAML.split('\n').length, column: 1 });
    expect(firstInvalidUtf8(Buffer.from('héllo', 'utf8'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // a UTF-16 surrogate
    expect(firstInvalidUtf8(Buffer.from([0xe2, 0x82]))).toBe(0); // cut short
  });

  it('refuses a file over the size limit and names the flag that raises it', () => {
    setMaxFileBytes(1024);
    const [d] = errors(project({ 'collections/nicepay/tiny.yaml': SUITE_YAML + `# ${'x'.repeat(2000)}\n` }));
    expect(d).toMatchObject({ code: 'E_FILE_TOO_LARGE' });
    expect(d?.hint).toContain('--max-file-bytes');
  });

  it('admits the 10,000-request benchmark file by default', () => {
    expect(DEFAULT_MAX_FILE_BYTES).toBeGreaterThan(10_000 * 700);
  });

  it('refuses symlinks leading out of the project, and symlink loops', () => {
    const outside = tempDir();
    cleanups.push(outside.cleanup);
    writeFileSync(join(outside.dir, 'stolen.yaml'), SUITE_YAML);
    const root = project({});
    symlinkSync(join(outside.dir, 'stolen.yaml'), join(root, 'collections', 'out.yaml'));
    symlinkSync(join(root, 'collections', 'loop-a.yaml'), join(root, 'collections', 'loop-b.yaml'));
    symlinkSync(join(root, 'collections', 'loop-b.yaml'), join(root, 'collections', 'loop-a.yaml'));
    symlinkSync(join(root, 'collections'), join(root, 'collections', 'nicepay', 'again'));
    symlinkSync(outside.dir, join(root, 'schemas', 'elsewhere'));
    const codes = errors(root).map((d) => `${d.code} ${d.file?.split('/').pop()}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'E_SYMLINK_OUTSIDE out.yaml',
        'E_SYMLINK_LOOP loop-a.yaml',
        'E_SYMLINK_LOOP loop-b.yaml',
        'E_SYMLINK_LOOP again',
      ]),
    );
  });

  it('through the CLI: an alias bomb exits 2 with a diagnostic, never a stack trace', async () => {
    const root = project({ 'collections/bomb.yaml': BOMB });
    const result = await kontrak(['validate'], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('E_YAML_ALIAS_LIMIT');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

/** A small deterministic generator (the fuzz must give the same cases on every run). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const HOSTILE_PIECES = [
  '&a [x, x, x]',
  '*a',
  '!!binary aGk=',
  '!custom x',
  '{{unknown_var}}',
  '{{unterminated',
  '"\u0000"',
  '\u001b[2K',
  '/../x',
  '//',
  '"a\\r\\nb"',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
  'a/../../x.json',
];

/** Byte-level damage: what an editor, a bad copy or a hostile file does to a whole file. */
function damage(text: string, random: () => number): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const at = Math.floor(random() * bytes.length);
  switch (Math.floor(random() * 4)) {
    case 0: // a byte that is not UTF-8
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff, 0xc3]), bytes.subarray(at)]);
    case 1: // cut short, maybe inside a multi-byte character or a quoted string
      return bytes.subarray(0, at);
    case 2: // a line's indentation shifted
      return Buffer.from(text.replace(/\n {6}/, '\n   '), 'utf8');
    default: // an alias fan-out spliced in
      return Buffer.concat([bytes, Buffer.from(`\nx: &x [1, 2, 3]\ny: [${'*x, '.repeat(200)}*x]\n`)]);
  }
}

describe('YAML fuzz over the limits', () => {
  it('never throws and positions every error, whatever is spliced into a suite or done to its bytes', () => {
    const random = prng(12);
    const lines = SUITE_YAML.split('\n');
    const root = project({});
    const file = join(root, 'collections', 'nicepay', 'tiny.yaml');
    let refused = 0;
    for (let i = 0; i < 120; i++) {
      const copy = [...lines];
      // One to three hostile pieces at random places.
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
        const at = 2 + Math.floor(random() * (copy.length - 3));
        const piece = HOSTILE_PIECES[Math.floor(random() * HOSTILE_PIECES.length)]!;
        const line = copy[at]!;
        copy[at] = line.includes(': ')
          ? `${line.slice(0, line.indexOf(': ') + 2)}${piece}`
          : `${line} ${piece}`;
      }
      const text = copy.join('\n');
      const content = i % 3 === 2 ? damage(text, random) : text;
      writeFileSync(file, content);
      const outcome = loadProject(root); // an exception here is the failure this fuzz looks for
      const errs = outcome.diagnostics.filter((x) => x.severity === 'error');
      if (errs.length) refused++;
      else expect(outcome.value, String(content)).toBeDefined();
      for (const d of errs) {
        expect(d.code, String(content)).toMatch(/^E_[A-Z0-9_]+$/);
        expect(d.file, `${d.code} ${d.message}`).toBeTruthy();
        expect(d.line, `${d.code} ${d.message}`).toBeGreaterThan(0);
        expect(d.column ?? 1, `${d.code} ${d.message}`).toBeGreaterThan(0);
      }
    }
    // The pieces are hostile: most cases must be refused, or the fuzz is not reaching the limits.
    expect(refused).toBeGreaterThan(60);
  }, 180_000);
});
