/**
 * Builds the collection-level pre-request script: scripts/ (TypeScript that runs inside the
 * Postman sandbox) bundled by esbuild and wrapped in one function whose result is kept in the
 * implicit global `kontrakSigner`, so it is evaluated once per run, then one call that signs the
 * current request.
 */
import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import { must } from '../must.ts';
import { packagePath } from '../project/assets.ts';
import { signalStatement } from './script-signals.ts';

// Bundled from the TypeScript sources under scripts/, which ship in the package: the Postman entry.
const ENTRY = 'index.ts';
/** Variable that scripts/index.ts assigns, local to our wrapper function; never visible outside it. */
const API = 'api';

/**
 * Signs the current request with the sandbox's CryptoJS, or with scripts/crypto-fallback.ts where
 * the sandbox has none.
 */
export const SIGN_CALL =
  "kontrakSigner.signRequest(pm,kontrakSigner.pickCryptoJS(function(){return require('crypto-js')}))";

/** A scripts/ entry bundled for a sandbox: the code, which assigns `api`, and its version. */
export interface SandboxBundle {
  code: string;
  version: string;
}

const bundles = new Map<string, Promise<SandboxBundle>>();

async function buildBundle(entry: string): Promise<SandboxBundle> {
  const result = await build({
    entryPoints: [packagePath('scripts', entry)],
    bundle: true,
    // Plain statements (no exports): our wrapper function below is the only scope they need.
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    charset: 'ascii',
    external: ['crypto-js'],
    write: false,
    logLevel: 'silent',
  });
  const code = must(result.outputFiles[0], 'bundled signer').text.trim();
  // The version lets a long-lived sandbox (the Postman app keeps globals between runs) replace
  // an older signer instead of reusing it.
  const version = createHash('sha256').update(code).digest('hex').slice(0, 12);
  return { code, version };
}

/** scripts/<entry> bundled (index.ts for Postman, bruno.ts for Bruno), built once per process. */
export function sandboxBundle(entry: string): Promise<SandboxBundle> {
  let pending = bundles.get(entry);
  if (!pending) {
    pending = buildBundle(entry);
    pending.catch(() => bundles.delete(entry)); // let a later call retry after a build error
    bundles.set(entry, pending);
  }
  return pending;
}

let cached: Promise<{ lines: string[]; bytes: number; library: string }> | undefined;

async function bundle(): Promise<{ lines: string[]; bytes: number; library: string }> {
  const { code, version } = await sandboxBundle(ENTRY);
  // Generated glue, kept compact: every byte here is evaluated on every request.
  const library =
    `if(typeof kontrakSigner=='undefined'||kontrakSigner.version!='${version}'){` +
    `kontrakSigner=(function(){var ${API};${code}\nreturn ${API}})();kontrakSigner.version='${version}'}`;
  const script =
    `${library}\n` +
    // A request that cannot be signed is not sent (an unsigned request only earns a confusing 401),
    // and a failing test names the variable: newman exits 1, Postman shows it red. Never a run of
    // skipped requests that looks green.
    `try{${SIGN_CALL}}catch(e){var kontrakWhy=String(e&&e.message||e);console.error(kontrakWhy);` +
    signalStatement('{kind:"unsigned",why:kontrakWhy}') +
    `pm.test('signing: '+kontrakWhy+' (request not sent)',function(){throw new Error(kontrakWhy)});` +
    `pm.execution.skipRequest()}`;
  return { lines: [script], bytes: Buffer.byteLength(script, 'utf8'), library };
}

function load(): Promise<{ lines: string[]; bytes: number; library: string }> {
  if (!cached) {
    cached = bundle();
    cached.catch(() => {
      cached = undefined; // let a later call retry after a build error
    });
  }
  return cached;
}

/** Lines (Postman `exec`) of the complete collection-level pre-request script. */
export async function signerScript(): Promise<string[]> {
  return [...(await load()).lines];
}

/** Size in bytes (UTF-8) of that script. */
export async function signerBundleBytes(): Promise<number> {
  return (await load()).bytes;
}

/** Only the guarded definition of `kontrakSigner`, without the call (for `explain`). */
export async function signerLibrary(): Promise<string> {
  return (await load()).library;
}
