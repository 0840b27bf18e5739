/**
 * The published package, as a team uses it: `npm run pack`, install the tarball into an empty
 * folder outside this repository, `npx kontrak init --bank nicepay`, `npm run suites`. Every Node
 * process of those commands records each module it loads; none may be tsx, and none may lie in
 * this repository's tree. Also: no install script, the engine inside the package (a .newmanrc is
 * not read), the optional PDF, and projects sharing one node_modules. Slow (a build and installs:
 * a few minutes), and it needs the npm cache or the registry for kontrak's dependencies.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/project.ts';
import { NPM, NPX, packInto, run, userEnv } from './_packed.ts';

const MINUTES = 60_000;

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
  let tarball = '';

  beforeAll(async () => {
    work = realpathSync(mkdtempSync(join(tmpdir(), 'kontrak-package-')));
    project = join(work, 'team-contracts');
    mkdirSync(project);
    log = join(work, 'loaded.txt');
    const recorder = writeRecorder(work, log);
    env = userEnv({ NODE_OPTIONS: `--import ${pathToFileURL(recorder).href}` });
    const plain = userEnv({});
    const packed = await packInto(work);
    expect(packed.tarball, packed.output).toBeDefined();
    tarball = packed.tarball ?? '';
    writeFileSync(
      join(project, 'package.json'),
      '{ "name": "team-contracts", "version": "1.0.0", "private": true }\n',
    );
    const installed = await run(
      NPM,
      ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball],
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

      // newman merges a project's .newmanrc into every run unless told not to (engine/README.md):
      // read, this delay would hold each request a minute.
      writeFileSync(join(project, '.newmanrc'), '{ "run": { "delayRequest": 60000 } }\n');
      const suites = await run(NPM, ['run', 'suites'], project, env);
      expect(suites.code, suites.output).toBe(0);
      expect(suites.output).toMatch(/PASS nicepay-va/);
      expect(suites.output).toMatch(/\b(\d+) passed, 0 failed\b/);
      const results = readFileSync(join(project, 'reports', 'results.json'), 'utf8');
      expect(results).not.toContain(repo);
      const run1 = JSON.parse(results) as { durationMs: number; totals: { requests: number } };
      expect(run1.totals.requests).toBeGreaterThan(1);
      expect(run1.durationMs).toBeLessThan(60_000);

      const loaded = loadedFiles(log);
      const kontrakFiles = loaded.filter((f) =>
        f.includes(`${sep}node_modules${sep}kontrak${sep}dist${sep}lib${sep}`),
      );
      // The recorder saw the compiled CLI and the run command it imports lazily (a chunk of the
      // bundle beside cli/main.js, bin/pack.js): what it did not see was not loaded.
      expect(loaded.some((f) => f.endsWith(join('node_modules', 'kontrak', 'bin', 'kontrak.js')))).toBe(true);
      expect(kontrakFiles.some((f) => f.endsWith(join('src', 'cli', 'main.js')))).toBe(true);
      expect(kontrakFiles.some((f) => /[\\/]src[\\/]cli[\\/]run-\w+\.js$/.test(f))).toBe(true);
      expect(loaded.filter((f) => /[\\/]tsx[\\/]/.test(f))).toEqual([]);
      expect(loaded.filter(insideRepo)).toEqual([]);
    },
    5 * MINUTES,
  );

  it('has no install script of its own, and brings no newman or postman-runtime from the registry', async () => {
    const installed = join(project, 'node_modules', 'kontrak');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
      dependencies: Record<string, string>;
    };
    expect(manifest.scripts).toBeUndefined();
    const withScripts = await run(
      NPM,
      [
        'query',
        ':attr(scripts, [preinstall]), :attr(scripts, [install]), :attr(scripts, [postinstall]), :attr(scripts, [prepare])',
      ],
      project,
      userEnv({}),
    );
    expect(withScripts.code, withScripts.output).toBe(0);
    const names = (JSON.parse(withScripts.output) as Array<{ name: string }>).map((p) => p.name);
    expect(names).not.toContain('kontrak');
    // The engine is the bundle inside the package, not a registry copy beside it.
    expect(Object.keys(manifest.dependencies)).not.toContain('newman');
    expect(existsSync(join(project, 'node_modules', 'newman'))).toBe(false);
    expect(existsSync(join(project, 'node_modules', 'postman-runtime'))).toBe(false);
    expect(existsSync(join(installed, 'dist', 'lib', 'engine', 'engine.cjs'))).toBe(true);
    expect(readdirSync(installed, { recursive: true }).filter((f) => String(f).endsWith('.map'))).toEqual([]);
  });

  it('prints its version', async () => {
    const version = await run(NPX, ['--no-install', 'kontrak', '--version'], project, userEnv({}));
    expect(version.code, version.output).toBe(0);
    const own = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.output.trim()).toBe(own.version);
  });

  it(
    'writes the evidence HTML and a W_NO_PDF warning, exit 0, without playwright-core; with it, a PDF or the missing Chromium named',
    async () => {
      const args = [
        '--no-install',
        'kontrak',
        'run',
        '--suite',
        'nicepay-va',
        '--reporters',
        'html,evidence',
      ];
      const without = await run(NPX, [...args, '--out', 'reports/without'], project, userEnv({}));
      expect(without.code, without.output).toBe(0);
      expect(without.output).toMatch(/warning\[W_NO_PDF\].*playwright-core is not installed/);
      expect(existsSync(join(project, 'reports/without/evidence/mandiri/evidence.html'))).toBe(true);
      expect(existsSync(join(project, 'reports/without/evidence/mandiri/evidence.pdf'))).toBe(false);

      const version = (
        JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
          devDependencies: Record<string, string>;
        }
      ).devDependencies['playwright-core'];
      const added = await run(NPM, ['install', '-D', `playwright-core@${version}`], project, userEnv({}));
      expect(added.code, added.output).toBe(0);
      const chromium = process.env['KONTRAK_CHROMIUM'] ?? '/usr/bin/chromium';
      const withIt = await run(
        NPX,
        [...args, '--out', 'reports/with'],
        project,
        userEnv({ KONTRAK_CHROMIUM: chromium }),
      );
      expect(withIt.code, withIt.output).toBe(0);
      expect(existsSync(join(project, 'reports/with/evidence/mandiri/evidence.html'))).toBe(true);
      if (existsSync(chromium)) {
        expect(withIt.output).not.toContain('W_NO_PDF');
        expect(
          readFileSync(join(project, 'reports/with/evidence/mandiri/evidence.pdf')).subarray(0, 5).toString(),
        ).toBe('%PDF-');
      } else expect(withIt.output).toMatch(/warning\[W_NO_PDF\].*no Chromium at/);
    },
    5 * MINUTES,
  );

  it(
    'runs each of two projects that share one node_modules, the first one gone before the second runs',
    async () => {
      // The node_modules the tarball was installed into above, shared: a third install of the same
      // tarball would cost the run another npm install and test nothing more. Neither project
      // lies inside the folder that holds it.
      const shared = project;
      const projects = ['first', 'second'].map((name) => join(work, name));
      for (const [i, dir] of projects.entries()) {
        mkdirSync(dir);
        writeFileSync(
          join(dir, 'package.json'),
          `{ "name": "p${i}", "version": "1.0.0", "private": true }\n`,
        );
        symlinkSync(join(shared, 'node_modules'), join(dir, 'node_modules'), 'dir');
        const init = await run(
          NPX,
          ['--no-install', 'kontrak', 'init', '--bank', i === 0 ? 'nicepay' : 'bri'],
          dir,
          userEnv({}),
        );
        expect(init.code, init.output).toBe(0);
      }
      const [first = '', second = ''] = projects;
      const one = await run(NPX, ['--no-install', 'kontrak', 'run'], first, userEnv({}));
      expect(one.code, one.output).toBe(0);
      expect(one.output).toMatch(/PASS nicepay-/);
      await rm(first, { recursive: true, force: true });
      const two = await run(NPX, ['--no-install', 'kontrak', 'run'], second, userEnv({}));
      expect(two.code, two.output).toBe(0);
      expect(two.output).toMatch(/PASS bri-/);
      expect(two.output).not.toMatch(/nicepay/);
    },
    8 * MINUTES,
  );
});
