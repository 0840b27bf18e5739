/**
 * Golden error tests: each `<case>.yaml` here is a small project, each `<case>.err` what kontrak
 * prints for it (stderr, then the exit code). `UPDATE_GOLDEN=1 npx vitest run test/golden`
 * rewrites the .err files; review the diff before committing it.
 *
 * A case file holds one or more files of the project. The first is collections/case.yaml unless
 * a `# file: <path>` line starts it; each further `# file: <path>` line starts another file.
 * `# args: <arguments>` (default `validate`) and `# env: NAME=value` lines before the first file
 * set the command line and environment. The nicepay provider and the schemas of this repository
 * are part of every case's project unless `# no-provider` is given. For what text cannot hold:
 * `# file: <path> latin1` writes that file in Latin-1 (so é is not UTF-8), `# symlink: <path> ->
 * <target>` makes a link, `# pad: <bytes>` fills the first file with comment lines up to that
 * size, `# key: NAME rsa-1024|ec` sets NAME to a private key generated for the run, and `# git`
 * makes the project a git repository.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/context.ts';
import { CODES, type Code } from '../../src/diagnostics/codes.ts';
import { PROVIDER_YAML, tempProject } from '../support/project.ts';
// esbuild starts its service in the working directory it saw when first loaded: loaded here,
// not by a case run from a temporary project removed before the next case bundles.
import 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

interface Case {
  args: string[];
  env: Record<string, string>;
  provider: boolean;
  git: boolean;
  pad: number;
  files: Record<string, string>;
  latin1: string[];
  symlinks: Array<[path: string, target: string]>;
}

/** The `# name: value` lines allowed before the first file, each applied to the case. */
const DIRECTIVES: Array<[RegExp, (c: Case, m: RegExpExecArray) => void]> = [
  [/^# args: (.*)$/, (c, m) => (c.args = (m[1] ?? '').split(' ').filter(Boolean))],
  [/^# env: ([A-Z0-9_]+)=(.*)$/, (c, m) => (c.env[m[1] ?? ''] = m[2] ?? '')],
  [/^# key: ([A-Z0-9_]+) (rsa-1024|ec)\s*$/, (c, m) => (c.env[m[1] ?? ''] = generatedKey(m[2] ?? ''))],
  [/^# symlink: (\S+) -> (\S+)\s*$/, (c, m) => c.symlinks.push([m[1] ?? '', m[2] ?? ''])],
  [/^# pad: (\d+)\s*$/, (c, m) => (c.pad = Number(m[1]))],
  [/^# no-provider\s*$/, (c) => (c.provider = false)],
  [/^# git\s*$/, (c) => (c.git = true)],
];

/** A private key made for the case (none is ever committed): PKCS#8 PEM. */
function generatedKey(kind: string): string {
  const pair =
    kind === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 1024 });
  return pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function applyDirective(c: Case, line: string): boolean {
  for (const [pattern, apply] of DIRECTIVES) {
    const m = pattern.exec(line);
    if (m) {
      apply(c, m);
      return true;
    }
  }
  return line.startsWith('#') || line.trim() === '';
}

function parseCase(text: string): Case {
  const c: Case = {
    args: ['validate'],
    env: {},
    provider: true,
    git: false,
    pad: 0,
    files: {},
    latin1: [],
    symlinks: [],
  };
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const file = /^# file: (\S+)( latin1)?\s*$/.exec(line);
    if (file?.[1]) {
      current = file[1];
      c.files[current] = '';
      if (file[2]) c.latin1.push(current);
    } else if (current !== undefined) {
      c.files[current] = `${c.files[current] ?? ''}${line}\n`;
    } else if (!applyDirective(c, line)) {
      current = 'collections/case.yaml';
      c.files[current] = `${line}\n`;
    }
  }
  const [first] = Object.keys(c.files);
  if (c.pad && first !== undefined) {
    let padded = c.files[first] ?? '';
    while (padded.length < c.pad) padded += `# ${'padding '.repeat(12)}\n`;
    c.files[first] = padded;
  }
  return c;
}

async function runCase(name: string): Promise<string> {
  const c = parseCase(readFileSync(join(HERE, `${name}.yaml`), 'utf8'));
  const project = tempProject({
    ...(c.provider ? { 'collections/nicepay/provider.yaml': PROVIDER_YAML } : {}),
    ...c.files,
  });
  for (const path of c.latin1) writeFileSync(join(project.root, path), c.files[path] ?? '', 'latin1');
  for (const [path, target] of c.symlinks) {
    mkdirSync(dirname(join(project.root, path)), { recursive: true });
    symlinkSync(target, join(project.root, path));
  }
  if (c.git) spawnSync('git', ['init', '-q'], { cwd: project.root, stdio: 'ignore' });
  // Where the project's folder lives differs per machine: shown as <tmp>.
  const tmp = realpathSync(dirname(project.root));
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
    const text = err.join('\n').split(project.root).join('<project>').split(tmp).join('<tmp>');
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
  E_PORT_IN_USE:
    'needs a port held by another process while the case runs: test/e2e/mock-cli.test.ts and test/partner/cli.test.ts hold one',
  W_KEYS_NOT_IGNORED:
    'said by a mock or partner that then serves until stopped: test/e2e/hostile-secrets.test.ts stops them',
  E_LISTEN:
    'depends on the addresses and privileges of the machine: test/e2e/mock-cli.test.ts binds TEST-NET-1',
  E_NOT_A_FILE:
    'a FIFO or a device cannot be written in a case file: test/e2e/hostile-refusals.test.ts makes one',
  E_UNREADABLE_ANSWER: 'needs a server answering in something other than HTTP: test/run/reachability.test.ts',
  W_PROBE_STOPPED:
    'needs a bank that throttles in the middle of a probe: test/probe/politeness.test.ts puts a proxy answering 429 in front of the mock',
  E_MERGE_EMPTY: 'merge refuses an empty list of inputs first (E_USAGE), so this never reaches a user',
  E_YAML_IMPOSSIBLE: 'a parser state error ("should not happen" in yaml): no input is known to reach it',
  E_YAML_BAD_COLLECTION_TYPE: 'raised only for custom collection tags, which kontrak never registers',
  E_YAML_RESOURCE_EXHAUSTION:
    'the parser overflowing its stack on thousands of nested [ [ [: too deep for a golden file',
};

describe('golden coverage', () => {
  it('shows every code a user can trigger in some .err file', () => {
    const shown = new Set<string>();
    for (const name of cases) {
      const golden = join(HERE, `${name}.err`);
      if (!existsSync(golden)) continue;
      for (const m of readFileSync(golden, 'utf8').matchAll(/(?:error|warning)\[([A-Z0-9_]+)\]/g))
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
