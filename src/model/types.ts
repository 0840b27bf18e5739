/**
 * The model: what the YAML collections mean once loaded and validated.
 * Every stage after `load` works on these types only. What a file may say comes from the format's
 * schema (schemas/kontrak.schema.json) through the types generated from it: `Format` is a file
 * once validated, with the schema's defaults filled in.
 */
import type { ContractRef } from './overlay.ts';
import type { ContractBasis, MandatoryFields } from './basis.ts';
import type * as Format from './format-loaded.generated.ts';

export type { KontrakFile } from './format-loaded.generated.ts';

// The signer's own contract (scripts/ is bundled into every collection and imports nothing of
// src/): the model re-exports what it says about a provider's signing.
import {
  providerVariable,
  SIGN_DIRECTIVE_HEADER,
  type ProviderSigning,
  type TimestampFormat,
} from '../../scripts/signing-contract.ts';
export { providerVariable, SIGN_DIRECTIVE_HEADER, type ProviderSigning, type TimestampFormat };

/** A place in a YAML file, for diagnostics and for pointing reports back at the source. */
export interface SourceRef {
  file: string;
  line: number;
  column: number;
}

export type SigningScheme = Format.Request['sign'];

/** A credential or setting a provider needs, e.g. `client_secret` → variable `nicepay_client_secret`. */
export interface CredentialField extends CredentialYaml {
  field: string;
}
type CredentialYaml = NonNullable<Format.Provider['credentials'][string]>;

/**
 * The mock bank's emulations written in code rather than read from a bank profile: NICEPAY's and
 * BRI API v2's own protocols, and `partner` (kontrak plays the bank calling a merchant). Every
 * other emulation is a bank profile under banks/ (src/load/bank-profiles.ts lists them).
 */
export const CODED_EMULATIONS = ['nicepay', 'bri', 'partner'] as const;

/**
 * How a provider departs from the SNAP catalogue for one service (bank profile, then provider
 * file); `source` says where the knobs come from.
 */
export type ProviderServiceKnobs = Omit<Format.ServiceKnobs, 'confidence'>;

export interface Provider {
  name: string;
  source: SourceRef;
  /** The shipped bank profile this provider follows (banks/<bank>.yaml). */
  bank?: string;
  /** Where `bank:` is written, for diagnostics. */
  bankSource?: SourceRef;
  /** Signing knobs the provider file states itself (the others come from its bank, else defaults). */
  signingGiven?: Array<Exclude<keyof ProviderSigning, 'provider'>>;
  /** Per catalogue service: departures from the catalogue (bank profile merged with the provider file). */
  services: Record<string, ProviderServiceKnobs>;
  /** The mock bank emulation this provider runs against in the `mock` environment. */
  mock?: string;
  /** Where `mock:` is written, for diagnostics. */
  mockSource?: SourceRef;
  /** BRI emulation: API products the mock's tokens cover for this provider. */
  mockProducts?: string[];
  /** Base URLs of real environments, by environment name (sandbox, production…). */
  baseUrls: Record<string, string>;
  signing: ProviderSigning;
  /** Prefix of the path of a request that names a `service` (e.g. `/snap/v1.0`). */
  basePath?: string;
  /** Service → full path where the provider departs from `basePath/<service>`. */
  paths: Record<string, string>;
  /** Headers every signed request of this provider carries (values may use {{variables}}). */
  headers: Record<string, string>;
  credentials: CredentialField[];
  /** What the provider answers to a `replay` negative: idempotent success, or 404xx18. */
  replayAnswer: Format.Provider['replayAnswer'];
}

/**
 * The provider is a merchant's callback endpoint and kontrak plays the bank (inbound suites): its
 * mock target is the embedded reference partner, and accepted refusals are reported as findings.
 */
export function isPartner(provider: Pick<Provider, 'mock'>): boolean {
  return provider.mock === 'partner';
}

/** `schema`: the path of a JSON Schema under schemas/, e.g. `nicepay/access-token.response.json`. */
export type Expectation = Format.Request['expect'];

/** The derived negative kinds (the schema's enum; a test holds the two equal). */
export const NEGATIVE_KINDS = [
  'signature',
  'token',
  'missing-token',
  'timestamp',
  'external-id-reuse',
  'mandatory-field',
  'field-format',
  'duplicate-reference',
  'inconsistent-request',
  'malformed-json',
  'replay',
] as const satisfies ReadonlyArray<Extract<NegativeYaml, string>>;
export type NegativeKind = (typeof NEGATIVE_KINDS)[number];
/** A `negatives:` entry as the format allows it: a kind, or a kind with its field and scenario. */
export type NegativeYaml = NonNullable<Format.Request['negatives']>[number];

/** A derived negative case: which part is broken (and, for field kinds, which field). */
export interface NegativeSpec {
  kind: NegativeKind;
  field?: string;
  /** The bank's wording of the case (default per kind, see `src/model/scenarios.ts`). */
  scenario?: string;
}

/** What makes a request worth sending again (YAML may write 429 as a number). */
export type RetryCause = Exclude<Format.Retry['on'][number], number>;

/**
 * `count` retries after the first attempt, `backoffMs` before the first, doubled before each next
 * one; or, with `schedule`, the waits of a bank's own notification retries.
 */
export interface RetryPolicy {
  count: number;
  on: RetryCause[];
  backoffMs?: number;
  /** Named with `retry: { bank }`; filled from the bank's profile when the suites are resolved. */
  bank?: string;
  schedule?: RetrySchedule;
}

/** A bank's notification retries: the wait before each, in ms after the attempt before it. */
export interface RetrySchedule {
  bank: string;
  delaysMs: number[];
  /** Where the waits come from (the profile's source), or why kontrak stands in for them. */
  source: string;
  /** False when the bank publishes no schedule and the waits are kontrak's stand-in. */
  documented: boolean;
}

/** Which redirects a request follows: none (the default), or same-origin ones. Never cross-origin. */
export type RedirectPolicy = Format.FollowRedirects;

export interface RequestSpec {
  /** Stable id, unique within the suite: `<suite>/<index>-<slug>`. */
  id: string;
  name: string;
  method: Format.Request['method'];
  /** Path below the provider base URL, may contain {{variables}}. */
  path: string;
  /** The service named in YAML instead of a path (resolved into `path` per provider). */
  service?: string;
  /** The service code responses carry when the provider overrides the catalogue's (DANA: 60). */
  serviceCode?: string;
  /** Where that override comes from, for the rule pack's message. */
  serviceCodeSource?: string;
  /** Codes the provider also answers for success (DANA 2024300), accepted for the expected success code. */
  successCodes?: string[];
  /** The bank whose overlays judge the answer (`expect.schema` is then the bank's schema). */
  contract?: ContractRef;
  /** What the contract judging the answer rests on at its bank (banks/<bank>.yaml `basis:`). */
  basis?: ContractBasis;
  /** The service's mandatory request fields at its bank: ASPI's, then the bank's own, with sources. */
  mandatory?: MandatoryFields[];
  /** Run only in these environments. */
  environments?: string[];
  headers: Record<string, string>;
  /** JSON body; undefined for none. String values may contain {{variables}}. */
  body?: unknown;
  /** A body sent as these exact characters (a malformed-JSON negative); wins over `body`. */
  rawBody?: string;
  /** Form-encoded body (OAuth token calls); exclusive with `body`. */
  form?: Record<string, string>;
  sign: SigningScheme;
  /** Deliberately corrupt part of the request while signing (negative cases); `no-token` sends no Authorization. */
  tamper?: 'signature' | 'token' | 'no-token';
  /** Negative variants to derive from this request (expanded by the loader). */
  negatives?: NegativeSpec[];
  /** Set on a derived variant: what it breaks. */
  negative?: NegativeSpec;
  /** Send again on these failures, keeping the body and external id of the first attempt. */
  retry?: RetryPolicy;
  /** Redirects followed (default none; a cross-origin redirect is never followed). */
  followRedirects?: RedirectPolicy;
  /** Inbound suites: what it means, in plain words, when the partner accepts this request. */
  finding?: string;
  /** Inbound suites, real-payload mode: the bank's quirk this request sends (src/model/payload-quirks.ts). */
  quirk?: { bank: string; what: string; source: string };
  /** Record the external id this request sends, for a later external-id-reuse variant. */
  recordExternalId?: boolean;
  /** Record this body field as sent, for later duplicate-reference / inconsistent-request variants. */
  recordReference?: string;
  /** The certification scenario this case stands for, in the banks' wording. */
  scenario?: string;
  expect: Expectation;
  /** Variable name → dotted path into the JSON response (`accessToken`, `virtualAccountData.trxId`). */
  capture: Record<string, string>;
  source: SourceRef;
  /** Where some values are written (`expect.schema`, `capture.<variable>`), for diagnostics about them. */
  places?: Partial<Record<string, SourceRef>>;
}

export interface Suite {
  name: string;
  provider: string;
  /** As written: the providers this suite runs against (expanded into one suite each). */
  providers?: string[];
  /** Run only in these environments. */
  environments?: string[];
  description?: string;
  /** Scenario wording per negative kind, over the defaults (`{field}` is replaced). */
  scenarios?: Format.Suite['scenarios'];
  source: SourceRef;
  requests: RequestSpec[];
}

/** A named target. `mock` is built in; others come from YAML. */
export interface Environment {
  name: string;
  /** `mock`: the embedded mock bank with keys generated for the run; `remote`: real base URLs. */
  kind: 'mock' | 'remote';
  /** Names the certification evidence states (`--provider-name`, `--partner-name` win). */
  evidence?: Format.Environment['evidence'];
  /** Only suites of these providers run here (e.g. the `partner` environment). */
  providers?: string[];
  source?: SourceRef;
}

/** Everything loaded from collections/. */
export interface Project {
  root: string;
  providers: Map<string, Provider>;
  suites: Suite[];
  environments: Map<string, Environment>;
}

/** The process environment variable a remote environment reads a provider field from. */
export function processVariable(provider: string, field: string): string {
  return providerVariable(provider, field).toUpperCase();
}
