#!/usr/bin/env node
// `npm run pack [-- --source-maps] [--destination <dir>] [--json]`: the package as it is installed, made
// from a staged copy (dist/package) that holds only what runs: bin/kontrak.js, the compiled CLI
// with its bundled engine (dist/lib), the assets it reads (schemas, banks, catalogue, collections,
// the report templates, and the TypeScript it bundles into the Postman scripts at render time),
// and a package.json without scripts or devDependencies, so installing it runs nothing of
// kontrak's. Source maps only with --source-maps. Prints the tarball's path, size and file count.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build } from './build.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
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
const RENDER_ENTRIES = [join('scripts', 'index.ts'), join('src', 'render', 'sandbox', 'checks.ts')];

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
  visit(join(ROOT, 'dist', 'lib', 'src', 'index.d.ts'));
  return reached;
}

/**
 * The compiled modules the CLI and the package's API load, statically or by import(): the others
 * (the generators behind npm run gen:docs / gen:types) never run in a user's project.
 */
function modulesThatRun() {
  const reached = new Set();
  const visit = (file) => {
    if (reached.has(file)) return;
    reached.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/(?:\bfrom|\bimport\(|\brequire\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = resolve(dirname(file), spec);
      if (/\.[cm]?js$/.test(target)) visit(target);
    }
  };
  for (const entry of [join('src', 'cli', 'main.js'), join('src', 'index.js')])
    visit(join(ROOT, 'dist', 'lib', entry));
  return reached;
}

function stagedManifest() {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  delete manifest.scripts; // nothing of kontrak's runs at install
  delete manifest.devDependencies;
  delete manifest.files; // the staged folder is the list
  return manifest;
}

export async function stage({ sourceMaps = false } = {}) {
  const failure = build();
  if (failure) throw new Error(failure);
  rmSync(STAGE, { recursive: true, force: true });
  mkdirSync(STAGE, { recursive: true });
  const copy = (path, filter) =>
    cpSync(join(ROOT, path), join(STAGE, path), { recursive: true, ...(filter ? { filter } : {}) });
  copy(join('bin', 'kontrak.js'));
  const types = declarationsOfApi();
  const code = modulesThatRun();
  copy(join('dist', 'lib'), (file) => {
    if (file.endsWith('.map')) return sourceMaps && code.has(file.slice(0, -'.map'.length));
    if (file.endsWith('.d.ts')) return types.has(file);
    return !/\.[cm]?js$/.test(file) || code.has(file) || file.includes(`${sep}engine${sep}`);
  });
  for (const dir of ASSET_DIRS) copy(dir);
  for (const file of [...(await renderSources()), 'README.md']) copy(file);
  writeFileSync(join(STAGE, 'package.json'), `${JSON.stringify(stagedManifest(), null, 2)}\n`);
  return STAGE;
}

/** Packs the staged folder into `destination`: the tarball's path, packed size and file count. */
export async function pack({ destination = ROOT, sourceMaps = false } = {}) {
  const staged = await stage({ sourceMaps });
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
  });
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(packed)}\n`);
  else
    process.stdout.write(
      `${packed.tarball}\npacked ${(packed.size / 1000).toFixed(1)} kB, unpacked ${(packed.unpackedSize / 1000).toFixed(1)} kB, ${packed.files} files (staged ${countFiles(STAGE)})\n`,
    );
}
