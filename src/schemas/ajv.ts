import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { _ } from 'ajv';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** What ajv's standalone code requires for the formats (resolved from kontrak, see compiled-cache.ts). */
const FORMATS_MODULE = _`require("ajv-formats/dist/formats").fullFormats`;

/**
 * One ajv 8 setup for the whole project: draft 2020-12, strict, every error, formats on.
 * `standalone`: also keep each validator's source, so it can be cached as code.
 * `forSandbox`: standalone code for the Postman sandbox (src/render/validators.ts), smaller: it
 * leaves out `verbose` (a fifth of the code; the sandbox adds the offending values itself,
 * src/render/sandbox/checks.ts) and compiles each shared `$ref` once instead of inlining it (an
 * eighth). Sizes only: what is checked is the same.
 * `useDefaults`: fill in each `default` the schema gives for a key left out (the YAML format).
 */
export function createAjv(
  options: { standalone?: boolean; forSandbox?: boolean; useDefaults?: boolean } = {},
): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    verbose: !options.forSandbox,
    inlineRefs: !options.forSandbox,
    allowUnionTypes: true,
    ...(options.useDefaults ? { useDefaults: true } : {}),
    ...(options.standalone || options.forSandbox ? { code: { source: true, formats: FORMATS_MODULE } } : {}),
  });
  addFormats(ajv);
  return ajv;
}

// toViolations lives apart so that code bundled for the Postman sandbox can use it without ajv.
export { toViolations } from './violations.ts';
