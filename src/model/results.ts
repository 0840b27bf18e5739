/**
 * Results of a run: the hand-off from run/check to report and merge. `results.json` is exactly a
 * serialised `RunResult` (shape version 1), and schemas/results.schema.json is its one home: these
 * names are the types generated from it (results.generated.ts), as the rest of kontrak calls them.
 */
import type * as Results from './results.generated.ts';

export type { RunResult } from './results.generated.ts';

/** One JSON Schema violation: where in the response, which rule, and the offending value. */
export type SchemaViolation = Results.Violation;
export type CheckResult = Results.Check;
/**
 * How a failed exchange failed, for triage. `redirect`: the server sent the request elsewhere
 * (a cross-origin redirect is never followed); `response-too-large`: the decoded body passed
 * --max-response-bytes and was not read further; `unreadable-response`: something answered, but
 * not in HTTP (no status line, a malformed one).
 */
export type FailureClass = NonNullable<Results.Exchange['failureClass']>;
/** A redirect that was followed (same origin only). */
export type FollowedRedirect = NonNullable<Results.Exchange['redirects']>[number];
/** What a request and a response both record: headers and a body, possibly truncated. */
export type HttpMessage = Pick<Results.Request, 'headers' | 'body' | 'bodyBytes' | 'truncated'>;
export type ExchangeRequest = Results.Request;
export type ExchangeResponse = Results.Response;
/**
 * A response's shape (docs/results-json.md): types and names only, never a value. Paths are
 * `$` (the body), `$.a.b`, `$.list[]` (every element), `$.list[].id`, `$["odd key"]`.
 */
export type ResponseShape = Results.Shape;
export type SigningRecord = Results.Signing;
/** An attempt that failed and was sent again (`retry:`); the exchange itself is the last attempt. */
export type RetriedAttempt = Results.Attempt;
export type ExchangeResult = Results.Exchange;
export type SuiteResult = Results.Suite;
export type RunTotals = Results.Totals;
/** One provider's result for one service: requests of that service that passed and failed. */
export type CoverageCell = Results.CoverageCell;
/** Which SNAP catalogue services a run tested, per provider (catalogue/snap-services.json). */
export type Coverage = Results.Coverage;
