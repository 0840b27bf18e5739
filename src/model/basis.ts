/**
 * What a bank service's contract rests on (banks/<bank>.yaml `basis:`): a documented sample of
 * the bank's, its SDK's model, ASPI's field tables only, or an assumption, with the source. The
 * coverage matrix, `explain` and the checks' messages say it, so that a reader knows how far to
 * trust a green or a red.
 */

/** The kinds, strongest first. schemas/bank-profile.schema.json is where a profile's are checked. */
export const BASIS_KINDS = ['documented sample', 'SDK model', 'ASPI only', 'assumed'] as const;

export type BasisKind = (typeof BASIS_KINDS)[number];

export interface ServiceBasis {
  kind: BasisKind;
  /** A documented sample's or ASPI's page, the SDK's package or repository, or why it is assumed. */
  source: string;
  /** SDK model: the version or commit read. */
  version?: string;
  note?: string;
}

/** The basis of the contract that judges a request's answer, and whose it is. */
export interface ContractBasis extends ServiceBasis {
  bank: string;
}

/** `documented sample (https://…)`, `SDK model (https://github.com/dana-id/dana-go 7176cf5)`. */
export function basisText(basis: ServiceBasis): string {
  return `${basis.kind} (${basis.source}${basis.version === undefined ? '' : ` ${basis.version}`})`;
}

/** Mandatory request fields of a service at a bank, with where they are said (src/banks/mandatory.ts). */
export interface MandatoryFields {
  fields: string[];
  source: string;
  /** The bank that adds them; absent for ASPI's own. */
  bank?: string;
}
