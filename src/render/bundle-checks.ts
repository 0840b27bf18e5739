/**
 * Builds the collection-level test script of a Postman collection: src/render/sandbox/checks.ts
 * (the checks of `kontrak run`) and the collection's response schemas as ajv standalone
 * validators, bundled by esbuild into one guarded global `kontrakChecks`, evaluated once per run.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { build, type Plugin } from 'esbuild';
import { packagePath, packageRoot } from '../project/assets.ts';
import { standaloneValidators } from './validators.ts';

// The sandbox code is bundled from its TypeScript sources, which ship in the package (esbuild
// reads TypeScript itself), whether kontrak runs from sources or compiled from dist/lib.
const ENTRY = packagePath('src', 'render', 'sandbox', 'checks.ts');
const CATALOGUE_FILE_MODULE = packagePath('src', 'catalogue', 'catalogue-file.ts');
const CATALOGUE_DATA = packagePath('catalogue', 'snap-services.json');

/**
 * src/catalogue/catalogue-file.ts as the sandbox needs it: the SNAP service catalogue (the one home
 * of the service codes the SNAP rules check) is read and checked from its JSON file in Node; in
 * the bundle the module is its entries, inlined (only the fields the lookups read), so neither a
 * file API nor ajv is needed.
 */
const cataloguePlugin: Plugin = {
  name: 'kontrak-catalogue',
  setup(b) {
    b.onLoad({ filter: /[\\/]catalogue[\\/]catalogue-file\.ts$/ }, async (args) => {
      if (args.path !== CATALOGUE_FILE_MODULE) return undefined;
      const { services } = JSON.parse(await readFile(CATALOGUE_DATA, 'utf8')) as {
        services: Array<Record<string, unknown>>;
      };
      const slim = services.map(({ code, path, service, direction }) => ({
        code,
        path,
        service,
        direction,
        aspiMandatory: [],
      }));
      return { contents: `export const readCatalogue = () => ${JSON.stringify(slim)};`, loader: 'js' };
    });
  },
};

/**
 * Textual savings on ajv's generated code, each a no-op if ajv ever writes differently: one helper
 * call instead of the same four statements per error site, and no `schemaPath` (nothing reads it).
 */
const shrink = (code: string): string =>
  'function kE(v,e){if(v===null)return[e];v.push(e);return v}' +
  code
    .replace(
      /if\(vErrors === null\)\{vErrors = \[(err\d+)\];\}else \{vErrors\.push\(\1\);\}errors\+\+;/g,
      'vErrors=kE(vErrors,$1);errors++;',
    )
    .replace(/schemaPath:"(?:[^"\\]|\\.)*",/g, '');

const validatorsPlugin = (source: string): Plugin => ({
  name: 'kontrak-validators',
  setup(b) {
    b.onResolve({ filter: /^kontrak:validators$/ }, () => ({ path: 'validators', namespace: 'kontrak' }));
    b.onLoad({ filter: /.*/, namespace: 'kontrak' }, () => ({
      contents: source,
      loader: 'js',
      resolveDir: packageRoot(), // the generated code requires ajv's runtime helpers and ajv-formats
    }));
  },
});

export interface ChecksScript {
  /** Postman `exec` lines of the collection-level test script. */
  lines: string[];
  bytes: number;
}

const cache = new Map<string, Promise<ChecksScript>>();

async function bundle(
  documents: ReadonlyMap<string, object>,
  keys: readonly string[],
): Promise<ChecksScript> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm', // plain statements: the wrapper function below is their scope
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    charset: 'ascii',
    write: false,
    logLevel: 'silent',
    plugins: [validatorsPlugin(shrink(standaloneValidators(documents, keys))), cataloguePlugin],
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild wrote no checks bundle');
  const code = output.text.trim();
  const version = createHash('sha256').update(code).digest('hex').slice(0, 12);
  // The version lets Postman's long-lived sandbox replace the checks of another collection.
  const script =
    `if(typeof kontrakChecks=='undefined'||kontrakChecks.version!='${version}'){` +
    `kontrakChecks=(function(){var api;${code}\nreturn api})();kontrakChecks.version='${version}'}`;
  return { lines: [script], bytes: Buffer.byteLength(script, 'utf8') };
}

/** The collection-level test script holding the checks and the validators of `keys` (schema paths). */
export function checksScript(
  documents: ReadonlyMap<string, object>,
  keys: readonly string[],
): Promise<ChecksScript> {
  const sorted = [...new Set(keys)].sort();
  const id = sorted.join('\n');
  let pending = cache.get(id);
  if (!pending) {
    pending = bundle(documents, sorted);
    pending.catch(() => cache.delete(id));
    cache.set(id, pending);
  }
  return pending;
}
