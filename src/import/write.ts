/**
 * Writing an import: every suite becomes YAML, is checked against the format, and only when every
 * file is sound and none would replace a file (unless `force`) are they written, each to a
 * temporary sibling first and then renamed into place; a failure takes back what was renamed.
 * All files or none.
 */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { makeFolder, notAFolder } from '../folders.ts';
import { parseYaml } from '../load/parse.ts';
import { validateFormat } from '../load/validate.ts';
import type { ImportedSuite } from './types.ts';

export interface PlannedFile {
  /** Absolute path. */
  path: string;
  /** As shown to the user (relative to the working directory). */
  shown: string;
  text: string;
}

/** The YAML file of one imported suite, with a header naming where it came from. */
export function suiteYaml(imported: ImportedSuite): string {
  const body = stringify(
    { kontrak: 1, suite: imported.suite },
    { lineWidth: 0, aliasDuplicateObjects: false },
  );
  return `# Imported by kontrak import from ${imported.from}.\n${body}`;
}

/** The files an import would write, or why it cannot (nothing is written then). */
export function planFiles(
  suites: readonly ImportedSuite[],
  out: string,
  cwd: string,
  force: boolean,
): { files: PlannedFile[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const files: PlannedFile[] = [];
  const names = new Set<string>();
  for (const imported of suites) {
    const path = join(out, `${imported.suite.name}.yaml`);
    const shown = relative(cwd, path) || path;
    if (names.has(path)) {
      diagnostics.push(
        error('E_IMPORT_UNMAPPABLE', `two imported suites are both named ${imported.suite.name}`),
      );
      continue;
    }
    names.add(path);
    const text = suiteYaml(imported);
    // The YAML as written must load: a mistake of the importer is caught here, not by validate.
    const { parsed, diagnostics: syntax } = parseYaml(shown, text);
    const format = syntax.length ? { diagnostics: syntax } : validateFormat(parsed);
    diagnostics.push(...format.diagnostics);
    if (existsSync(path) && !force)
      diagnostics.push(error('E_IMPORT_EXISTS', `${shown} exists; kontrak import does not overwrite it`));
    files.push({ path, shown, text });
  }
  return { files, diagnostics };
}

/** Writes every planned file or none; the diagnostic when it could not. */
export function writeAll(
  files: readonly PlannedFile[],
  out: string,
  shownOut: string,
): Diagnostic | undefined {
  const folder = makeFolder(out);
  if (!folder.ok) return notAFolder(shownOut, folder.reason);
  const staged = files.map((f, i) => ({ ...f, temp: `${f.path}.kontrak-import-${process.pid}-${i}` }));
  const renamed: Array<{ path: string; backup?: string }> = [];
  try {
    for (const f of staged) writeFileSync(f.temp, f.text, { flag: 'wx' });
    for (const f of staged) {
      const backup = existsSync(f.path) ? `${f.temp}.old` : undefined;
      if (backup) renameSync(f.path, backup);
      renamed.push({ path: f.path, ...(backup ? { backup } : {}) });
      renameSync(f.temp, f.path);
    }
    for (const r of renamed) if (r.backup) rmSync(r.backup, { force: true });
    return undefined;
  } catch (e) {
    for (const r of renamed.reverse()) {
      rmSync(r.path, { force: true });
      if (r.backup) renameSync(r.backup, r.path);
    }
    for (const f of staged) rmSync(f.temp, { force: true });
    return error(
      'E_NOT_A_FOLDER',
      `cannot write the imported suites into ${shownOut}: ${(e as Error).message}`,
    );
  }
}
