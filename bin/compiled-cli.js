// The CLI compiled once to plain JavaScript (esbuild, our sources only; packages stay in
// node_modules) and kept in node_modules/.cache/kontrak/cli-<hash>/: loading ~200 TypeScript
// modules through tsx costs about a third of the CPU of a short run, on every run. The bundle is
// rebuilt when any source it was built from changed (size or mtime); KONTRAK_CACHE_DIR=off, or
// any failure to build or write it, runs the sources through tsx as before.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = join(ROOT, 'src', 'cli', 'main.ts');

function cacheDir() {
  const configured = process.env['KONTRAK_CACHE_DIR'];
  if (configured === 'off') return undefined;
  return configured ?? join(ROOT, 'node_modules', '.cache', 'kontrak');
}

/** [size, mtime] of a source, or undefined when it is gone. */
function stamp(file) {
  try {
    const s = statSync(file);
    return [s.size, s.mtimeMs];
  } catch {
    return undefined;
  }
}

/** The bundle the pointer file names, if every source it was built from is unchanged. */
function current(pointerFile) {
  try {
    const pointer = JSON.parse(readFileSync(pointerFile, 'utf8'));
    for (const [file, [size, mtime]] of Object.entries(pointer.inputs)) {
      const now = stamp(join(ROOT, file));
      if (!now || now[0] !== size || now[1] !== mtime) return undefined;
    }
    const main = join(dirname(pointerFile), pointer.dir, 'main.mjs');
    return existsSync(main) ? main : undefined;
  } catch {
    return undefined;
  }
}

async function build(cache, pointerFile) {
  const { build: esbuild } = await import('esbuild');
  const stamps = {};
  const temporary = join(cache, `cli.${process.pid}.tmp`);
  const result = await esbuild({
    entryPoints: [ENTRY],
    bundle: true,
    splitting: true, // commands stay lazily loaded, with their packages
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir: temporary,
    outExtension: { '.js': '.mjs' },
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        // Sources find files next to them through import.meta.url: keep each one's own URL.
        name: 'own-import-meta-url',
        setup(b) {
          b.onLoad({ filter: /\.ts$/ }, (args) => {
            const before = stamp(args.path);
            const contents = readFileSync(args.path, 'utf8').replaceAll(
              'import.meta.url',
              JSON.stringify(pathToFileURL(args.path).href),
            );
            if (before) stamps[args.path] = before;
            return { loader: 'ts', contents };
          });
        },
      },
    ],
  });
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = resolve(ROOT, input);
    stamps[file] ??= stamp(file);
  }
  const inputs = Object.fromEntries(
    Object.entries(stamps)
      .filter(([, s]) => s !== undefined)
      .map(([file, s]) => [file.slice(ROOT.length + 1), s]),
  );
  const digest = createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 16);
  const dir = `cli-${digest}`;
  try {
    renameSync(temporary, join(cache, dir));
  } catch {
    rmSync(temporary, { recursive: true, force: true }); // another run built the same sources
  }
  const pointerTemporary = `${pointerFile}.${process.pid}.tmp`;
  writeFileSync(pointerTemporary, JSON.stringify({ dir, inputs }));
  renameSync(pointerTemporary, pointerFile);
  prune(cache, dir);
  return join(cache, dir, 'main.mjs');
}

/** Bundles of older sources, an hour after they were built (a run started earlier may still load chunks). */
function prune(cache, keep) {
  for (const entry of readdirSync(cache)) {
    if (!entry.startsWith('cli-') || entry === keep) continue;
    const path = join(cache, entry);
    const age = Date.now() - (stamp(path)?.[1] ?? Date.now());
    if (age > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
}

/** The compiled CLI's main.mjs, built now if needed; undefined when it cannot be used. */
export async function compiledCli() {
  const cache = cacheDir();
  if (!cache) return undefined;
  const pointerFile = join(cache, 'cli.json');
  const ready = current(pointerFile);
  if (ready) return ready;
  try {
    mkdirSync(cache, { recursive: true, mode: 0o700 });
    return await build(cache, pointerFile);
  } catch {
    return undefined;
  }
}
