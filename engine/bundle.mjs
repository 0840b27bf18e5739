#!/usr/bin/env node
// Bundles engine/entry.cjs into one file (argument: the output path): newman and postman-runtime
// as patched in node_modules (patches/, applied by patch-package in a checkout) are copied into
// the bundle, with every package nested under them; everything else they require stays a plain
// `require` of a package kontrak itself depends on, at the very version the bundle was built
// against (checked here, so the installed package cannot resolve a different one).
import { build } from 'esbuild';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENGINE = ['newman', 'postman-runtime'];
const inside = (path) => ENGINE.some((name) => path.includes(`${sep}node_modules${sep}${name}${sep}`));
const packageName = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/** Fails unless each patch of patches/ is in the files the bundle reads: no unpatched engine ships. */
const PATCH_MARKS = [
  ['newman/lib/run/index.js', 'host: options.host'],
  ['newman/lib/run/options.js', 'ignoreRcFile: options.ignoreRcFile'],
  ['postman-runtime/lib/runner/instruction.js', 'yieldToLoop.next('],
  ['postman-runtime/lib/runner/run.js', 'yieldToLoop.next('],
  ['postman-runtime/lib/runner/yield.js', "patchedBy: 'kontrak'"],
];

/** The licence of every package whose files are in the bundle, each text once: they ship with it. */
function licences(inputs) {
  const roots = new Set();
  for (const input of inputs) {
    const path = resolve(ROOT, input);
    const at = path.lastIndexOf(`${sep}node_modules${sep}`);
    if (at < 0) continue;
    const rest = path.slice(at + 14).split(sep);
    roots.add(path.slice(0, at + 14) + rest.slice(0, rest[0].startsWith('@') ? 2 : 1).join(sep));
  }
  const texts = new Map();
  for (const root of [...roots].sort()) {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const file = readdirSync(root).find((f) => /^(licen[cs]e|copying)/i.test(f));
    const text = file ? readFileSync(join(root, file), 'utf8').trim() : `${manifest.license} (no licence file in the package)`;
    texts.set(text, [...(texts.get(text) ?? []), `${manifest.name}@${manifest.version} (${manifest.license})`]);
  }
  const parts = [...texts].map(([text, names]) => `## ${names.join(', ')}\n\n\`\`\`\n${text}\n\`\`\`\n`);
  return `# Licences of the packages bundled in engine.cjs\n\nkontrak's patches to newman and postman-runtime: engine/README.md in kontrak's repository.\n\n${parts.join('\n')}`;
}

async function main(out) {
  const externals = new Map();
  const seen = new Set();
  const result = await build({
    entryPoints: [join(ROOT, 'engine', 'entry.cjs')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    // Stands for the patch checks below: the build fails when they do.
    define: { KONTRAK_ENGINE_PATCHED: 'true' },
    legalComments: 'eof',
    logLevel: 'error',
    metafile: true,
    plugins: [
      {
        name: 'engine-only',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (args.pluginData === 'engine-only') return undefined;
            if (args.path.startsWith('node:')) return { path: args.path, external: true };
            const resolved = await b.resolve(args.path, {
              kind: args.kind,
              resolveDir: args.resolveDir,
              importer: args.importer,
              pluginData: 'engine-only',
            });
            if (resolved.errors.length > 0) return { errors: resolved.errors };
            if (resolved.external || !resolved.path.includes(`${sep}node_modules${sep}`)) return resolved;
            if (
              inside(resolved.path) ||
              (args.importer.endsWith(`${sep}entry.cjs`) && ENGINE.includes(packageName(args.path)))
            )
              return { path: resolved.path };
            const name = packageName(args.path);
            const at = resolved.path.lastIndexOf(`${sep}node_modules${sep}${name.replace('/', sep)}${sep}`);
            const manifest = join(resolved.path.slice(0, at), 'node_modules', name, 'package.json');
            externals.set(name, JSON.parse(readFileSync(manifest, 'utf8')).version);
            return { path: args.path, external: true };
          });
          b.onLoad({ filter: /\.js$/ }, (args) => {
            seen.add(args.path);
            return undefined;
          });
        },
      },
    ],
  });
  const problems = [];
  for (const [file, mark] of PATCH_MARKS) {
    const path = join(ROOT, 'node_modules', file);
    if (!Object.keys(result.metafile.inputs).some((input) => resolve(ROOT, input) === path))
      problems.push(`${file} is not in the engine bundle`);
    else if (!readFileSync(path, 'utf8').includes(mark))
      problems.push(`${file} lacks kontrak's patch (run npx patch-package)`);
  }
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const [name, version] of [...externals].sort()) {
    const declared = manifest.dependencies?.[name];
    if (declared !== version)
      problems.push(
        `the engine requires ${name}@${version}; package.json dependencies have ${declared ?? 'none'}`,
      );
  }
  writeFileSync(join(dirname(out), 'LICENSES.md'), licences(Object.keys(result.metafile.inputs)));
  if (problems.length > 0) {
    process.stderr.write(`kontrak: the engine bundle cannot ship:\n  ${problems.join('\n  ')}\n`);
    process.exitCode = 1;
  }
}

await main(resolve(process.argv[2] ?? join(ROOT, 'dist', 'engine.cjs')));
