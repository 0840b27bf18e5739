/**
 * Overlays: how one bank's documented answers depart from a shipped schema (BCA sends
 * `"feeAmount": null`, DANA answers 457-character messages, BCA books a payment flag without
 * paymentFlagStatus "00" as failed). A bank profile lists them (banks/<bank>.yaml `overlays:`),
 * each with its source; the schema loader derives the bank's own schema from them, and a request
 * to that bank is checked against it.
 */

/**
 * What an overlay does to the field it names: nullable, not-required, required, const (must equal
 * `value`), maxLength (`value` characters), enum-add (`value` joins the allowed values),
 * extra-field (a field the schema does not list, `value` its schema), replace (the field's schema
 * becomes `value`). schemas/bank-profile.schema.json is where a profile's overlays are checked;
 * src/banks/overlays.ts holds its generated type to this one.
 */
export type OverlayChange =
  'nullable' | 'not-required' | 'required' | 'const' | 'maxLength' | 'enum-add' | 'extra-field' | 'replace';

export interface SchemaOverlay {
  /** A catalogue service, or `*` for every answer of the bank (error answers included). */
  service: string;
  /** Which message the overlay changes: the answer (default) or the request the bank's mock takes. */
  on?: 'response' | 'request';
  /** The field as a JSON pointer into the answer (`/virtualAccountData/paymentFlagStatus`; `*` for array items). */
  field: string;
  change: OverlayChange;
  value?: unknown;
  /** Where the bank documents it. */
  source: string;
  confidence: string;
  /** For a tightening: what it means, in plain words, when an answer breaks it. */
  finding?: string;
}

/** Which bank's schema judged a request's answer, and the overlays it carries. */
export interface ContractRef {
  bank: string;
  /** The shipped schema the bank's schema derives from. */
  base: string;
  overlays: SchemaOverlay[];
}

/** One bank schema to derive: from which shipped schema, with which overlays. */
export interface OverlayTarget {
  bank: string;
  base: string;
  overlays: readonly SchemaOverlay[];
}

/** The key of a bank's schema derived from a shipped one (`banks/bca/snap/bank-statement.response.json`). */
export function overlaySchemaKey(bank: string, schema: string): string {
  return `${BANK_SCHEMAS}${bank}/${schema}`;
}

/** Where the banks' own schemas live among the loaded ones. */
export const BANK_SCHEMAS = 'banks/';

/** The schema every error answer is checked against; `*` overlays reach it too. */
export const ERROR_SCHEMA = 'snap/error.response.json';
