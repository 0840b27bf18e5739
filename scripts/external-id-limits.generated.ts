// Generated from schemas/kontrak.schema.json by `npm run gen:types` (src/model/schema-types.ts): do not edit.
// The range of signing.externalIdDigits; the schema says why it is what it is.
export const MIN_EXTERNAL_ID_DIGITS = 9;
export const MAX_EXTERNAL_ID_DIGITS = 36;
