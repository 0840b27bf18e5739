import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadProject } from '../../src/load/project.ts';
import { kontrak } from '../support/cli.ts';
import { defined } from '../support/defined.ts';
import { REPO_ROOT, tempProject } from '../support/project.ts';
import { FULL } from '../support/suites.ts';

/**
 * Bad YAML never crashes kontrak: each shipped collection file is mutated 200+ ways (deleted keys,
 * wrong types, broken indentation, unknown and duplicate keys, invalid YAML) and every outcome is
 * a set of diagnostics that each carry a code and a file:line:column. `npm test` applies each kind
 * of mutation six times per file; `npm run test:full` (KONTRAK_TEST_FULL=1) the full 210.
 */
const SEED = 7;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const path = join(dir, e);
    return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(e) ? [path] : [];
  });
}

function prng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

type Mutation = (lines: string[], r: () => number) => string[];
const at = (lines: string[], r: () => number) => Math.floor(r() * lines.length);
const replaceLine = (lines: string[], i: number, line: string) => [
  ...lines.slice(0, i),
  line,
  ...lines.slice(i + 1),
];

const MUTATIONS: Record<string, Mutation> = {
  'delete a line': (l, r) => l.filter((_, i) => i !== at(l, r)),
  'duplicate a line (duplicate key)': (l, r) => {
    const i = at(l, r);
    return [...l.slice(0, i + 1), l[i]!, ...l.slice(i + 1)];
  },
  'indent a line more': (l, r) => {
    const i = at(l, r);
    return replaceLine(l, i, `   ${l[i]}`);
  },
  'indent a line less': (l, r) => {
    const i = at(l, r);
    return replaceLine(l, i, l[i]!.replace(/^ {1,3}/, ''));
  },
  'tab indentation': (l, r) => {
    const i = at(l, r);
    return replaceLine(l, i, `\t${l[i]!.trimStart()}`);
  },
  'misspell a key': (l, r) => {
    const i = at(l, r);
    return replaceLine(l, i, l[i]!.replace(/([a-z])([a-z]+):/i, '$2$1:'));
  },
  'unknown key': (l, r) => {
    const i = at(l, r);
    const indent = /^\s*(- )?/.exec(l[i]!)![0].replace('-', ' ');
    return [...l.slice(0, i + 1), `${indent}bogusKey: 1`, ...l.slice(i + 1)];
  },
  'value becomes a number': (l, r) => {
    const i = at(l, r);
    return replaceLine(l, i, l[i]!.replace(/: .*$/, ': 42'));
  },
  'value becomes a list': (l, r) => {
    const i = at(l, r);
    return replaceLine(l, i, l[i]!.replace(/: .*$/, ': [a, b]'));
  },
  'value becomes a mapping': (l, r) => {
    const i = at(l, r);
    return replaceLine(l, i, l[i]!.replace(/: .*$/, ': {x: 1}'));
  },
  'value becomes null': (l, r) => {
    const i = at(l, r);
    return replaceLine(l, i, l[i]!.replace(/: .*$/, ':'));
  },
  'unclosed quote': (l, r) => {
    const i = at(l, r);
    return replaceLine(l, i, `${l[i]} "open`);
  },
  'unclosed bracket': (l, r) => {
    const i = at(l, r);
    return replaceLine(l, i, l[i]!.replace(/: (.*)$/, ': [$1'));
  },
  'stray colon': (l, r) => {
    const i = at(l, r);
    return replaceLine(l, i, `${l[i]}: :`);
  },
  'truncate the file': (l, r) => l.slice(0, at(l, r)),
  'swap two lines': (l, r) => {
    const i = at(l, r);
    const j = at(l, r);
    const c = [...l];
    [c[i], c[j]] = [c[j]!, c[i]!];
    return c;
  },
  'anchor and alias bomb': (l) => [...l, 'x: &a [1, 2]', 'y: [*a, *a, *a]'],
  'binary garbage': (l, r) => {
    const i = at(l, r);
    return replaceLine(l, i, '\u0000\u0007\uFFFE@`%');
  },
};

const MUTATIONS_PER_FILE = FULL ? 210 : 6 * Object.keys(MUTATIONS).length;

const project = tempProject({});
afterAll(() => project.cleanup());
const shipped = yamlFiles(join(REPO_ROOT, 'collections'));

/** What a shipped file declares and names: a provider's own name, the providers a suite or an environment uses. */
function declared(file: string): { provider?: string; uses: string[] } {
  const doc = parse(readFileSync(file, 'utf8')) as {
    provider?: { name?: string };
    suite?: { provider?: string; providers?: string[] };
    environment?: { providers?: string[] };
  };
  const suite = doc.suite;
  const uses = suite ? (suite.providers ?? [suite.provider ?? '']) : (doc.environment?.providers ?? []);
  return { ...(doc.provider?.name ? { provider: doc.provider.name } : {}), uses };
}
const declarations = new Map(shipped.map((f) => [f, declared(f)]));
const providerFile = new Map(
  shipped.flatMap((f) => {
    const name = declarations.get(f)?.provider;
    return name ? [[name, f] as const] : [];
  }),
);

/**
 * The smallest project in which `file` means what it means in the shipped tree: the file, the
 * providers it names, and for a provider the first suite that uses it (so a broken provider still
 * meets a real reference). Mutating each file inside its own small project keeps the cost linear
 * in the shipped files instead of quadratic.
 */
function minimalProject(file: string): string[] {
  const { provider, uses } = defined(declarations.get(file), file);
  const user = provider ? shipped.find((f) => declarations.get(f)?.uses.includes(provider)) : undefined;
  const needed = [...uses, ...(user ? defined(declarations.get(user), user).uses : [])];
  const providers = needed.map((name) => defined(providerFile.get(name), `provider ${name}`));
  return [...new Set([file, ...(user ? [user] : []), ...providers])];
}

describe('mutated collections never crash the loader', () => {
  it.each(shipped.map((f) => [relative(REPO_ROOT, f), f]))('%s', (_name, file) => {
    const random = prng(SEED);
    rmSync(join(project.root, 'collections'), { recursive: true, force: true });
    const files = minimalProject(file);
    for (const other of files) {
      const target = join(project.root, relative(REPO_ROOT, other));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, readFileSync(other));
    }
    // Unmutated, the small project loads clean: every diagnostic below comes from the mutation.
    expect(loadProject(project.root).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const target = join(project.root, relative(REPO_ROOT, file));
    const original = readFileSync(file, 'utf8').split('\n');
    const names = Object.keys(MUTATIONS);
    let withDiagnostics = 0;
    for (let n = 0; n < MUTATIONS_PER_FILE; n++) {
      const name = names[n % names.length]!;
      const mutated = MUTATIONS[name]!(original, random).join('\n');
      writeFileSync(target, mutated);
      const outcome = loadProject(project.root);
      for (const d of outcome.diagnostics) {
        expect(d.code, `${name}: ${JSON.stringify(d)}`).toMatch(/^E_[A-Z0-9_]+$/);
        if (d.file) {
          expect(d.line, `${name}: ${JSON.stringify(d)}`).toBeGreaterThan(0);
          expect(d.column, `${name}: ${JSON.stringify(d)}`).toBeGreaterThan(0);
        }
      }
      // A diagnostic about a file names it; only whole-project problems may lack a file.
      expect(
        outcome.diagnostics.filter(
          (d) => !d.file && !['E_MISSING_BASE_URL', 'E_NO_COLLECTIONS'].includes(d.code),
        ),
      ).toEqual([]);
      if (outcome.diagnostics.length) withDiagnostics++;
    }
    writeFileSync(target, original.join('\n'));
    // Most mutations are real mistakes; the loader must have noticed them.
    expect(withDiagnostics).toBeGreaterThan(MUTATIONS_PER_FILE / 2);
  });

  it('the CLI prints diagnostics, not a stack trace, for broken files', async () => {
    const broken = tempProject({
      'collections/a.yaml': 'kontrak: 1\nsuite: [\n',
      'collections/b.yaml': '\u0000\u0001',
      'collections/c.yaml': 'kontrak: 2\nprovider: {}\n',
    });
    try {
      const result = await kontrak(['validate'], { cwd: broken.root });
      expect(result.code).toBe(2);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      // Each diagnostic line, then the source line it points at with a caret under it.
      for (const line of result.stderr.trim().split('\n'))
        expect(line).toMatch(/^collections\/[abc]\.yaml:\d+:\d+ (error|warning)\[E_[A-Z0-9_]+\] |^ *\d* \|/);
      expect(result.stderr).toMatch(/^collections\/[abc]\.yaml:\d+:\d+ (error|warning)\[E_[A-Z0-9_]+\] /);
    } finally {
      broken.cleanup();
    }
  });
});
