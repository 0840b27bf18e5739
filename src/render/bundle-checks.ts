/**
 * Builds the collection-level test script of a Postman collection: src/render/sandbox/checks.ts
 * (the checks of `kontrak run`) and the collection's response schemas as ajv standalone
 * validators, bundled by esbuild into one guarded global `kontrakChecks`, evaluated once per run.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { standaloneValidators } from './validators.ts';

const ENTRY = fileURLToPath(new URL('./sandbox/checks.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

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
      resolveDir: ROOT, // the generated code requires ajv's runtime helpers and ajv-formats
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
    plugins: [validatorsPlugin(shrink(standaloneValidators(documents, keys)))],
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
