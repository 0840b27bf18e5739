/**
 * Results of a run: the hand-off from run/check to report and merge.
 * `results.json` is exactly a serialised `RunResult` (shape version 1).
 */

/** One JSON Schema violation: where in the response, which rule, and the offending value. */
export interface SchemaViolation {
  /** JSON Pointer into the response body ("" for the root). */
  pointer: string;
  /** The schema keyword that failed (required, pattern, type…). */
  rule: string;
  message: string;
  value?: unknown;
}

export interface CheckResult {
  /** Short stable name: `status`, `responseCode`, `schema`, `transport`… */
  name: string;
  passed: boolean;
  /** Why it failed (or what was verified), in plain words. */
  message: string;
  violations?: SchemaViolation[];
}

/** How a failed exchange failed, for triage. */
export type FailureClass = 'transport' | 'auth' | 'contract' | 'infrastructure';

export interface HttpMessage {
  headers: Array<{ key: string; value: string }>;
  /** Body as text, possibly truncated; see `bodyBytes` for the real size. */
  body: string;
  bodyBytes: number;
  truncated: boolean;
}

export interface ExchangeRequest extends HttpMessage {
  method: string;
  url: string;
  /** The last 4 characters of the bearer token sent (the token itself is always masked). */
  bearerTail?: string;
}

export interface ExchangeResponse extends HttpMessage {
  status: number;
  /** The reason phrase of the status line (`OK`, `Unauthorized`). */
  statusText?: string;
  timeMs: number;
  /** What the response looked like, never what it said: compared across runs by `kontrak diff`. */
  shape?: ResponseShape;
}

/**
 * A response's shape (docs/results-json.md): types and names only, never a value. Paths are
 * `$` (the body), `$.a.b`, `$.list[]` (every element), `$.list[].id`, `$["odd key"]`.
 */
export interface ResponseShape {
  /** Path → JSON type (`string`, `number`, `boolean`, `null`, `object`, `array`; `string|null` when elements differ). Absent when the body is not JSON. */
  fields?: Record<string, string>;
  /** Paths missing from some elements of an enclosing array (every other path is always present). */
  optional?: string[];
  /** Response header names, lower case, sorted. */
  headers: string[];
  /** SNAP `responseCode` or BRI `status.code`, when the body has one. */
  responseCode?: string;
}

export interface SigningRecord {
  scheme: string;
  /** The string to sign the signer signed, recorded when it signed (secrets masked). */
  stringToSign?: string;
  /** The string the mock bank expected, when it rejected the signature (mock only). */
  expectedStringToSign?: string;
}

/** An attempt that failed and was sent again (`retry:`); the exchange itself is the last attempt. */
export interface RetriedAttempt {
  /** Why it was sent again. */
  cause: 'transport' | '5xx' | '429';
  status?: number;
  /** Transport error, when there was no response. */
  error?: string;
  timeMs?: number;
  /** The external id it carried: a retry carries the same one. */
  externalId?: string;
  /** Wait before the next attempt, ms. */
  waitMs: number;
}

export interface ExchangeResult {
  requestId: string;
  name: string;
  /** The SNAP catalogue code of the service the request calls, when it calls one (`47`). */
  service?: string;
  /** A deliberately broken request expecting a rejection. */
  negative: boolean;
  /** The certification scenario, in the banks' wording. */
  scenario?: string;
  /** For a derived negative: which kind, and which field it breaks. */
  negativeCase?: { kind: string; field?: string };
  /** What the case expected. */
  expected?: { status: number; responseCode?: string };
  request: ExchangeRequest;
  response?: ExchangeResponse;
  /** Transport error (connection refused, timeout…) when there is no response. */
  error?: string;
  signing?: SigningRecord;
  /** The mock bank's explanation of a rejection (`X-Kontrak-Diagnosis`), e.g. which signing variant the request matched. */
  diagnosis?: string;
  checks: CheckResult[];
  passed: boolean;
  failureClass?: FailureClass;
  /** Earlier attempts, oldest first, when the request was retried. */
  attempts?: RetriedAttempt[];
  /** Passed only after a retry: reported as flaky, never as a plain pass. */
  flaky?: boolean;
  /** Where the request is defined. */
  source: { file: string; line: number; column: number };
}

export interface SuiteResult {
  name: string;
  provider: string;
  file: string;
  durationMs: number;
  exchanges: ExchangeResult[];
  passed: number;
  failed: number;
}

export interface RunTotals {
  suites: number;
  requests: number;
  passedRequests: number;
  failedRequests: number;
  /** Passed requests that needed a retry (counted in passedRequests too). */
  flakyRequests: number;
  checks: number;
  failedChecks: number;
}

/** One provider's result for one service: requests of that service that passed and failed. */
export interface CoverageCell {
  passed: number;
  failed: number;
}

/** Which SNAP catalogue services a run tested, per provider (catalogue/snap-services.json). */
export interface Coverage {
  /** Services in the catalogue (81). */
  catalogue: number;
  /** Distinct services tested by at least one request. */
  tested: number;
  /** Providers that tested at least one service, sorted. */
  providers: string[];
  /** The tested services by code, each with a cell per provider that tested it. */
  services: Array<{ code: string; name: string; providers: Record<string, CoverageCell> }>;
}

export interface RunResult {
  kontrak: 1;
  environment: string;
  startedAt: string;
  durationMs: number;
  commit?: string;
  suites: SuiteResult[];
  totals: RunTotals;
  /** The SNAP coverage matrix of this run (absent when no request called a catalogue service). */
  coverage?: Coverage;
}
