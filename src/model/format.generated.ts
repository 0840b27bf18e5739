// Generated from schemas/kontrak.schema.json by `npm run gen:types` (src/model/schema-types.ts): do not edit.
// A collection file as written: what a user may leave out is optional.

/**
 * This interface was referenced by `KontrakFile`'s JSON-Schema
 * via the `definition` "name".
 */
export type Name = string;
/**
 * Run only in these environments (e.g. [mock] for cases only the mock can stage).
 *
 * @minItems 1
 *
 * This interface was referenced by `KontrakFile`'s JSON-Schema
 * via the `definition` "environments".
 */
export type Environments = Name[];
/**
 * Send again after a transport error, a 5xx or a 429, with exponential backoff (Retry-After wins). The retry keeps the first attempt's body and external id, so a money-moving call is never processed twice; a pass after a retry is reported as flaky.
 *
 * This interface was referenced by `KontrakFile`'s JSON-Schema
 * via the `definition` "retry".
 */
export type Retry = Retry1 & {
  /**
   * Retry as this bank retries its notifications: the waits of its profile's callsPartner.notifyRetry (banks/<bank>.yaml), in place of count and backoffMs. KONTRAK_RETRY_SCALE (e.g. 0.001) shortens every wait of a run.
   */
  bank?: string;
  /**
   * Retries after the first attempt.
   */
  count?: number;
  /**
   * @minItems 1
   */
  on?: ('transport' | '5xx' | '429' | 429)[];
  /**
   * Wait before the first retry; doubled before each next one.
   */
  backoffMs?: number;
};
export type Retry1 =
  | {
      count: unknown;
    }
  | {
      bank: unknown;
    };
/**
 * Redirects are not followed by default: the test sees the 3xx. same-origin follows a redirect to the same scheme, host and port; a cross-origin redirect is never followed, whatever is set (the request, its credentials and signature would go to another host), and fails as redirect.
 *
 * This interface was referenced by `KontrakFile`'s JSON-Schema
 * via the `definition` "followRedirects".
 */
export type FollowRedirects = 'none' | 'same-origin';
/**
 * The certification scenario in the bank's wording; {field} is replaced by the field a negative breaks.
 *
 * This interface was referenced by `KontrakFile`'s JSON-Schema
 * via the `definition` "scenario".
 */
export type Scenario = string;
/**
 * This interface was referenced by `KontrakFile`'s JSON-Schema
 * via the `definition` "variableName".
 */
export type VariableName = string;

/**
 * A YAML file under collections/ holds exactly one provider, environment or suite.
 */
export interface KontrakFile {
  /**
   * Format version.
   */
  kontrak: 1;
  provider?: Provider;
  environment?: Environment;
  suite?: Suite;
}
/**
 * This interface was referenced by `KontrakFile`'s JSON-Schema
 * via the `definition` "provider".
 */
export interface Provider {
  name: Name;
  description?: string;
  /**
   * Which bank the embedded mock emulates for this provider (default: its bank, else the provider name): `nicepay`, `bri` (BRI API v2), or the name of a bank profile (banks/<bank>.yaml, shipped or the project's own), checked against those when the project loads; `partner`: the provider is a merchant's callback endpoint, kontrak plays the bank and the mock environment runs the embedded reference partner.
   */
  mock?: string;
  /**
   * The shipped bank profile (banks/<bank>.yaml) this provider follows: its paths, signing, headers and service-code habits are the defaults of this file, and the mock emulates that bank.
   */
  bank?: string;
  /**
   * Per catalogue service: where this provider departs from its bank profile (or from the catalogue).
   */
  services?: {
    [k: string]: ServiceKnobs;
  };
  baseUrls?: {
    /**
     * http or https, no user:password@, no query; no trailing slash.
     */
    [k: string]: string;
  };
  /**
   * What this provider answers to a `replay` negative (the same request again, same X-EXTERNAL-ID): `success` (idempotent, booked once), or `inconsistent-request` (404xx18, as BCA asks of a replayed payment flag).
   */
  replayAnswer?: 'success' | 'inconsistent-request';
  /**
   * BRI emulation only: the API products the mock's tokens cover for this provider (default: all), to reproduce a token that does not cover an API.
   */
  mockProducts?: string[];
  /**
   * Prefix of a request's path when it names a `service` instead of a `path` (e.g. /snap/v1.0).
   */
  basePath?: string;
  /**
   * Service → full path where a provider departs from basePath/<service>.
   */
  paths?: {
    [k: string]: string;
  };
  signing?: Signing;
  headers?: Headers;
  credentials: {
    [k: string]: {
      /**
       * Masked by value in every report and log; false for a setting such as a channel id.
       */
      secret?: boolean;
      description?: string;
      /**
       * The RSA private key the signer uses, for a field not named private_key (e.g. bank_private_key when kontrak signs as the bank).
       */
      signingKey?: boolean;
    };
  };
}
/**
 * This interface was referenced by `KontrakFile`'s JSON-Schema
 * via the `definition` "serviceKnobs".
 */
export interface ServiceKnobs {
  /**
   * symmetric: HMAC-SHA512 with the B2B token (SNAP type B); asymmetric: SHA256withRSA without a token (type C).
   */
  signature?: 'symmetric' | 'asymmetric';
  /**
   * The service code this provider puts in responseCode instead of the catalogue's.
   */
  serviceCode?: string;
  /**
   * Codes also accepted where a request expects this service's success code (e.g. 2024300 in progress).
   */
  successCodes?: string[];
  /**
   * Request fields this provider requires beyond the catalogue's.
   */
  mandatory?: string[];
  headers?: Headers;
  /**
   * Where this knob comes from.
   */
  source?: string;
  confidence?: 'documented' | 'seen in SDK' | 'assumed';
}
/**
 * This interface was referenced by `KontrakFile`'s JSON-Schema
 * via the `definition` "headers".
 */
export interface Headers {
  [k: string]: string;
}
/**
 * This interface was referenced by `KontrakFile`'s JSON-Schema
 * via the `definition` "signing".
 */
export interface Signing {
  signatureEncoding?: 'base64' | 'hex';
  signedPathStripPrefix?: string;
  /**
   * What the query string contributes to the signed path: as sent, parameters sorted by name, or nothing
   */
  signQuery?: 'as-sent' | 'sorted' | 'excluded';
  /**
   * What the bank hashes (SNAP) or embeds (BRI API v2): the minified body, or the bytes it received
   */
  bodyHash?: 'minified' | 'as-sent';
  timestampFormat?: 'snap' | 'snap-millis' | 'utc-millis';
  externalIdHeader?: string;
  /**
   * Digits of generated external ids, 9 to 36. At least 9: 8 for the millisecond of the Jakarta day (ids must not repeat within it, across runs) and 1 or more for the run's lane (its CI shard), so that parallel shards never send the same id. At most 36: SNAP's X-EXTERNAL-ID is a numeric String(36). The signer refuses the same range (scripts/external-id-limits.generated.ts).
   */
  externalIdDigits?: number;
}
/**
 * This interface was referenced by `KontrakFile`'s JSON-Schema
 * via the `definition` "environment".
 */
export interface Environment {
  name: Name;
  description?: string;
  /**
   * Only suites of these providers run in this environment (e.g. [partner]); default all.
   *
   * @minItems 1
   */
  providers?: Name[];
  /**
   * What certification evidence states about this environment's runs (flags --provider-name / --partner-name win).
   */
  evidence?: {
    /**
     * The bank or provider under test (BRI: Nama Penyedia Layanan).
     */
    providerName?: string;
    /**
     * The partner that ran the tests (BRI: Nama Pengguna Layanan).
     */
    partnerName?: string;
  };
}
/**
 * This interface was referenced by `KontrakFile`'s JSON-Schema
 * via the `definition` "suite".
 */
export interface Suite {
  name: Name;
  provider?: Name;
  /**
   * Run the same suite against each of these providers (one suite per provider, named <suite>@<provider>).
   *
   * @minItems 1
   */
  providers?: Name[];
  environments?: Environments;
  description?: string;
  retry?: Retry;
  followRedirects?: FollowRedirects;
  /**
   * Scenario wording per negative kind for this suite, over kontrak's defaults ({field} is replaced).
   */
  scenarios?: {
    signature?: Scenario;
    token?: Scenario;
    'missing-token'?: Scenario;
    timestamp?: Scenario;
    'external-id-reuse'?: Scenario;
    'mandatory-field'?: Scenario;
    'field-format'?: Scenario;
    'duplicate-reference'?: Scenario;
    'inconsistent-request'?: Scenario;
    'malformed-json'?: Scenario;
    replay?: Scenario;
  };
  /**
   * @minItems 1
   */
  requests: Request[];
}
/**
 * This interface was referenced by `KontrakFile`'s JSON-Schema
 * via the `definition` "request".
 */
export interface Request {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path?: string;
  /**
   * Instead of `path`: the provider's path for this service (its paths entry, else basePath/<service>).
   */
  service?: string;
  environments?: Environments;
  headers?: Headers;
  /**
   * JSON body; strings may use {{variables}}.
   */
  body?: unknown;
  /**
   * application/x-www-form-urlencoded body (e.g. an OAuth token call); values may use {{variables}}.
   */
  form?: {
    [k: string]: string;
  };
  sign?: 'none' | 'snap-token' | 'snap-transaction' | 'snap-asymmetric' | 'bri-v2' | 'bri-notify';
  tamper?: 'signature' | 'token';
  /**
   * Derive a tampered variant of this request per entry, each expecting the protocol's rejection (README: derived negatives).
   */
  negatives?: (
    | (
        | 'signature'
        | 'token'
        | 'missing-token'
        | 'timestamp'
        | 'external-id-reuse'
        | 'mandatory-field'
        | 'field-format'
        | 'duplicate-reference'
        | 'inconsistent-request'
        | 'malformed-json'
        | 'replay'
      )
    | {
        'mandatory-field': string;
        scenario?: Scenario;
      }
    | {
        'field-format': string;
        scenario?: Scenario;
      }
    | {
        kind:
          | 'signature'
          | 'token'
          | 'missing-token'
          | 'timestamp'
          | 'external-id-reuse'
          | 'mandatory-field'
          | 'field-format'
          | 'duplicate-reference'
          | 'inconsistent-request'
          | 'malformed-json'
          | 'replay';
        field?: string;
        scenario?: Scenario;
      }
  )[];
  scenario?: Scenario;
  expect: {
    status: number;
    /**
     * SNAP: 7 digits; BRI gateway: 4 (0601); BRI products: 2 or 4 (00, 0100).
     */
    responseCode?: string;
    /**
     * The responseMessage the bank must answer (e.g. from the bank's own test list).
     */
    responseMessage?: string;
    /**
     * Other answers the bank documents as equally right (DANA's 2004300|2024300): a responseCode or responseMessage listed here passes too; the HTTP status then follows the code's first three digits.
     */
    alternatives?: {
      /**
       * @minItems 1
       */
      responseCode?: string[];
      /**
       * @minItems 1
       */
      responseMessage?: string[];
    };
    schema?: string;
  };
  retry?: Retry;
  followRedirects?: FollowRedirects;
  /**
   * Inbound suites: what it means, in plain words, when the partner accepts this request (answers 2xx where a refusal is expected); reported first.
   */
  finding?: string;
  /**
   * Variable name → path into the JSON response (accessToken, virtualAccountData.trxId), for later requests.
   */
  capture?: {
    [k: string]: string;
  };
}
