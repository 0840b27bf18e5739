// Generated from schemas/bank-profile.schema.json by `npm run gen:types` (src/model/schema-types.ts): do not edit.
// A bank profile once validated: ajv's useDefaults has filled in every knob the schema gives a default.

/**
 * Where the value was read: a document, an SDK file, a sandbox guide.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "source".
 */
export type Source = string;
/**
 * documented: the bank's own documents say so; seen in SDK: the bank's (or its clients') code does it; assumed: neither, a reasoned guess; observed: `kontrak probe` asked the bank's sandbox (its observation says when, and the requests and answers that decided it).
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "confidence".
 */
export type Confidence = 'documented' | 'seen in SDK' | 'assumed' | 'observed';
/**
 * Request/answer pairs as the probe sent and read them, secrets masked.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "probeEvidence".
 */
export type ProbeEvidence = {
  request: string;
  answer: string;
}[];

/**
 * How a real bank departs from the SNAP catalogue: paths, signing, headers, mandatory fields, service and success codes, scripted sandbox answers. The mock emulates it; a provider file that names it with `bank:` takes it as defaults. Every knob says where its value comes from and how sure we are. A project's banks/ folder adds profiles, or replaces a shipped one of the same name.
 */
export interface BankProfile {
  /**
   * The bank's name: what a provider's `bank:` and `mock:` and `kontrak init --bank` say.
   */
  bank: string;
  /**
   * The bank's name for people.
   */
  title: string;
  starter?: Starter;
  tokenPath?: SourcedPath;
  basePath: SourcedPath;
  signatureEncoding: SourcedSignatureEncoding;
  signedPathStripPrefix: SourcedPathPrefix;
  signQuery: SourcedSignQuery;
  bodyHash: SourcedBodyHash;
  timestampFormat: SourcedTimestampFormat;
  externalIdDigits: SourcedExternalIdDigits;
  signature: SourcedSignatureType;
  tokenType?: SourcedText;
  headers?: SourcedHeaders;
  channelId: SourcedChannelId;
  externalId: SourcedExternalId;
  timestampForms: SourcedTimestampForms;
  partnerId: SourcedPartnerId;
  customerToken: SourcedCustomerToken;
  deviceHeaders: SourcedDeviceHeaders;
  originalServiceCode: SourcedOriginalServiceCode;
  blankOptional: SourcedBlankOptional;
  /**
   * The services this bank offers (SNAP catalogue names), each with how it departs from the catalogue.
   */
  services: {
    [k: string]: ServiceKnobs;
  };
  /**
   * The sandbox's scripted answers: a request matching `when` gets `answer`.
   */
  scenarios: Scenario[];
  /**
   * The bank's own responseMessage for a responseCode, where its documented wording departs from ASPI's (DANA answers 2004300 "Success", 4034314 "Insufficient Fund"). The answer carries exactly this message; what the mock would have said goes to X-Kontrak-Diagnosis. `{field}` stands for the refused field's top-level name.
   */
  messages: {
    [k: string]: BankMessage;
  };
  /**
   * Where the bank's documented answers depart from the shipped response schemas: each overlay changes one field of one service's answer (or, with service `*`, of every answer of the bank), with its source.
   */
  overlays: Overlay[];
  /**
   * What each service's contract at this bank rests on, for the coverage matrix (`kontrak coverage`, docs/coverage.md), `explain` and the report: a documented sample, the bank's SDK model, ASPI's tables only, or an assumption, each with its source. A service the profile offers without a basis shows as not stated.
   */
  basis: {
    [k: string]: Basis;
  };
  /**
   * A draft written by `kontrak probe`: the day it asked, the environment, how many requests it sent, and why it stopped early (a partial draft).
   */
  probe?: {
    date: string;
    environment: string;
    requests: number;
    /**
     * Why the probe stopped before it had asked everything: the draft is partial.
     */
    stopped?: string;
    /**
     * Facts the probe asked of the bank that no knob holds (the token call's grantType spelling, `Bearer ` in the signed token segment): what was varied, which variants the bank accepted and refused, what that means for a client, and the request/answer pairs that show it, secrets masked.
     */
    observations?: ProbeObservation[];
  };
  /**
   * How the bank calls a partner's own endpoints (bill inquiry, payment flag, notifications): the facts the go-live check of a partner's endpoint judges by.
   */
  callsPartner?: {
    /**
     * How long the bank waits for the partner's answer, in milliseconds, before it treats the call as timed out.
     */
    timeoutMs?: {
      value: number;
      source: Source;
      confidence: Confidence;
    };
    /**
     * When the bank sends a notification again after a timeout or a non-2xx answer from the partner: the wait before each retry, in seconds after the attempt before it, or `undocumented` where the bank does not publish its schedule (kontrak then sends it once more at once, and says that this is its own stand-in). A suite's `retry: { bank: <bank> }` follows it.
     */
    notifyRetry?: {
      value:
        | {
            /**
             * @minItems 1
             * @maxItems 10
             */
            afterSeconds: number[];
          }
        | 'undocumented';
      source: Source;
      confidence: Confidence;
    };
  };
}
/**
 * What `kontrak init --bank <bank>` starts a project from: a provider file and a suite under this profile's collections/ folder (kontrak's own for a shipped profile).
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "starter".
 */
export interface Starter {
  provider: string;
  suite: string;
}
/**
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedPath".
 */
export interface SourcedPath {
  value: string;
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * What `kontrak probe` saw of this knob: the day it asked, whether the answers decided it (undecided: the value is the shipped one, and why), and the request/answer pairs that decided it, secrets masked.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "observation".
 */
export interface Observation {
  date: string;
  decided: boolean;
  why?: string;
  evidence: ProbeEvidence;
}
/**
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedSignatureEncoding".
 */
export interface SourcedSignatureEncoding {
  value: 'base64' | 'hex';
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedPathPrefix".
 */
export interface SourcedPathPrefix {
  value: string;
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedSignQuery".
 */
export interface SourcedSignQuery {
  value: 'as-sent' | 'sorted' | 'excluded';
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedBodyHash".
 */
export interface SourcedBodyHash {
  value: 'minified' | 'as-sent';
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedTimestampFormat".
 */
export interface SourcedTimestampFormat {
  value: 'snap' | 'snap-millis' | 'utc-millis';
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedExternalIdDigits".
 */
export interface SourcedExternalIdDigits {
  /**
   * The range of the format's signing.externalIdDigits (schemas/kontrak.schema.json says why).
   */
  value: number;
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * symmetric: type B (HMAC-SHA512 with the B2B token); asymmetric: type C (SHA256withRSA, no token).
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedSignatureType".
 */
export interface SourcedSignatureType {
  value: 'symmetric' | 'asymmetric';
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedText".
 */
export interface SourcedText {
  value: string;
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * Headers the bank requires, with the value kontrak sends (CHANNEL-ID must be exactly it).
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedHeaders".
 */
export interface SourcedHeaders {
  value: {
    [k: string]: string;
  };
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * CHANNEL-ID: required or not, its length, form and allowed values.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedChannelId".
 */
export interface SourcedChannelId {
  value: ChannelIdRule;
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * What the bank accepts in CHANNEL-ID.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "channelIdRule".
 */
export interface ChannelIdRule {
  /**
   * false: a request without CHANNEL-ID is accepted.
   */
  required: boolean;
  /**
   * Longest value accepted; none: no limit.
   */
  maxLength?: number;
  /**
   * A regular expression the whole value must match.
   */
  pattern?: string;
  /**
   * The only values accepted.
   *
   * @minItems 1
   */
  allowed?: string[];
}
/**
 * X-EXTERNAL-ID as the bank accepts it: characters, length, and the window it must be unique in.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedExternalId".
 */
export interface SourcedExternalId {
  value: {
    /**
     * digits: 0-9; alphanumeric: letters and digits; uuid-like: letters, digits and '-'.
     */
    characters: 'digits' | 'alphanumeric' | 'uuid-like';
    maxLength: number;
    /**
     * day: a value used again the same Jakarta day is a 409 conflict; none: not checked.
     */
    uniqueWithin: 'day' | 'none';
  };
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * The X-TIMESTAMP forms the bank accepts (a form outside them is refused as 400xx01 Invalid Field Format): which UTC offsets, and whether a fraction of a second may, must or must not follow the seconds. The form the bank's own client writes (timestampFormat) must be one of them.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedTimestampForms".
 */
export interface SourcedTimestampForms {
  value: {
    /**
     * any: Z or any +hh:mm / -hh:mm; numeric: any +hh:mm / -hh:mm but not Z; a list: exactly these ("+07:00", "Z").
     */
    offsets: ('any' | 'numeric') | string[];
    /**
     * optional: with or without .SSS; required: .SSS must follow the seconds; forbidden: seconds only.
     */
    milliseconds: 'optional' | 'required' | 'forbidden';
  };
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * What X-PARTNER-ID carries: the client id, or a partner id registered apart from it (a partners-file entry's partnerId; the client id when the entry has none).
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedPartnerId".
 */
export interface SourcedPartnerId {
  value: 'client-id' | 'registered';
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * Authorization-Customer: `Bearer <token>` (bearer), the bare token (bare), or either.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedCustomerToken".
 */
export interface SourcedCustomerToken {
  value: 'bearer' | 'bare' | 'either';
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * Device and IP headers the profile's `headers` name (X-DEVICE-ID, X-IP-ADDRESS…): required, optional (checked only when sent non-empty), or ignored.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedDeviceHeaders".
 */
export interface SourcedDeviceHeaders {
  value: 'required' | 'optional' | 'ignored';
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * The serviceCode a status, cancel or refund call carries: the original transaction's, the call's own, or either.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedOriginalServiceCode".
 */
export interface SourcedOriginalServiceCode {
  value: 'original' | 'own' | 'either';
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * "" or null in a field the request schema does not require: treated as absent, or refused as invalid.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedBlankOptional".
 */
export interface SourcedBlankOptional {
  value: 'absent' | 'invalid';
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * How the bank departs from the catalogue for one service; {} when it follows it.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "serviceKnobs".
 */
export interface ServiceKnobs {
  path?: SourcedPath;
  versions?: SourcedVersions;
  signature?: SourcedSignatureType;
  serviceCode?: SourcedServiceCode;
  mandatory?: SourcedFields;
  headers?: SourcedHeaders;
  successCodes?: SourcedSuccessCodes;
  channelId?: SourcedChannelId;
  deviceHeaders?: SourcedDeviceHeaders;
}
/**
 * Further paths the bank serves the same service at (BRI's bank statement versions, DANA's paths of its Go and Node SDKs), with their mandatory fields.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedVersions".
 */
export interface SourcedVersions {
  value: {
    [k: string]: Version;
  };
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * One further path of the service: its mandatory fields and, where it is read elsewhere than the other paths, its own source.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "version".
 */
export interface Version {
  mandatory: string[];
  source?: Source;
  confidence?: Confidence;
  observation?: Observation;
}
/**
 * The service code the bank puts in responseCode instead of the catalogue's.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedServiceCode".
 */
export interface SourcedServiceCode {
  value: string;
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * Request fields the bank requires beyond the catalogue's schema.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedFields".
 */
export interface SourcedFields {
  value: string[];
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * Codes the bank also answers on success (DANA 2024300 in progress); the mock answers the first.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "sourcedSuccessCodes".
 */
export interface SourcedSuccessCodes {
  /**
   * @minItems 1
   */
  value: string[];
  source: Source;
  confidence: Confidence;
  observation?: Observation;
}
/**
 * A sandbox's scripted answer: a request to `service` matching `when` gets `answer`.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "scenario".
 */
export interface Scenario {
  service: string;
  when: {
    amount?: string;
    externalId?: string;
    /**
     * Request body fields, by dotted path, and the value each must have (DANA's sandbox answers by customerNumber).
     */
    fields?: {
      [k: string]: string;
    };
  };
  answer: string;
  /**
   * The responseMessage the sandbox answers with, as the bank documents it.
   */
  message?: string;
  source: Source;
  confidence: Confidence;
}
/**
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "bankMessage".
 */
export interface BankMessage {
  value: string;
  /**
   * Only for a request whose body fields, by dotted path, have these values (DANA words a create-order of scenario REDIRECT its own way).
   */
  when?: {
    [k: string]: string;
  };
  source: Source;
  confidence: Confidence;
}
/**
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "overlay".
 */
export interface Overlay {
  /**
   * A catalogue service, or `*` for every answer of the bank (error answers included).
   */
  service: string;
  /**
   * Which message of the service the overlay changes: the answer kontrak checks (default), or the request the bank's mock takes.
   */
  on: 'response' | 'request';
  /**
   * The field as a JSON pointer into the message (`/virtualAccountData/paymentFlagStatus`; `*` for array items).
   */
  field: string;
  /**
   * nullable: may be null; not-required: may be absent; required: must be present; const: must equal value; maxLength: may be value characters long; enum-add: value (a list) joins the allowed values; extra-field: a field the schema does not list, value its schema; replace: the field's schema becomes value.
   */
  change:
    'nullable' | 'not-required' | 'required' | 'const' | 'maxLength' | 'enum-add' | 'extra-field' | 'replace';
  /**
   * What the change needs: the constant, the length, the added values or the field's schema.
   */
  value?: unknown;
  source: Source;
  confidence: Confidence;
  /**
   * For a tightening: what it means, in plain words, when an answer breaks it.
   */
  finding?: string;
}
/**
 * What one service's contract at the bank (the schemas its answers are checked against, the requests its mock takes) rests on.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "basis".
 */
export interface Basis {
  /**
   * documented sample: the bank publishes a request or answer of this service, kept in kontrak's corpus of bank samples (test/fixtures/bank-samples) and replayed through its checks and mock; SDK model: the bank's official SDK models this service's messages (source: the package or repository, version: the release or commit read); ASPI only: the messages are held to ASPI's SNAP field tables, nothing of the bank's own was compared; assumed: neither, the bank's paths or fields for this service are a reasoned guess.
   */
  kind: 'documented sample' | 'SDK model' | 'ASPI only' | 'assumed';
  source: Source;
  /**
   * SDK model: the package version or the repository commit read.
   */
  version?: string;
  /**
   * Which parts of the contract come from where, when that is not all the basis.
   */
  note?: string;
}
/**
 * One fact `kontrak probe` observed of the bank beside the knobs.
 *
 * This interface was referenced by `BankProfile`'s JSON-Schema
 * via the `definition` "probeObservation".
 */
export interface ProbeObservation {
  varied: string;
  accepted: string[];
  refused: string[];
  meaning: string;
  evidence: ProbeEvidence;
}
