/**
 * Bank profiles (banks/*.yaml): how a real bank departs from the SNAP catalogue — path prefix and
 * per-service paths, signing type per service, service codes it answers, extra headers and
 * mandatory fields, extra success codes and the values its sandbox selects scenarios by. A shipped
 * profile is the truth the mock bank emulates; a provider file names it with `bank:` and may
 * override knobs. Every knob carries where it comes from and how sure we are.
 *
 * schemas/bank-profile.schema.json is the one statement of a profile's shape and of the defaults
 * of its optional knobs; the types come from it (`npm run gen:types`). Profiles are read and
 * checked by src/load/bank-profiles.ts.
 */
import type { BankProfile, Confidence, SourcedSignatureType } from './bank-profile.generated.ts';

export type { BankProfile, Confidence, Scenario, ServiceKnobs, Starter } from './bank-profile.generated.ts';

/** A knob's value with its provenance: the shape every knob of the schema has. */
export interface Sourced<T> {
  value: T;
  /** Where the value was read (document, SDK file, sandbox guide). */
  source: string;
  confidence: Confidence;
}

/** Type B (HMAC-SHA512 with the B2B token) or type C (SHA256withRSA, no token). */
export type SignatureType = SourcedSignatureType['value'];

/** The path a bank serves a service at: its override, else basePath + catalogue suffix. */
export function servicePath(profile: BankProfile, service: string): string {
  if (service === 'access-token/b2b' && profile.tokenPath) return profile.tokenPath.value;
  return profile.services[service]?.path?.value ?? `${profile.basePath.value}/${service}`;
}

/** The signing type of a service at a bank. */
export function serviceSignature(profile: BankProfile, service: string): SignatureType {
  return profile.services[service]?.signature?.value ?? profile.signature.value;
}
