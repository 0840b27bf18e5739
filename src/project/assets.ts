/**
 * Where kontrak's own files are — bank profiles, the SNAP catalogue, schemas, the sources of the
 * signer and check bundles, report templates — and how a project's files join them.
 *
 * kontrak's files are found from the package's own location, never from the working directory, so
 * the same code finds them when it runs from TypeScript sources in this repository and when it
 * runs compiled from dist/lib inside a project's node_modules. A project's `banks/` and `schemas/`
 * add to the built-ins; a project file with a built-in's name (`banks/bca.yaml`,
 * `schemas/snap/balance-inquiry.response.json`) replaces it.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'kontrak';

let root: string | undefined;

function isKontrakPackage(dir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    return manifest.name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/** The folder holding kontrak's package.json: this file's nearest ancestor named kontrak. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (isKontrakPackage(dir)) return (root = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`kontrak: no package.json named "${PACKAGE_NAME}" above ${dir}`);
    dir = parent;
  }
}

/** A file or folder shipped with kontrak, by its path in the package (`banks`, `scripts/index.ts`). */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

/** The kinds of file a project may add to, or override, by name. */
export type AssetKind = 'banks' | 'schemas';

/** Asked once per process and project: bank profiles are looked up per provider and route. */
const dirsSeen = new Map<string, readonly string[]>();

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/**
 * The folders of one kind, lowest precedence first: the built-in one, then the project's when it
 * exists and is not the built-in one itself (this repository is its own project). The project is
 * always named by the caller; undefined: the built-in folder only.
 */
export function assetDirs(kind: AssetKind, project: string | undefined): string[] {
  const key = `${kind}\n${project ?? ''}`;
  let dirs = dirsSeen.get(key);
  if (!dirs) {
    const builtin = packagePath(kind);
    const own = project === undefined ? undefined : join(project, kind);
    dirs = own === undefined || !existsSync(own) || samePath(own, builtin) ? [builtin] : [builtin, own];
    dirsSeen.set(key, dirs);
  }
  return [...dirs];
}
