/**
 * Every file kontrak points a reader at exists in the repository: the files a diagnostic's hint
 * names (in the code table, in hints written elsewhere, in the generated docs/diagnostics.md), and
 * every Markdown document the source, the signer, the bank profiles, the schemas, the collections
 * and the catalogue cite. A source that is not shipped is cited by its public URL.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES } from '../src/diagnostics/codes.ts';
import { REPO_ROOT } from './support/project.ts';

const CITING = ['src', 'scripts', 'banks', 'schemas', 'collections', 'catalogue'];
/** The repository's top-level folders: a path starting with one names a file of the repository. */
const TOP = [
  'docs',
  'src',
  'scripts',
  'banks',
  'schemas',
  'collections',
  'catalogue',
  'bench',
  'test',
  'bin',
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

const shippedNames = new Set(
  [...filesUnder(REPO_ROOT).map((f) => basename(f))].filter((name) => name.endsWith('.md')),
);

/** Text with its URLs taken out: a URL is a citation of its own, checked by nobody here. */
const withoutUrls = (text: string): string => text.replace(/https?:\/\/[^\s"'`)<>\]]+/g, ' ');

/** The repository files `text` names by a path from the root (`docs/format.md`, `schemas/x.json`). */
function repoPaths(text: string): string[] {
  const pattern = new RegExp(`(?<![\\w./-])(?:${TOP.join('|')})/[\\w./-]*\\w\\.[a-z]+\\b`, 'g');
  return [...withoutUrls(text).matchAll(pattern)].map((m) => m[0]);
}

/** Every `*.md` document `text` mentions. */
function markdownNames(text: string): string[] {
  return [...withoutUrls(text).matchAll(/[\w./-]*[\w-]\.md\b/g)].map((m) => m[0]);
}

/** Whether a mentioned document is in the repository: by its path, beside the file, or by name. */
function shipped(mention: string, from: string): boolean {
  const candidates = [join(REPO_ROOT, mention), join(dirname(from), mention)];
  if (candidates.some((path) => existsSync(path) && statSync(path).isFile())) return true;
  return !mention.includes('/') && shippedNames.has(mention);
}

/** Every string literal after `hint:` in the source (a diagnostic's own hint). */
function hintsIn(text: string): string[] {
  return [...text.matchAll(/hint:\s*(['"`])((?:\\.|(?!\1).)*)\1/g)].map((m) => m[2] ?? '');
}

describe('files a diagnostic hint names', () => {
  const hints = [
    ...Object.values(CODES).map((info) => info.hint),
    ...filesUnder(join(REPO_ROOT, 'src'))
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => hintsIn(readFileSync(f, 'utf8'))),
    readFileSync(join(REPO_ROOT, 'docs', 'diagnostics.md'), 'utf8'),
  ];

  it('exist in the repository', () => {
    const named = hints.flatMap(repoPaths);
    expect(named).toContain('docs/format.md');
    expect(named.filter((path) => !existsSync(join(REPO_ROOT, path)))).toEqual([]);
  });

  it('would catch a hint naming a file the repository does not have', () => {
    const named = repoPaths('check the spelling against docs/no-such-page.md');
    expect(named.filter((path) => !existsSync(join(REPO_ROOT, path)))).toEqual(['docs/no-such-page.md']);
  });
});

describe('documents the shipped files cite', () => {
  it('are in the repository (or cited by their public URL)', () => {
    const missing: string[] = [];
    for (const file of CITING.flatMap((dir) => filesUnder(join(REPO_ROOT, dir)))) {
      const text = readFileSync(file, 'utf8');
      for (const mention of markdownNames(text))
        if (!shipped(mention, file)) missing.push(`${relative(REPO_ROOT, file)}: ${mention}`);
    }
    expect(missing).toEqual([]);
  });

  it('would catch a citation of a document that is not shipped, but not one by URL', () => {
    const from = join(REPO_ROOT, 'src', 'x.ts');
    const cited = (text: string): string[] => markdownNames(text).filter((m) => !shipped(m, from));
    expect(cited('a rule (protocols.md §1.8)')).toEqual(['protocols.md']);
    expect(cited('a rule (https://github.com/o/r/blob/main/aspi/keamanan.md)')).toEqual([]);
    expect(cited('see docs/diagnostics.md and README.md')).toEqual([]);
  });
});
