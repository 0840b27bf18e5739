/**
 * The published package, as a team uses it: `npm pack`, install the tarball into an empty folder
 * outside this repository, `npx kontrak init --bank nicepay`, `npm run suites`. Every Node process
 * of those commands records each module it loads; none may be tsx, and none may lie in this
 * repository's tree. Slow (a build and an install: a minute or two), and it needs the npm cache or
 * the registry for kontrak's dependencies.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/project.ts';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const MINUTES = 60_000;

interface Result {
  code: number | null;
  output: string;
}

/** The environment of a user's shell: nothing that names this repository (npm_* of the test's own npm run). */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|INIT_CWD$|NODE_OPTIONS$|NODE_PATH$|VITEST|KONTRAK_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * A preload that appends every module a Node process loads to `log`: ES modules through a resolve
 * hook, CommonJS ones from the require cache when the process exits.
 */
function writeRecorder(dir: string, log: string): string {
  const hook = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
  return resolved;
}`;
  const preload = `import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(${JSON.stringify(log)}, Object.keys(cache).join('\\n') + '\\n'));
`;
  const file = join(dir, 'record-loads.mjs');
  writeFileSync(file, preload);
  return file;
}

/** Files the recorded processes loaded, as paths. */
function loadedFiles(log: string): string[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((entry) => (entry.startsWith('file:') ? fileURLToPath(entry) : entry))
    .filter((entry) => entry.startsWith(sep));
}

const repo = realpathSync(REPO_ROOT);
const insideRepo = (path: string): boolean => path === repo || path.startsWith(repo + sep);

describe('the installed package', () => {
  let work = '';
  let project = '';
  let log = '';
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    work = realpathSync(mkdtempSync(join(tmpdir(), 'kontrak-package-')));
    project = join(work, 'team-contracts');
    mkdirSync(project);
    log = join(work, 'loaded.txt');
    const recorder = writeRecorder(work, log);
    env = userEnv({ NODE_OPTIONS: `--import ${pathToFileURL(recorder).href}` });
    const plain = userEnv({});
    // What `npm pack` does (prepack builds dist/lib); the scripts are run apart from the pack so
    // the repository's prepare step (patch-package) never touches node_modules under other tests.
    const built = await run(NPM, ['run', 'build'], REPO_ROOT, plain);
    expect(built.code, built.output).toBe(0);
    const packed = await run(NPM, ['pack', '--ignore-scripts', '--pack-destination', work], REPO_ROOT, plain);
    expect(packed.code, packed.output).toBe(0);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball, packed.output).toBeDefined();
    writeFileSync(
      join(project, 'package.json'),
      '{ "name": "team-contracts", "version": "1.0.0", "private": true }\n',
    );
    const installed = await run(
      NPM,
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        join(work, tarball ?? ''),
      ],
      project,
      plain,
    );
    expect(installed.code, installed.output).toBe(0);
  }, 8 * MINUTES);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  }, 3 * MINUTES);

  it('is a copy, with no way to load tsx', () => {
    const installed = realpathSync(join(project, 'node_modules', 'kontrak'));
    expect(insideRepo(installed)).toBe(false);
    expect(existsSync(join(installed, 'bin', 'kontrak.js'))).toBe(true);
    expect(existsSync(join(installed, 'dist', 'lib', 'src', 'cli', 'main.js'))).toBe(true);
    // The checkout's compiler step stays in the checkout: the installed bin only runs dist/lib.
    expect(existsSync(join(installed, 'bin', 'build.js'))).toBe(false);
    const requireHere = createRequire(join(project, 'package.json'));
    expect(() => requireHere.resolve('tsx')).toThrow();
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
  });

  it(
    'scaffolds a project with kontrak init --bank nicepay, whose suites pass against the mock',
    async () => {
      const init = await run(NPX, ['--no-install', 'kontrak', 'init', '--bank', 'nicepay'], project, env);
      expect(init.code, init.output).toBe(0);
      for (const file of [
        'collections/nicepay/provider.yaml',
        'collections/nicepay/va.yaml',
        '.github/workflows/contracts.yml',
        '.gitignore',
        'README.md',
      ])
        expect(existsSync(join(project, file)), file).toBe(true);
      const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      };
      expect(manifest.scripts['suites']).toBe('kontrak run');

      const suites = await run(NPM, ['run', 'suites'], project, env);
      expect(suites.code, suites.output).toBe(0);
      expect(suites.output).toMatch(/PASS nicepay-va/);
      expect(suites.output).toMatch(/\b(\d+) passed, 0 failed\b/);
      const results = readFileSync(join(project, 'reports', 'results.json'), 'utf8');
      expect(results).not.toContain(repo);

      const loaded = loadedFiles(log);
      const kontrakFiles = loaded.filter((f) =>
        f.includes(`${sep}node_modules${sep}kontrak${sep}dist${sep}lib${sep}`),
      );
      // The recorder saw the compiled CLI and the mock: what it did not see was not loaded.
      expect(loaded.some((f) => f.endsWith(join('node_modules', 'kontrak', 'bin', 'kontrak.js')))).toBe(true);
      expect(kontrakFiles.some((f) => f.endsWith(join('src', 'cli', 'main.js')))).toBe(true);
      expect(kontrakFiles.some((f) => f.endsWith(join('src', 'mock', 'server.js')))).toBe(true);
      expect(loaded.filter((f) => /[\\/]tsx[\\/]/.test(f))).toEqual([]);
      expect(loaded.filter(insideRepo)).toEqual([]);
    },
    5 * MINUTES,
  );
});
