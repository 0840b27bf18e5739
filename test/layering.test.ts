/**
 * The direction of imports between the parts of kontrak. Each folder of src/ (and each file
 * directly in it) is a part; scripts/ is the signer bundled into every collection. A part may
 * import only the parts its row names: stages hand data forward, the CLI is the edge that
 * starts servers, reads the process and prints, and the signer stands alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

/** Who may import whom. Adding a row or an entry is a design decision: say why in the commit. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  // Facts and helpers every stage may use; they import nothing of kontrak.
  scripts: [], // the signer runs in the Postman sandbox: nothing of src/ may reach the bundle
  catalogue: ['project'],
  diagnostics: ['redact'],
  // Reading input files with the limits hostile input needs (size, UTF-8, symlinks).
  'input-files': ['diagnostics'],
  must: [],
  'to-text': [],
  redact: [],
  // Making output folders without Node's recursive mkdir (which spins under /proc): reports, init, CLI.
  folders: ['diagnostics'],
  // Where kontrak's own files are, found from the package (never from the working folder).
  project: [],
  cache: ['project'],
  // The model: what the YAML means, service codes included.
  // scripts: the signer's types and directive header are the one home of how a request is signed.
  model: ['catalogue', 'diagnostics', 'scripts'],
  // JSON Schema: ajv, the response-schema registry (compiled once, cached), violations as text.
  schemas: ['cache', 'diagnostics', 'input-files', 'model', 'to-text'],
  banks: ['catalogue', 'model', 'project', 'scripts'],
  // Stages, in pipeline order.
  load: ['banks', 'catalogue', 'diagnostics', 'input-files', 'model', 'must', 'project', 'schemas'],
  check: ['catalogue', 'diagnostics', 'model', 'schemas'],
  env: ['cache', 'diagnostics', 'model', 'redact', 'scripts'],
  diff: ['model'],
  report: ['check', 'diagnostics', 'diff', 'folders', 'model', 'must', 'project', 'schemas', 'to-text'],
  render: ['check', 'env', 'model', 'must', 'project', 'schemas'],
  explain: [
    'catalogue',
    'check',
    'diagnostics',
    'env',
    'model',
    'must',
    'redact',
    'render',
    'scripts',
    'to-text',
  ],
  // The run takes its targets and emits events: it starts no server and writes no report.
  run: [
    'check',
    'diagnostics',
    'env',
    'model',
    'must',
    'redact',
    // render: the run sends rendered collections and reads the signals their scripts send.
    'render',
    'schemas',
    'scripts',
    'to-text',
  ],
  // The servers kontrak plays: the mock bank, and the bank calling a partner.
  // The --partners file is read and checked by load; the mock gets the registrations as data.
  // load stays for one file only, the bank-profile registry (banks/*.yaml checked by their schema,
  // which the mock emulates): MOCK_READS_OF_LOAD below holds it to that file.
  mock: ['banks', 'catalogue', 'diagnostics', 'load', 'must', 'project', 'schemas', 'scripts'],
  // The partner is served by the mock's HTTP edge (node:http: body limits, keep-alive, shutdown).
  // Its test bills (PARTNER_VA_*) are read as model values and refused as diagnostics.
  partner: ['diagnostics', 'mock', 'model', 'scripts'],
  // The probe asks a bank's sandbox over HTTP and drafts a profile: it reads the shipped profile
  // (banks), signs with the signer's contract (scripts) and masks secrets (redact); the CLI hands
  // it the target, so it starts no server of its own.
  probe: ['banks', 'catalogue', 'redact', 'scripts'],
  // The edge: starts servers, reads the process, prints, subscribes to the run.
  cli: ['*'],
  // Scaffolds a new project from the shipped collections; which banks have a starter, their profiles say.
  init: ['diagnostics', 'folders', 'load', 'model', 'project'],
  // Suites from other tools' material: checked against the format (load) before anything is written.
  import: ['catalogue', 'diagnostics', 'folders', 'load', 'model'],
  // The public API: re-exports the stages for programs that use kontrak as a library.
  index: ['*'],
};

/** The part a file belongs to: `src/run/run.ts` → run, `src/redact.ts` → redact, scripts/… → scripts. */
function partOf(file: string): string | undefined {
  const [top, second, third] = relative(ROOT, file).split(sep);
  if (top === 'scripts') return 'scripts';
  if (top !== 'src' || second === undefined) return undefined;
  return third === undefined ? second.replace(/\.ts$/, '') : second;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'scripts'))];

/** Every relative import, re-export and dynamic import of a file, resolved to a path. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), name));
}

/** `from → to  (file)` for every import across parts that the table does not allow. */
function violations(table: Readonly<Record<string, readonly string[]>>): string[] {
  const found: string[] = [];
  for (const file of files) {
    const from = partOf(file);
    if (from === undefined) continue;
    for (const target of importsOf(file)) {
      const to = partOf(target);
      if (to === undefined || to === from) continue;
      const allowed = table[from] ?? [];
      if (!allowed.includes('*') && !allowed.includes(to))
        found.push(`${from} → ${to}  (${relative(ROOT, file)})`);
    }
  }
  return found;
}

describe('layering', () => {
  it('has a row for every part of src/ and scripts/', () => {
    const parts = new Set(files.map(partOf).filter((p) => p !== undefined));
    expect([...parts].filter((p) => !(p in ALLOWED)).sort()).toEqual([]);
  });

  it('every import between parts runs the allowed way', () => {
    expect(violations(ALLOWED)).toEqual([]);
  });

  it('the table itself has no cycle, so no two parts depend on each other', () => {
    const cycles: string[] = [];
    const visit = (part: string, path: string[]): void => {
      if (path.includes(part)) {
        cycles.push([...path.slice(path.indexOf(part)), part].join(' → '));
        return;
      }
      for (const next of ALLOWED[part] ?? []) if (next !== '*') visit(next, [...path, part]);
    };
    for (const part of Object.keys(ALLOWED)) visit(part, []);
    expect(cycles).toEqual([]);
  });

  it('allows none of the arrows the pipeline forbids', () => {
    // A server kontrak plays does not judge answers, a collection is rendered before any report, a
    // check never runs anything, and the signer bundled into collections stands alone.
    const FORBIDDEN: ReadonlyArray<[string, string]> = [
      ['mock', 'check'],
      ['render', 'report'],
      ['check', 'run'],
      ['scripts', 'model'],
    ];
    expect(FORBIDDEN.filter(([from, to]) => ALLOWED[from]?.includes(to))).toEqual([]);
  });

  it('catches a wrong-way import: without its row entries, the run may not reach the model', () => {
    const table = { ...ALLOWED, run: ALLOWED.run!.filter((p) => p !== 'model') };
    expect(violations(table).some((v) => v.startsWith('run → model'))).toBe(true);
  });
});

/** The one file of load the mock may read: the bank-profile registry. */
const MOCK_READS_OF_LOAD = ['src/load/bank-profiles.ts'];

describe('the mock and load', () => {
  it('the mock reads only the bank-profile registry of load, never a file format of its own', () => {
    const reads = files
      .filter((file) => partOf(file) === 'mock')
      .flatMap((file) => importsOf(file).map((target) => relative(ROOT, target)))
      .filter((target) => target.startsWith(`src${sep}load${sep}`));
    expect([...new Set(reads)].sort()).toEqual(MOCK_READS_OF_LOAD);
  });
});

describe('side effects stay at the edge', () => {
  /** What only the CLI may do: read the process's directory and environment, force a collection. */
  const EDGE_ONLY: ReadonlyArray<[RegExp, string]> = [
    [/\bprocess\.cwd\(/, 'process.cwd()'],
    [/\bprocess\.env\b/, 'process.env'],
    [/expose-gc|\bglobal\.gc\b|\bgc\?\.\(/, 'garbage collection'],
  ];

  it('no part but the CLI reads the working directory or the environment, or collects garbage', () => {
    const found: string[] = [];
    for (const file of files) {
      if (partOf(file) === 'cli') continue;
      const text = readFileSync(file, 'utf8');
      for (const [pattern, what] of EDGE_ONLY)
        if (pattern.test(text)) found.push(`${what} in ${relative(ROOT, file)}`);
    }
    expect(found).toEqual([]);
  });
});
