#!/usr/bin/env node
// `npm run pack [-- --source-maps] [--destination <dir>] [--json] [--if-changed]`: the package as it is installed, made
// from a staged copy (dist/package) that holds only what runs: bin/kontrak.js, the compiled CLI and
// API bundled and minified by esbuild (dist/lib/src, with the declarations of the API), the engine
// bundle (dist/lib/engine), the assets it reads (schemas, banks, catalogue, collections, the report
// templates, and the TypeScript it bundles into the Postman scripts at render time), and a
// package.json without scripts or devDependencies, so installing it runs nothing of kontrak's.
// Source maps only with --source-maps. Prints the tarball's path, size and file count.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build, ensureBuilt } from './build.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LIB = join(ROOT, 'dist', 'lib');
const STAGE = join(ROOT, 'dist', 'package');
const ASSET_DIRS = [
  'schemas',
  'banks',
  'catalogue',
  'collections',
  'docs',
  join('src', 'report', 'templates'),
];
/** The TypeScript entries kontrak bundles with esbuild at render time (src/render/bundle-*.ts). */
// The sandbox entries of src/render/bundle-signer.ts (Postman's index.ts, Bruno's bruno.ts) and the checks.
const RENDER_ENTRIES = [
  join('scripts', 'index.ts'),
  join('scripts', 'bruno.ts'),
  join('src', 'render', 'sandbox', 'checks.ts'),
];

/** The repository's own files that the render-time bundles read: the TypeScript that must ship. */
async function renderSources() {
  const result = await esbuild({
    entryPoints: RENDER_ENTRIES.map((entry) => join(ROOT, entry)),
    bundle: true,
    write: false,
    outdir: join(ROOT, 'dist', 'render-sources'),
    format: 'esm',
    platform: 'browser',
    metafile: true,
    absWorkingDir: ROOT,
    logLevel: 'silent',
    external: ['crypto-js', 'kontrak:validators', 'node:*'],
  });
  return Object.keys(result.metafile.inputs)
    .map((input) => resolve(ROOT, input))
    .filter((file) => !file.includes(`${sep}node_modules${sep}`) && file.startsWith(ROOT + sep))
    .map((file) => relative(ROOT, file));
}

/** The declarations the package's types entry (dist/lib/src/index.d.ts) reaches: the others describe nothing a user imports. */
function declarationsOfApi() {
  const reached = new Set();
  const visit = (file) => {
    if (reached.has(file)) return;
    reached.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
      visit(resolve(dirname(file), spec.replace(/\.(js|ts)$/, '.d.ts')));
    }
  };
  visit(join(LIB, 'src', 'index.d.ts'));
  return reached;
}

/** Whether `file` is `dir` or lies under it. */
const under = (file, dir) => file === dir || file.startsWith(dir + sep);

/**
 * The compiled CLI and API (tsc's output in dist/lib/src) bundled by esbuild into the staged
 * dist/lib/src: the entries at their own paths (cli/main.js, bin/kontrak.js's import; index.js,
 * the package's `exports`), the commands the CLI imports lazily and the code they share as chunks
 * beside cli/main.js, so a command still loads only its own code. Minified, with the names of
 * functions and classes kept (an E_INTERNAL diagnostic prints the stack). Packages stay imports
 * of kontrak's dependencies, and the engine stays the one bundle in dist/lib/engine, required at
 * run time. Fails when a bundled module resolves a path from its own location at a folder depth
 * its output does not have, or imports a package kontrak does not depend on.
 */
async function bundleCode(sourceMaps) {
  const srcOut = join(STAGE, 'dist', 'lib', 'src');
  const result = await esbuild({
    entryPoints: {
      'cli/main': join(LIB, 'src', 'cli', 'main.js'),
      index: join(LIB, 'src', 'index.js'),
    },
    outdir: srcOut,
    chunkNames: 'cli/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    minify: true,
    keepNames: true,
    legalComments: 'none',
    sourcemap: sourceMaps ? 'linked' : false,
    metafile: true,
    absWorkingDir: ROOT,
    logLevel: 'warning',
  });
  const problems = [];
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const declared = new Set(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }));
  const depth = (dir, base) => relative(base, dir).split(sep).length;
  for (const [output, { inputs, imports }] of Object.entries(result.metafile.outputs)) {
    const outDir = dirname(resolve(ROOT, output));
    for (const input of Object.keys(inputs)) {
      const file = resolve(ROOT, input);
      if (!under(file, LIB) || !readFileSync(file, 'utf8').includes('import.meta.url')) continue;
      if (depth(dirname(file), LIB) !== depth(outDir, join(STAGE, 'dist', 'lib')))
        problems.push(
          `${relative(ROOT, file)} resolves paths from its own folder, but its code lands in ${relative(ROOT, outDir)}`,
        );
    }
    for (const { path, external } of imports) {
      if (!external || path.startsWith('node:') || builtinModules.includes(path)) continue;
      const name = path
        .split('/')
        .slice(0, path.startsWith('@') ? 2 : 1)
        .join('/');
      if (!declared.has(name))
        problems.push(
          `${relative(ROOT, resolve(ROOT, output))} imports ${name}, which package.json does not depend on`,
        );
    }
  }
  if (problems.length > 0)
    throw new Error(`kontrak: the compiled CLI cannot ship as bundled:\n  ${problems.join('\n  ')}`);
}

function stagedManifest() {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  delete manifest.scripts; // nothing of kontrak's runs at install
  delete manifest.devDependencies;
  delete manifest.files; // the staged folder is the list
  return manifest;
}

export async function stage({ sourceMaps = false, ifChanged = false } = {}) {
  // --if-changed (the tests): keep a current dist/lib. Rebuilding swaps dist/lib, and a kontrak
  // that another test started meanwhile would find its lazily imported chunks gone.
  const failure = ifChanged ? ensureBuilt() : build();
  if (failure) throw new Error(failure);
  rmSync(STAGE, { recursive: true, force: true });
  mkdirSync(STAGE, { recursive: true });
  const copy = (path, filter) =>
    cpSync(join(ROOT, path), join(STAGE, path), { recursive: true, ...(filter ? { filter } : {}) });
  copy(join('bin', 'kontrak.js'));
  const types = declarationsOfApi();
  // From tsc's output only the API's declarations; its code ships as bundled, beside the engine.
  copy(join('dist', 'lib'), (file) => {
    if (file.endsWith('.d.ts')) return types.has(file);
    if (file.endsWith('.map')) return false;
    return !/\.[cm]?js$/.test(file) || under(file, join(LIB, 'engine'));
  });
  await bundleCode(sourceMaps);
  for (const dir of ASSET_DIRS) copy(dir);
  for (const file of [...(await renderSources()), 'README.md']) copy(file);
  writeFileSync(join(STAGE, 'package.json'), `${JSON.stringify(stagedManifest(), null, 2)}\n`);
  return STAGE;
}

/** Packs the staged folder into `destination`: the tarball's path, packed size and file count. */
export async function pack({ destination = ROOT, sourceMaps = false, ifChanged = false } = {}) {
  const staged = await stage({ sourceMaps, ifChanged });
  mkdirSync(destination, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(
    npm,
    ['pack', staged, '--json', '--ignore-scripts', '--pack-destination', destination],
    {
      encoding: 'utf8',
      shell: process.platform === 'win32',
    },
  );
  if (result.status !== 0) throw new Error(`npm pack failed:\n${result.stdout}${result.stderr}`);
  const [info] = JSON.parse(result.stdout);
  return {
    tarball: join(destination, info.filename),
    size: info.size,
    unpackedSize: info.unpackedSize,
    files: info.entryCount,
  };
}

const countFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? countFiles(join(dir, e.name)) : 1),
    0,
  );

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--destination');
  const packed = await pack({
    destination: at >= 0 ? resolve(args[at + 1] ?? '.') : ROOT,
    sourceMaps: args.includes('--source-maps'),
    ifChanged: args.includes('--if-changed'),
  });
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(packed)}\n`);
  else
    process.stdout.write(
      `${packed.tarball}\npacked ${(packed.size / 1000).toFixed(1)} kB, unpacked ${(packed.unpackedSize / 1000).toFixed(1)} kB, ${packed.files} files (staged ${countFiles(STAGE)})\n`,
    );
}
