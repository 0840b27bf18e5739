// Generated from schemas/results.schema.json by `npm run gen:types` (src/model/schema-types.ts): do not edit.
// A results.json as kontrak writes it: the hand-off from run and check to report, merge and diff.

/**
 * This interface was referenced by `RunResult`'s JSON-Schema
 * via the `definition` "milliseconds".
 */
export type Milliseconds = number;
/**
 * This interface was referenced by `RunResult`'s JSON-Schema
 * via the `definition` "count".
 */
export type Count = number;
/**
 * This interface was referenced by `RunResult`'s JSON-Schema
 * via the `definition` "headers".
 */
export type Headers = {
  key: string;
  value: string;
}[];

/**
 * One run as `kontrak run --reporters json` and `kontrak merge` write it (docs/results-json.md). Within version 1 fields are only ever added, so a reader accepts keys it does not know; kontrak's own tests hold its writer to exactly the keys named here.
 */
export interface RunResult {
  /**
   * The shape version.
   */
  kontrak: 1;
  /**
   * The environment run against; a merge of several lists them (`mock, sandbox`).
   */
  environment: string;
  /**
   * ISO 8601, UTC.
   */
  startedAt: string;
  durationMs: Milliseconds;
  /**
   * The commit tested (GITHUB_SHA or git HEAD).
   */
  commit?: string;
  /**
   * Set when a signal stopped the run: nothing was sent after it, the requests in flight were finished, and the reports hold only what ran.
   */
  interrupted?: {
    signal: 'SIGINT' | 'SIGTERM';
  };
  totals: Totals;
  coverage?: Coverage;
  suites: Suite[];
}
/**
 * Requests (exchanges) and checks of the whole run; a request passes when every check of it passes.
 *
 * This interface was referenced by `RunResult`'s JSON-Schema
 * via the `definition` "totals".
 */
export interface Totals {
  suites: Count;
  requests: Count;
  passedRequests: Count;
  failedRequests: Count;
  flakyRequests: Count;
  checks: Count;
  failedChecks: Count;
}
/**
 * The SNAP coverage matrix, when a request called a catalogue service.
 *
 * This interface was referenced by `RunResult`'s JSON-Schema
 * via the `definition` "coverage".
 */
export interface Coverage {
  catalogue: Count;
  tested: Count;
  /**
   * Providers that called at least one service, sorted.
   */
  providers: string[];
  services: {
    code: string;
    name: string;
    providers: {
      [k: string]: CoverageCell;
    };
  }[];
}
/**
 * This interface was referenced by `RunResult`'s JSON-Schema
 * via the `definition` "coverageCell".
 */
export interface CoverageCell {
  passed: Count;
  failed: Count;
}
/**
 * This interface was referenced by `RunResult`'s JSON-Schema
 * via the `definition` "suite".
 */
export interface Suite {
  name: string;
  provider: string;
  file: string;
  durationMs: Milliseconds;
  passed: Count;
  failed: Count;
  /**
   * In the order the suite defines its requests.
   */
  exchanges: Exchange[];
}
/**
 * One request and what came back.
 *
 * This interface was referenced by `RunResult`'s JSON-Schema
 * via the `definition` "exchange".
 */
export interface Exchange {
  /**
   * Stable: <suite>/<index>-<slug>.
   */
  requestId: string;
  name: string;
  /**
   * The SNAP catalogue code of the service the request calls.
   */
  service?: string;
  /**
   * A deliberately broken request expecting a rejection.
   */
  negative: boolean;
  /**
   * The certification scenario in the banks' wording (certification evidence).
   */
  scenario?: string;
  /**
   * For a derived negative: which kind, and which field it breaks.
   */
  negativeCase?: {
    kind: string;
    field?: string;
  };
  /**
   * What the case expected.
   */
  expected?: {
    status: number;
    responseCode?: string;
  };
  passed: boolean;
  /**
   * Passed only after a retry: not a plain pass.
   */
  flaky?: boolean;
  /**
   * How a failed exchange failed, for triage.
   */
  failureClass?:
    | 'transport'
    | 'auth'
    | 'contract'
    | 'infrastructure'
    | 'redirect'
    | 'response-too-large'
    | 'unreadable-response';
  /**
   * Where the request is defined.
   */
  source: {
    file: string;
    line: number;
    column: number;
  };
  /**
   * Earlier attempts, oldest first, when the request was retried; the exchange itself is the last.
   */
  attempts?: Attempt[];
  request: Request;
  /**
   * Redirects followed before the response, in order (same-origin only).
   */
  redirects?: {
    status: number;
    from: string;
    to: string;
  }[];
  response?: Response;
  /**
   * Transport error, or why the signer refused to send, when there is no response.
   */
  error?: string;
  signing?: Signing;
  /**
   * The mock bank's explanation of a rejection (X-Kontrak-Diagnosis).
   */
  diagnosis?: string;
  /**
   * One per check, in the order they ran.
   */
  checks: Check[];
}
/**
 * This interface was referenced by `RunResult`'s JSON-Schema
 * via the `definition` "attempt".
 */
export interface Attempt {
  /**
   * Why it was sent again.
   */
  cause: 'transport' | '5xx' | '429';
  status?: number;
  /**
   * Transport error, when there was no response.
   */
  error?: string;
  timeMs?: Milliseconds;
  /**
   * A retry carries the same external id.
   */
  externalId?: string;
  waitMs: Milliseconds;
}
/**
 * As sent, every secret masked; a body past 16 KiB is cut (truncated, bodyBytes the real size).
 *
 * This interface was referenced by `RunResult`'s JSON-Schema
 * via the `definition` "request".
 */
export interface Request {
  method: string;
  url: string;
  /**
   * The last 4 characters of the bearer token sent (the token itself is masked).
   */
  bearerTail?: string;
  headers: Headers;
  body: string;
  bodyBytes: Count;
  truncated: boolean;
}
/**
 * Absent when nothing came back (see error).
 *
 * This interface was referenced by `RunResult`'s JSON-Schema
 * via the `definition` "response".
 */
export interface Response {
  status: number;
  /**
   * The reason phrase of the status line.
   */
  statusText?: string;
  timeMs: Milliseconds;
  headers: Headers;
  body: string;
  bodyBytes: Count;
  truncated: boolean;
  shape?: Shape;
}
/**
 * What the response looked like, never what it said: compared across runs by kontrak diff.
 *
 * This interface was referenced by `RunResult`'s JSON-Schema
 * via the `definition` "shape".
 */
export interface Shape {
  /**
   * JSON path → type (string, number, boolean, null, object, array; joined with | when elements differ). Absent when the body is not JSON.
   */
  fields?: {
    [k: string]: string;
  };
  /**
   * Paths missing from some elements of an enclosing array.
   */
  optional?: string[];
  /**
   * Response header names, lower case, sorted.
   */
  headers: string[];
  /**
   * SNAP responseCode or BRI status.code.
   */
  responseCode?: string;
}
/**
 * Only for signed requests.
 *
 * This interface was referenced by `RunResult`'s JSON-Schema
 * via the `definition` "signing".
 */
export interface Signing {
  scheme: string;
  /**
   * What the signer signed, secrets masked.
   */
  stringToSign?: string;
  /**
   * What the mock bank expected, when it rejected the signature (mock only).
   */
  expectedStringToSign?: string;
}
/**
 * This interface was referenced by `RunResult`'s JSON-Schema
 * via the `definition` "check".
 */
export interface Check {
  /**
   * Short stable name: status, responseCode, schema, transport…
   */
  name: string;
  passed: boolean;
  message: string;
  violations?: Violation[];
}
/**
 * One JSON Schema violation of a response.
 *
 * This interface was referenced by `RunResult`'s JSON-Schema
 * via the `definition` "violation".
 */
export interface Violation {
  /**
   * JSON Pointer into the response body ("" for the root).
   */
  pointer: string;
  /**
   * The schema keyword that failed.
   */
  rule: string;
  message: string;
  /**
   * The offending value.
   */
  value?: unknown;
}
