/**
 * The HTML report's view model: everything the templates show, precomputed from a `RunResult`
 * so the templates need no helpers (only `if`/`each`/`with`). Internal to `src/report/`.
 */
import { curlCommand } from './curl.ts';
import type {
  CheckResult,
  ExchangeResult,
  HttpMessage,
  RunResult,
  SigningRecord,
  SuiteResult,
} from '../model/results.ts';
import { attemptText, diffStrings, formatDuration, type DiffParts } from './_format.ts';
import { formatPointer, formatValue } from '../schemas/violations.ts';
import { chartView, driftView, type ChartView, type DriftView } from './_html-baseline.ts';
import type { BaselineComparison } from './baseline.ts';
import { exchangeCause } from './cause.ts';

/** Headers and body of one side of an exchange, ready to print. */
export interface MessageView {
  headers: string;
  body: string;
  /** `truncated, N bytes` when the producer cut the body, else null. */
  truncated: string | null;
}

export interface CheckView {
  name: string;
  passed: boolean;
  message: string;
  violations: Array<{ pointer: string; rule: string; message: string; value: string }> | null;
}

export interface SigningView {
  scheme: string;
  /** Shown alone when there is nothing to compare it with. */
  sent: string | null;
  /** Shown alone when the mock's expectation exists but the sent string is unknown. */
  expected: string | null;
  /** Present when both strings are known. */
  compare: { same: boolean; sent: DiffParts; expected: DiffParts; note: string } | null;
}

export interface ExchangeView {
  id: string;
  passed: boolean;
  status: 'passed' | 'failed';
  name: string;
  negative: boolean;
  method: string;
  url: string;
  statusText: string;
  statusClass: string;
  time: string;
  source: string;
  failureClass: string | null;
  /** A failure's cause in one line, shown first: the bank's answer and the mock's diagnosis. */
  cause: string | null;
  /** Transport error, or why the request was never sent (prefixed with what it is). */
  error: string | null;
  request: MessageView;
  /** The request as a curl command (masked as recorded). */
  curl: string;
  response: (MessageView & { status: string }) | null;
  checks: CheckView[];
  signing: SigningView | null;
  /** Passed only after a retry. */
  flaky: boolean;
  /** Earlier attempts of a retried request, in words. */
  attempts: string[] | null;
  /** Set by html.ts for passed exchanges: their expanded view lives in the suite's packed list. */
  packed: { index: number } | null;
  /**
   * A plain pass carries only its summary line here, and the result its expanded view is rendered
   * from, once, when html.ts packs it: 10,000 full views at once are ~40 MB of text.
   */
  result: ExchangeResult | null;
}

export interface SuiteView {
  id: string;
  name: string;
  provider: string;
  file: string;
  passed: number;
  failed: number;
  requests: number;
  duration: string;
  exchanges: ExchangeView[];
  /**
   * Set by html.ts: the passed exchanges' expanded HTML, as deflated JSON lists in base64, in
   * blocks; `from` is the packed index of a block's first exchange.
   */
  packed: Array<{ from: number; data: string }> | null;
  /** With a baseline: response times then and now. */
  chart: ChartView | null;
}

export interface FailureView {
  id: string;
  suite: string;
  name: string;
  failureClass: string | null;
  reason: string;
}

export interface ReportView {
  environment: string;
  commit: string | null;
  startedAt: string;
  duration: string;
  verdict: 'PASSED' | 'FAILED' | 'INTERRUPTED';
  status: 'passed' | 'failed';
  totals: RunResult['totals'];
  suites: SuiteView[];
  failures: FailureView[];
  failureCount: number;
  /** With a baseline that the responses drifted from: shown first. */
  drift: DriftView | null;
  /** With a baseline and no drift: one line in the summary. */
  noDrift: string | null;
}

/** Builds the view: failed exchanges first within each suite, stable ids `s<n>` / `e<n>`. */
export function buildView(result: RunResult, baseline?: BaselineComparison): ReportView {
  let next = 0;
  const failures: FailureView[] = [];
  const suites = result.suites.map((suite, s): SuiteView => {
    // Failures first, then passes that needed a retry, then plain passes.
    const ordered = [
      ...suite.exchanges.filter((x) => !x.passed),
      ...suite.exchanges.filter((x) => x.passed && x.flaky),
      ...suite.exchanges.filter((x) => x.passed && !x.flaky),
    ];
    const exchanges = ordered.map((x) =>
      x.passed && !x.flaky
        ? summaryView(x, `e${next++}`, suite.file)
        : exchangeView(x, `e${next++}`, suite.file),
    );
    for (const view of exchanges) {
      if (view.passed) continue;
      failures.push({
        id: view.id,
        suite: suite.name,
        name: view.name,
        failureClass: view.failureClass,
        reason: failureReason(view),
      });
    }
    return { ...suiteView(suite, `s${s}`, exchanges), chart: baseline ? chartView(baseline, suite) : null };
  });
  const suiteIds = new Map(suites.map((s) => [s.name, s.id]));
  const drift = baseline?.drift.requests.length ? driftView(baseline, suiteIds) : null;
  const failed = result.totals.failedRequests > 0 || result.totals.failedChecks > 0 || failures.length > 0;
  return {
    environment: result.environment,
    commit: result.commit ?? null,
    startedAt: result.startedAt,
    duration: formatDuration(result.durationMs),
    // An interrupted run is never reported as passed: part of it never ran.
    verdict: result.interrupted ? 'INTERRUPTED' : failed ? 'FAILED' : 'PASSED',
    status: failed || result.interrupted ? 'failed' : 'passed',
    totals: result.totals,
    suites,
    failures,
    failureCount: failures.length,
    drift,
    noDrift:
      baseline && !drift
        ? `no change since the baseline ${baseline.label} (${baseline.drift.compared} requests compared)`
        : null,
  };
}

function suiteView(suite: SuiteResult, id: string, exchanges: ExchangeView[]): SuiteView {
  return {
    id,
    name: suite.name,
    provider: suite.provider,
    file: suite.file,
    passed: suite.passed,
    failed: suite.failed,
    requests: suite.exchanges.length,
    duration: formatDuration(suite.durationMs),
    exchanges,
    packed: null,
    chart: null,
  };
}

/** A plain pass before html.ts packs it: the summary line and the result to expand. */
function summaryView(x: ExchangeResult, id: string, suiteFile: string): ExchangeView {
  const { signing: _unshown, ...rest } = x;
  const res = x.response;
  return {
    ...exchangeView(
      {
        ...rest,
        request: { ...x.request, headers: [], body: '' },
        ...(res ? { response: { ...res, headers: [], body: '' } } : {}),
        checks: [],
      },
      id,
      suiteFile,
    ),
    result: x,
  };
}

/** Everything an exchange shows, expanded. */
export function exchangeView(x: ExchangeResult, id: string, suiteFile: string): ExchangeView {
  const res = x.response;
  const statusText = res ? String(res.status) : x.error ? 'error' : 'no response';
  const statusClass = res ? `s${String(res.status).charAt(0)}` : 's0';
  const time = res ? formatDuration(res.timeMs) : '';
  return {
    id,
    passed: x.passed,
    status: x.passed ? 'passed' : 'failed',
    name: x.name,
    negative: x.negative,
    method: x.request.method,
    url: x.request.url,
    statusText,
    statusClass,
    time,
    source: sourceText(x.source, suiteFile),
    failureClass: x.failureClass ?? null,
    // A transport error is its own first line.
    cause: x.error !== undefined && !res ? null : (exchangeCause(x) ?? null),
    error: x.error === undefined ? null : errorText(x),
    request: messageView(x.request),
    curl: curlCommand(x.request),
    response: res ? { ...messageView(res), status: statusText } : null,
    checks: x.checks.map(checkView),
    signing: x.signing ? signingView(x.signing) : null,
    flaky: x.flaky === true,
    attempts: x.attempts?.length ? x.attempts.map((a, i) => `attempt ${i + 1}: ${attemptText(a)}`) : null,
    packed: null,
    result: null,
  };
}

/** The suite header names the file; an exchange from that same file only needs `va.yaml:10:5`. */
function sourceText(source: ExchangeResult['source'], suiteFile: string): string {
  const file = source.file === suiteFile ? source.file.slice(source.file.lastIndexOf('/') + 1) : source.file;
  return `${file}:${source.line}:${source.column}`;
}

function messageView(m: HttpMessage): MessageView {
  return {
    headers: m.headers.map((h) => `${h.key}: ${h.value}`).join('\n'),
    body: m.body,
    truncated: m.truncated ? `truncated, ${m.bodyBytes} bytes` : null,
  };
}

function checkView(c: CheckResult): CheckView {
  const violations = c.violations?.length
    ? c.violations.map((v) => ({
        pointer: formatPointer(v.pointer),
        rule: v.rule,
        message: v.message,
        value: formatValue(v.value),
      }))
    : null;
  return { name: c.name, passed: c.passed, message: c.message, violations };
}

function signingView(s: SigningRecord): SigningView {
  const sent = s.stringToSign;
  const expected = s.expectedStringToSign;
  if (sent === undefined || expected === undefined) {
    return { scheme: s.scheme, sent: sent ?? null, expected: expected ?? null, compare: null };
  }
  const d = diffStrings(sent, expected);
  const note =
    d.index < 0
      ? 'identical to what the mock expected'
      : `first difference at character ${d.index + 1}: sent ${d.sent.describe}, expected ${d.expected.describe}`;
  return {
    scheme: s.scheme,
    sent: null,
    expected: null,
    compare: { same: d.index < 0, sent: d.sent, expected: d.expected, note },
  };
}

/** A transport error says so; a request the signer refused says "not sent: …" by itself. */
function errorText(x: ExchangeResult): string {
  const error = x.error ?? '';
  return /^not sent/i.test(error)
    ? error.charAt(0).toUpperCase() + error.slice(1)
    : `Transport error: ${error}`;
}

function failureReason(x: ExchangeView): string {
  if (x.cause) return x.cause;
  if (x.error) return x.error.charAt(0).toLowerCase() + x.error.slice(1);
  const check = x.checks.find((c) => !c.passed);
  return check ? `${check.name}: ${check.message}` : 'failed';
}
