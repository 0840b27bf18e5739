/** The project's package.json as `kontrak init` leaves it: kontrak's scripts and dependency added, the user's kept. */

export interface PackageManifest {
  name?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

const SCRIPTS = { suites: 'kontrak run', validate: 'kontrak validate' } as const;

/** An npm package name from a folder name. */
export function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[-]+$/g, '');
  return name || 'contracts';
}

/** The project's package.json with the suites script and kontrak itself; notes say what was kept. */
export function withScripts(manifest: PackageManifest, version: string, notes: string[]): PackageManifest {
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

/** Line and column of where JSON.parse stopped (from its "at position N"), when it says. */
export function manifestPosition(
  text: string,
  parserMessage: string,
): { line: number; column: number } | object {
  const at = /at position (\d+)/.exec(parserMessage);
  if (!at) return {};
  const before = text.slice(0, Number(at[1]));
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}
