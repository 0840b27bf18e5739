import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { writeCacheFile } from '../cache.ts';

/**
 * Compiled schemas as ajv standalone code (a CommonJS module exporting one validator per schema),
 * so a run with unchanged schemas skips ajv's compiler. The code is evaluated with kontrak's own
 * `require`, so the cache may live anywhere.
 */

// ajv's standalone entry is CommonJS; under NodeNext its default export arrives wrapped.
const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ??
  standaloneModule) as (ajv: Ajv2020, refs: Record<string, string>) => string;
const require = createRequire(import.meta.url);
const ajvVersion = (require('ajv/package.json') as { version: string }).version;
const formatsVersion = (require('ajv-formats/package.json') as { version: string }).version;

/** What else decides the generated code: a different ajv, ajv-formats or option set is a new key. */
export function compileKey(): string {
  return `ajv ${ajvVersion}; ajv-formats ${formatsVersion}; 2020 strict allErrors verbose allowUnionTypes; v1`;
}

const exportName = (index: number): string => `s${index}`;

/** The cached validators, or undefined when there is no usable cache file for exactly these keys. */
export function cachedValidators(file: string, keys: string[]): Map<string, ValidateFunction> | undefined {
  let code: string;
  try {
    code = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const module = { exports: {} as Record<string, unknown> };
    // Our own generated code, named by the schemas' hash, in a file only this user can write.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating cached validator code is the point
    const evaluate = new Function('require', 'module', 'exports', code) as (
      r: NodeJS.Require,
      m: { exports: Record<string, unknown> },
      e: Record<string, unknown>,
    ) => void;
    evaluate(require, module, module.exports);
    const names = module.exports['kontrakKeys'];
    if (!Array.isArray(names) || names.join('\0') !== [...keys].sort().join('\0')) return undefined;
    const validators = new Map<string, ValidateFunction>();
    (names as string[]).forEach((key, i) => {
      const validate = module.exports[exportName(i)];
      if (typeof validate === 'function') validators.set(key, validate as ValidateFunction);
    });
    return validators.size === names.length ? validators : undefined;
  } catch {
    return undefined; // a damaged file is compiled over
  }
}

/** Keeps the compiled validators of `keys` as standalone code (skipped when the cache is not writable). */
export function writeCompiled(file: string, ajv: Ajv2020, keys: string[]): void {
  const sorted = [...keys].sort();
  let code: string;
  try {
    code = standaloneCode(ajv, Object.fromEntries(sorted.map((key, i) => [exportName(i), key])));
  } catch {
    return; // a schema ajv cannot emit as code is simply compiled every run
  }
  writeCacheFile(file, `${code}\nexports.kontrakKeys = ${JSON.stringify(sorted)};\n`);
}
