/**
 * Golden error tests: each `<case>.yaml` here is a small project, each `<case>.err` what kontrak
 * prints for it (stderr, then the exit code). `UPDATE_GOLDEN=1 npx vitest run test/golden`
 * rewrites the .err files; review the diff before committing it.
 *
 * A case file holds one or more files of the project. The first is collections/case.yaml unless
 * a `# file: <path>` line starts it; each further `# file: <path>` line starts another file.
 * `# args: <arguments>` (default `validate`) and `# env: NAME=value` lines before the first file
 * set the command line and environment. The nicepay provider and the schemas of this repository
 * are part of every case's project unless `# no-provider` is given.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/context.ts';
import { CODES, type Code } from '../../src/diagnostics/codes.ts';
import { PROVIDER_YAML, tempProject } from '../support/project.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

interface Case {
  args: string[];
  env: Record<string, string>;
  provider: boolean;
  files: Record<string, string>;
}

function parseCase(text: string): Case {
  const c: Case = { args: ['validate'], env: {}, provider: true, files: {} };
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const file = /^# file: (\S+)\s*$/.exec(line);
    if (file?.[1]) {
      current = file[1];
      c.files[current] = '';
      continue;
    }
    if (current === undefined) {
      const args = /^# args: (.*)$/.exec(line);
      const env = /^# env: ([A-Z0-9_]+)=(.*)$/.exec(line);
      if (args?.[1] !== undefined) c.args = args[1].split(' ').filter(Boolean);
      else if (env?.[1] && env[2] !== undefined) c.env[env[1]] = env[2];
      else if (line.trim() === '# no-provider') c.provider = false;
      else if (line.startsWith('#') || line.trim() === '') continue;
      else {
        current = 'collections/case.yaml';
        c.files[current] = `${line}\n`;
      }
      continue;
    }
    c.files[current] = `${c.files[current] ?? ''}${line}\n`;
  }
  return c;
}

async function runCase(name: string): Promise<string> {
  const c = parseCase(readFileSync(join(HERE, `${name}.yaml`), 'utf8'));
  const project = tempProject({
    ...(c.provider ? { 'collections/nicepay/provider.yaml': PROVIDER_YAML } : {}),
    ...c.files,
  });
  const err: string[] = [];
  const io: Io = {
    out: () => undefined,
    err: (line) => err.push(line),
    cwd: project.root,
    env: c.env,
    isTty: false,
  };
  // Paths print relative to the working directory, as they do for a user in the project root.
  const cwd = process.cwd();
  try {
    mkdirSync(join(project.root, 'reports'), { recursive: true });
    process.chdir(project.root);
    const code = await main(c.args, io);
    const text = err.join('\n').split(project.root).join('<project>');
    return `${text}\nexit ${code}\n`;
  } finally {
    process.chdir(cwd);
    project.cleanup();
  }
}

const cases = readdirSync(HERE)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .sort();

describe('golden errors', () => {
  it.each(cases)('%s', async (name) => {
    const actual = await runCase(name);
    const golden = join(HERE, `${name}.err`);
    if (UPDATE || !existsSync(golden)) writeFileSync(golden, actual);
    expect(actual).toBe(readFileSync(golden, 'utf8'));
  });
});

/**
 * Codes no golden case shows, and why. Everything else in the table must appear in some .err.
 */
const NOT_IN_GOLDEN: Partial<Record<Code, string>> = {
  E_INTERNAL: 'a bug in kontrak, not something a user does',
  E_UNREACHABLE: 'needs a sandbox run against a closed port: test/e2e/cli.test.ts',
  E_KEY_TYPE: 'needs a private key, which is never committed: test/env/keys.test.ts generates one',
  E_KEY_SIZE: 'needs a private key, which is never committed: test/env/keys.test.ts generates one',
  E_MERGE_EMPTY: 'merge stops at an unreadable input before it would have nothing to merge',
  W_DUPLICATE_SUITE: 'needs two complete results.json files: test/report/merge.test.ts',
  E_YAML_IMPOSSIBLE: 'a parser state error: no input is known to reach it',
  E_YAML_BAD_COLLECTION_TYPE: 'needs a custom tag, which kontrak files never load',
  E_YAML_TAG_RESOLVE_FAILED: 'reported as a warning by the parser, not an error',
  E_YAML_RESOURCE_EXHAUSTION: 'needs over 100 aliases: covered in test/load',
  E_YAML_KEY_OVER_1024_CHARS: 'a 1 KB key is not worth a golden file: same path as every YAML error',
  E_YAML_ALIAS_PROPS: 'same path as every YAML error (code, line, column, hint from the table)',
  E_YAML_BAD_DIRECTIVE: 'same path as every YAML error',
  E_YAML_BAD_DQ_ESCAPE: 'same path as every YAML error',
  E_YAML_BAD_PROP_ORDER: 'same path as every YAML error',
  E_YAML_BAD_SCALAR_START: 'same path as every YAML error',
  E_YAML_BLOCK_IN_FLOW: 'same path as every YAML error',
  E_YAML_MULTIPLE_ANCHORS: 'same path as every YAML error',
  E_YAML_MULTIPLE_DOCS: 'same path as every YAML error',
  E_YAML_MULTIPLE_TAGS: 'same path as every YAML error',
  E_YAML_NON_STRING_KEY: 'same path as every YAML error',
  E_YAML_MISSING_CHAR: 'same path as every YAML error',
  E_YAML_BAD_ALIAS: 'same path as every YAML error',
};

describe('golden coverage', () => {
  it('shows every code a user can trigger in some .err file', () => {
    const shown = new Set<string>();
    for (const name of cases) {
      const golden = join(HERE, `${name}.err`);
      if (!existsSync(golden)) continue;
      for (const m of readFileSync(golden, 'utf8').matchAll(/(?:error|warning)\[([A-Z_]+)\]/g))
        if (m[1]) shown.add(m[1]);
    }
    const missing = Object.keys(CODES).filter((code) => !shown.has(code) && !(code in NOT_IN_GOLDEN));
    expect(missing).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it('lists no code as uncovered that a case does show', () => {
    const shown = cases
      .map((name) => join(HERE, `${name}.err`))
      .filter(existsSync)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const stale = Object.keys(NOT_IN_GOLDEN).filter((code) => shown.includes(`[${code}]`));
    expect(stale).toEqual([]);
  });
});
