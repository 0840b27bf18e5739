/**
 * What `kontrak init` will do to a folder, decided before anything is written: every path is
 * checked first (a file where the folder should be, a symlink leading out of it, a malformed
 * package.json), so a refusal leaves the folder as it was. With --force nothing of the user's is
 * lost: .gitignore gains kontrak's missing lines, a README is written beside the user's, and any
 * other file of the user's is kept (a second workflow beside theirs would run too).
 */
import { lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { folderProblem, notAFolder } from '../folders.ts';
import { manifestPosition, withScripts, type PackageManifest } from './manifest.ts';

/** One file of the plan: its path under the folder (POSIX), its text, and what becomes of it. */
export interface PlannedFile {
  path: string;
  text: string;
  /** What the output says: `created x`, `merged x (…)`, `kept x (yours) …`. */
  said: string;
  /** The path is free: written only if it still is when the plan is carried out. */
  fresh: boolean;
}

export interface InitPlan {
  writes: PlannedFile[];
  /** Lines said about what was kept and not written. */
  notes: string[];
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

/** Files whose starter can sit beside the user's own without changing what runs. */
const BESIDE: Readonly<Record<string, string>> = { 'README.md': 'README.kontrak.md' };

const inside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..');
};

/** A symlink on the way to `path` (under `target`) that leads out of it, or to nothing. */
function linkProblem(
  target: string,
  realTarget: string,
  path: string,
  shown: string,
): Diagnostic | undefined {
  const parts = path.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const at = join(target, ...parts.slice(0, i));
    const link = lstatSync(at, { throwIfNoEntry: false });
    if (!link) return undefined;
    if (!link.isSymbolicLink()) continue;
    const where = join(shown, ...parts.slice(0, i));
    let real: string;
    try {
      real = realpathSync(at);
    } catch (e) {
      const loop = (e as NodeJS.ErrnoException).code === 'ELOOP';
      return error(
        loop ? 'E_SYMLINK_LOOP' : 'E_SYMLINK_BROKEN',
        `${where} is a symlink ${loop ? 'loop' : 'to nothing'}: kontrak init writes nothing through it`,
        {
          hint: 'remove the link, or run kontrak init in another folder',
        },
      );
    }
    if (!inside(realTarget, real))
      return error(
        'E_SYMLINK_OUTSIDE',
        `${where} is a symlink leading out of the folder, to ${real}: kontrak init writes nothing through it`,
        {
          hint: 'remove the link or replace it with a file of its own; kontrak init writes only inside its folder',
        },
      );
  }
  return undefined;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The user's .gitignore with kontrak's lines it lacks appended, and which they were. */
function mergedGitignore(mine: string, kontrak: string): { text: string; added: string[] } {
  const have = new Set(mine.split(/\r?\n/).map((l) => l.trim()));
  const added = kontrak.split('\n').filter((l) => l.trim() !== '' && !have.has(l.trim()));
  if (added.length === 0) return { text: mine, added };
  const base = mine === '' || mine.endsWith('\n') ? mine : `${mine}\n`;
  return { text: `${base}# kontrak\n${added.join('\n')}\n`, added };
}

/** What to do with one starter file, given what the folder holds at its path. */
function planFile(target: string, shown: string, path: string, text: string, plan: InitPlan): void {
  const at = join(target, path);
  const named = join(shown, path);
  const existing = lstatSync(at, { throwIfNoEntry: false });
  if (!existing) {
    plan.writes.push({ path, text, said: `created ${named}`, fresh: true });
    return;
  }
  const mine = existing.isFile() ? readText(at) : undefined;
  if (mine === text) {
    plan.notes.push(`unchanged ${named}`);
  } else if (path === '.gitignore' && mine !== undefined) {
    const merged = mergedGitignore(mine, text);
    if (merged.added.length === 0)
      plan.notes.push(`kept ${named} (yours: it already ignores what kontrak needs)`);
    else
      plan.writes.push({
        path,
        text: merged.text,
        said: `merged ${named} (kept your lines, added ${merged.added.join(' ')})`,
        fresh: false,
      });
  } else if (
    BESIDE[path] !== undefined &&
    !lstatSync(join(target, BESIDE[path]), { throwIfNoEntry: false })
  ) {
    const beside = BESIDE[path];
    plan.writes.push({
      path: beside,
      text,
      said: `kept ${named} (yours); wrote kontrak's as ${join(shown, beside)}`,
      fresh: true,
    });
  } else {
    plan.notes.push(`kept ${named} (yours); kontrak's starter for it is not written`);
  }
}

/**
 * The plan for scaffolding `files` into `target` (shown as `shown`), or the diagnostics that stop
 * it. Reads only; `applyPlan` writes.
 */
export function planInit(
  target: string,
  shown: string,
  files: ReadonlyMap<string, string>,
  options: { force: boolean; projectName: string; version: string },
): { plan?: InitPlan; diagnostics: Diagnostic[] } {
  const problem = folderProblem(target);
  if (problem !== undefined) return { diagnostics: [notAFolder(shown, problem)] };
  const exists = lstatSync(target, { throwIfNoEntry: false }) !== undefined;
  const present = exists
    ? readdirSync(target)
        .filter((f) => !INSTALL_LEFTOVERS.has(f))
        .sort()
    : [];
  if (present.length > 0 && !options.force) {
    const listed =
      present.slice(0, 5).join(', ') + (present.length > 5 ? `, … (${present.length} in all)` : '');
    return {
      diagnostics: [
        error('E_INIT_NOT_EMPTY', `${shown} is not empty: ${listed}`, {
          hint: 'run kontrak init in an empty folder (or name one: kontrak init <dir>), or pass --force to add the starter files beside yours (yours are kept)',
        }),
      ],
    };
  }
  const realTarget = exists ? realpathSync(target) : target;
  const paths = [...files.keys(), 'package.json', ...Object.values(BESIDE)];
  const diagnostics = exists
    ? paths.flatMap((path) => linkProblem(target, realTarget, path, shown) ?? [])
    : [];
  if (diagnostics.length) return { diagnostics };
  const manifest = readManifestFile(
    join(target, 'package.json'),
    join(shown, 'package.json'),
    options.projectName,
  );
  if ('diagnostic' in manifest) return { diagnostics: [manifest.diagnostic] };
  const plan: InitPlan = { writes: [], notes: [] };
  for (const [path, text] of files) planFile(target, shown, path, text, plan);
  const notes: string[] = [];
  const merged = withScripts(manifest.value, options.version, notes);
  plan.writes.push({
    path: 'package.json',
    text: `${JSON.stringify(merged, null, 2)}\n`,
    said: `${manifest.existed ? 'updated' : 'created'} ${join(shown, 'package.json')}`,
    fresh: !manifest.existed,
  });
  plan.notes.push(...notes);
  return { plan, diagnostics: [] };
}

/** The folder's package.json (a fresh one when there is none), or a positioned diagnostic. */
function readManifestFile(
  path: string,
  shown: string,
  projectName: string,
): { value: PackageManifest; existed: boolean } | { diagnostic: Diagnostic } {
  const link = lstatSync(path, { throwIfNoEntry: false });
  if (!link) return { value: { name: projectName, version: '0.0.0', private: true }, existed: false };
  const text = link.isFile() ? readText(path) : undefined;
  if (text === undefined)
    return {
      diagnostic: error('E_PACKAGE_JSON', `${shown} is not a readable file`, {
        file: shown,
        hint: 'make package.json a plain JSON file, or remove it',
      }),
    };
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return {
        diagnostic: error('E_PACKAGE_JSON', `${shown} is not a JSON object`, {
          file: shown,
          line: 1,
          column: 1,
          hint: 'a package.json is one JSON object',
        }),
      };
    return { value: value as PackageManifest, existed: true };
  } catch (e) {
    return {
      diagnostic: error('E_PACKAGE_JSON', `${shown} is not valid JSON: nothing was written`, {
        file: shown,
        ...manifestPosition(text, (e as Error).message),
        hint: 'fix package.json (npm cannot read it either), then run kontrak init again',
      }),
    };
  }
}
