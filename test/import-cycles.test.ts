/**
 * No circle of imports inside a part of kontrak (src/cli, src/mock…): test/layering.test.ts keeps
 * the parts in one direction, this keeps each part's own files in one direction too. Static,
 * dynamic and type-only imports all count: a circle of any kind means two files that cannot be
 * read, changed or loaded one without the other.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The part a file belongs to, as in test/layering.test.ts: `src/cli/commands/run.ts` → cli. */
function partOf(file: string): string | undefined {
  const [top, second, third] = relative(ROOT, file).split(sep);
  if (top === 'scripts') return 'scripts';
  if (top !== 'src' || second === undefined) return undefined;
  return third === undefined ? second.replace(/\.ts$/, '') : second;
}

/** Every file's relative imports that stay inside its own part. */
function importsWithinParts(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    graph.set(
      file,
      importedFiles
        .map((f) => f.fileName)
        .filter((name) => name.startsWith('.'))
        .map((name) => resolve(dirname(file), name))
        .filter((target) => partOf(target) === partOf(file)),
    );
  }
  return graph;
}

/** Each circle once, as `a → b → a`, found by a depth-first walk. */
function circlesIn(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const circles: string[][] = [];
  const done = new Set<string>();
  const visit = (node: string, path: string[]): void => {
    const at = path.indexOf(node);
    if (at >= 0) {
      circles.push([...path.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    done.add(node);
  };
  for (const node of graph.keys()) visit(node, []);
  return circles;
}

describe('imports inside a part', () => {
  it('run in one direction: no file reaches itself', () => {
    const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'scripts'))];
    const circles = circlesIn(importsWithinParts(files)).map((c) =>
      c.map((f) => relative(ROOT, f)).join(' → '),
    );
    expect(circles).toEqual([]);
  });

  it('a circle is found, however long', () => {
    const graph = new Map([
      ['run', ['evidence', 'context']],
      ['evidence', ['merge']],
      ['merge', ['run', 'context']],
      ['context', []],
    ]);
    expect(circlesIn(graph)).toEqual([['run', 'evidence', 'merge', 'run']]);
    expect(circlesIn(new Map([['a', ['a']]]))).toEqual([['a', 'a']]);
    expect(
      circlesIn(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });
});
