import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { fail, type Io } from '../context.ts';
import { error } from '../../diagnostics/diagnostic.ts';
import { closest } from '../../diagnostics/suggest.ts';
import { DEFAULT_STARTER, isStarterBank, scaffoldFiles, starterBanks } from '../../init/scaffold.ts';
import { kontrakVersion } from '../version.ts';

export interface InitArgs {
  /** The project folder (default: the working directory); created when missing. */
  dir?: string;
  bank?: string;
  /** Write into a folder that already holds files, over the scaffold's own paths. */
  force: boolean;
}

/**
 * What `npm init` / `npm install kontrak` leave in a folder, and version control: a folder
 * holding only these is still empty enough to scaffold into.
 */
const INSTALL_LEFTOVERS = new Set([
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'node_modules',
  '.npmrc',
  '.git',
]);

const SCRIPTS = { suites: 'kontrak run', validate: 'kontrak validate' } as const;

interface PackageManifest {
  name?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** An npm package name from a folder name. */
function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[-]+$/g, '');
  return name || 'contracts';
}

/** The project's package.json with the suites script and kontrak itself; notes say what was kept. */
function withScripts(manifest: PackageManifest, version: string, notes: string[]): PackageManifest {
  const scripts = { ...manifest.scripts };
  for (const [name, command] of Object.entries(SCRIPTS)) {
    const existing = scripts[name];
    if (existing === undefined) scripts[name] = command;
    else if (existing !== command)
      notes.push(`package.json: kept your "${name}" script (${existing}); kontrak's is "${command}"`);
  }
  const installed = manifest.dependencies?.['kontrak'] ?? manifest.devDependencies?.['kontrak'];
  return {
    ...manifest,
    scripts,
    ...(installed === undefined
      ? { devDependencies: { ...manifest.devDependencies, kontrak: `^${version}` } }
      : {}),
  };
}

function readManifest(path: string, projectName: string): PackageManifest {
  if (!existsSync(path)) return { name: projectName, version: '0.0.0', private: true };
  return JSON.parse(readFileSync(path, 'utf8')) as PackageManifest;
}

/** `kontrak init [dir] [--bank <bank>] [--force]`: a new contract-test project. */
export function initCommand(io: Io, args: InitArgs): ExitCode {
  const bank = args.bank ?? DEFAULT_STARTER;
  if (!isStarterBank(bank)) {
    const known = starterBanks();
    const guess = closest(bank, known);
    return fail(
      io,
      error('E_OPTION_VALUE', `--bank "${bank}" has no starter project`, {
        hint: `${guess ? `did you mean "${guess}"? ` : ''}kontrak init knows: ${known.join(', ')}`,
      }),
    );
  }
  const target = resolve(io.cwd, args.dir ?? '.');
  const shown = relative(io.cwd, target) || '.';
  const present = existsSync(target)
    ? readdirSync(target)
        .filter((f) => !INSTALL_LEFTOVERS.has(f))
        .sort()
    : [];
  if (present.length > 0 && !args.force) {
    const listed =
      present.slice(0, 5).join(', ') + (present.length > 5 ? `, … (${present.length} in all)` : '');
    return fail(
      io,
      error('E_INIT_NOT_EMPTY', `${shown} is not empty: ${listed}`, {
        hint: 'run kontrak init in an empty folder (or name one: kontrak init <dir>), or pass --force to write the starter files over yours',
      }),
    );
  }
  const version = kontrakVersion();
  const projectName = packageName(basename(target));
  const files = scaffoldFiles(bank, { projectName, version });
  for (const [path, text] of files) {
    const file = join(target, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  const notes: string[] = [];
  const manifestPath = join(target, 'package.json');
  const manifest = withScripts(readManifest(manifestPath, projectName), version, notes);
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  for (const path of [...files.keys(), 'package.json']) io.out(`created ${join(shown, path)}`);
  for (const note of notes) io.out(note);
  const installed = existsSync(join(target, 'node_modules', 'kontrak'));
  const steps = [
    ...(shown === '.' ? [] : [`cd ${shown}`]),
    ...(installed ? [] : ['npm install']),
    'npm run suites',
  ];
  io.out(`\nA ${bank} contract-test project. Next: ${steps.join(' && ')}`);
  return EXIT.OK;
}
