/** The ajv standalone validators of one collection, generated at render time (bundle-checks.ts). */
declare module 'kontrak:validators' {
  import type { ValidateFunction } from 'ajv';
  const validators: Record<string, ValidateFunction | undefined>;
  export default validators;
}
