import { createRequire } from 'node:module';
import type newman from 'newman';

/**
 * The engine kontrak runs: newman 6.2.2 and postman-runtime 7.39.1 with kontrak's patches
 * (engine/README.md). The compiled CLI, in a checkout and in the installed package alike, loads
 * the bundle bin/build.js makes of them (dist/lib/engine/engine.cjs), so an installed kontrak runs
 * the very engine this repository tests; the TypeScript sources (tests) load engine/entry.cjs,
 * the same files as patched in node_modules.
 */
export interface Engine {
  newman: typeof newman;
  /** Whether newman hands postman-runtime the `host` option (patches/newman+6.2.2.patch). */
  passesHost: boolean;
  Runner: unknown;
  runtimeYield: unknown;
  Sandbox: unknown;
  request: unknown;
}

const require = createRequire(import.meta.url);
const compiled = import.meta.url.endsWith('.js');

/** The engine: the bundle beside the compiled CLI, or engine/entry.cjs from the sources. */
export const engine = require(compiled ? '../../engine/engine.cjs' : '../../engine/entry.cjs') as Engine;
