import { execFileSync } from 'node:child_process';
import { formatDiagnostics } from '../diagnostics/format.ts';
import { excerptSource } from '../input-files.ts';
import { printableText } from './printable.ts';
import { error, exitCodeOf, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { closest } from '../diagnostics/suggest.ts';
import type { ExitCode } from './exit-codes.ts';
import { loadProject } from '../load/project.ts';
import { releaseGarbage } from './heap.ts';
import { loadSchemas, type SchemaRegistry } from '../schemas/registry.ts';
import type { Project } from '../model/types.ts';
import { REPORTER_NAMES, type ReporterName } from '../report/names.ts';
import { assetDirs } from '../project/assets.ts';
import { bankOverlayTargets } from '../banks/overlays.ts';
import { loadBankRegistry, profilesOf } from '../load/bank-profiles.ts';

/** Where a command writes: injectable so tests can capture output. */
export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  isTty: boolean;
}

export const processIo = (): Io => ({
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  cwd: process.cwd(),
  env: process.env,
  isTty: process.stdout.isTTY,
});

/** Print diagnostics, each with the source line it points at; true when any is an error. */
export function report(io: Io, diagnostics: Diagnostic[]): boolean {
  // Messages quote values from files and servers: one line per diagnostic and excerpt, escaped.
  if (diagnostics.length) io.err(printableText(formatDiagnostics(diagnostics, excerptSource(io.cwd))));
  return hasErrors(diagnostics);
}

/** Print one diagnostic and give the exit code its code leads to. */
export function fail(io: Io, diagnostic: Diagnostic): ExitCode {
  report(io, [diagnostic]);
  return exitCodeOf([diagnostic]);
}

/** Load collections and schemas; undefined (after printing why) when either is invalid. */
export function loadAll(io: Io): { project: Project; schemas: SchemaRegistry } | undefined {
  const loaded = loadProject(io.cwd, { releaseMemory: releaseGarbage });
  // The bank profiles' overlays derive each bank's own schemas (src/banks/overlays.ts).
  const overlays = bankOverlayTargets(profilesOf(loadBankRegistry(io.cwd)));
  const schemas = loadSchemas(assetDirs('schemas', io.cwd), io.cwd, {
    cache: io.env.KONTRAK_CACHE_DIR,
    overlays,
  });
  const failed = report(io, [...loaded.diagnostics, ...schemas.diagnostics]);
  if (failed || !loaded.value || !schemas.value) return undefined;
  return { project: loaded.value, schemas: schemas.value };
}

/** The commit being tested, for the report header (absent outside git). */
export function currentCommit(io: Io): string | undefined {
  if (io.env.GITHUB_SHA) return io.env.GITHUB_SHA.slice(0, 12);
  try {
    return (
      execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
        cwd: io.cwd,
        stdio: ['ignore', 'pipe', 'ignore'],
      })
        .toString()
        .trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/** `nicepay-*` style glob → matcher. */
export function globMatcher(glob: string | undefined): (name: string) => boolean {
  if (!glob) return () => true;
  const patterns = glob.split(',').map((g) => ({
    pattern: new RegExp(
      `^${g
        .trim()
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    ),
    // A suite shared by several banks runs as one copy per bank (`qris-mpm@bca`): a pattern
    // without `@` names the suite, so it matches each bank's copy too.
    perBank: !g.includes('@'),
  }));
  return (name) =>
    patterns.some(
      ({ pattern, perBank }) => pattern.test(name) || (perBank && pattern.test(name.split('@')[0] ?? name)),
    );
}

/** `--reporters html,junit,json` → names; undefined (after saying why) for an unknown one. */
export function parseReporters(io: Io, text: string): ReporterName[] | undefined {
  const known: readonly string[] = REPORTER_NAMES;
  const names = text
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = names.filter((r) => !known.includes(r));
  const [first] = unknown;
  if (first !== undefined) {
    const guess = closest(first, known);
    fail(
      io,
      error('E_UNKNOWN_REPORTER', `unknown reporter "${unknown.join(', ')}"`, {
        hint: `${guess ? `did you mean "${guess}"? ` : ''}use any of: ${known.join(', ')}`,
      }),
    );
    return undefined;
  }
  return names as ReporterName[];
}
