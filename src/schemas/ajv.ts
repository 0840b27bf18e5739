import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { _ } from 'ajv';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * One ajv 8 setup for the whole project: draft 2020-12, strict, every error, formats on.
 * `standalone` also keeps the generated source, for code compiled ahead of time (src/render/validators.ts),
 * whose formats come from ajv-formats' own table. It leaves out `verbose` (a fifth of the code;
 * the sandbox adds the offending values itself, src/render/sandbox/checks.ts) and compiles each
 * shared `$ref` once instead of inlining it (an eighth): sizes, not what is checked.
 */
export function createAjv(options: { standalone?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    verbose: !options.standalone,
    inlineRefs: !options.standalone,
    allowUnionTypes: true,
    ...(options.standalone
      ? { code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } }
      : {}),
  });
  addFormats(ajv);
  return ajv;
}

// toViolations lives apart so that code bundled for the Postman sandbox can use it without ajv.
export { toViolations } from './violations.ts';
