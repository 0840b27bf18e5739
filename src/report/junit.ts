/**
 * The JUnit report (`junit.xml`) for CI: one `<testsuite>` per suite, one `<testcase>` per check,
 * `classname="<suite>.<request name>"`. A transport error becomes a failing testcase named
 * `transport`. A request that passed only after a retry carries Surefire's `<flakyFailure>` per
 * failed attempt (Jenkins shows it as flaky). Times are in seconds. Pure: `RunResult` in, string out.
 */
import type { CheckResult, ExchangeResult, RunResult, SuiteResult } from '../model/results.ts';
import { attemptText, diffStrings } from './_format.ts';
import { formatPointer, formatValue } from '../schemas/violations.ts';
import { driftLines, type BaselineComparison } from './baseline.ts';
import { must } from '../must.ts';

interface Failure {
  message: string;
  type: string;
  details: string;
}

interface TestCase {
  classname: string;
  name: string;
  seconds: number;
  file: string;
  failure: Failure | null;
  /** Failed attempts of a request that passed on a retry. */
  flaky?: Failure[];
  /** Testcase properties: what changed since the baseline (`drift`), one per change. */
  properties?: Array<[string, string]>;
}

/** Renders a run as JUnit XML (the de-facto Jenkins/GitLab/GitHub schema). */
export function renderJunit(result: RunResult, baseline?: BaselineComparison): string {
  return [...junitChunks(result, baseline)].join('');
}

/**
 * The same text as `renderJunit`, a few lines at a time. The counts the enclosing elements carry
 * come from a first pass, so no more than one exchange's testcases exist at once.
 */
export function* junitChunks(result: RunResult, baseline?: BaselineComparison): Generator<string> {
  const drifted = new Map(baseline?.drift.requests.map((d) => [`${d.suite}\u0000${d.requestId}`, d]));
  const counts = result.suites.map((suite) => {
    let tests = 0;
    let failures = 0;
    for (const x of suite.exchanges) {
      const cases = testCases(suite, x);
      tests += cases.length;
      failures += countFailures(cases);
    }
    return { tests, failures };
  });
  const tests = counts.reduce((n, c) => n + c.tests, 0);
  const failures = counts.reduce((n, c) => n + c.failures, 0);
  yield (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="kontrak" tests="${tests}" failures="${failures}" errors="0" time="${seconds(result.durationMs / 1000)}">\n`
  );
  for (const [i, suite] of result.suites.entries()) {
    yield suiteOpen(result, suite, must(counts[i], 'suite counts'), baseline).join('\n') + '\n';
    for (const x of suite.exchanges) {
      const cases = testCases(suite, x);
      const drift = drifted.get(`${suite.name}\u0000${x.requestId}`);
      if (drift && cases[0]) cases[0].properties = driftLines(drift).map((line) => ['drift', line]);
      yield cases.flatMap(caseXml).join('\n') + '\n';
    }
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

function suiteOpen(
  result: RunResult,
  suite: SuiteResult,
  counts: { tests: number; failures: number },
  baseline: BaselineComparison | undefined,
): string[] {
  const props: Array<[string, string | undefined]> = [
    ['environment', result.environment],
    ['provider', suite.provider],
    ['file', suite.file],
    ['commit', result.commit],
    ['interrupted', result.interrupted?.signal],
  ];
  if (baseline) {
    const changed = baseline.drift.requests.filter((d) => d.suite === suite.name).length;
    props.push(
      ['baseline', baseline.label],
      ['baseline.startedAt', baseline.startedAt],
      ['baseline.commit', baseline.commit],
      ['drift.requests', String(changed)],
    );
  }
  return [
    `  <testsuite name="${attr(suite.name)}" tests="${counts.tests}" failures="${counts.failures}" errors="0" skipped="0"` +
      ` time="${seconds(suite.durationMs / 1000)}" timestamp="${attr(result.startedAt)}">`,
    '    <properties>',
    ...props
      .filter((p): p is [string, string] => p[1] !== undefined)
      .map(([name, value]) => `      <property name="${name}" value="${attr(value)}"/>`),
    '    </properties>',
  ];
}

function caseXml(c: TestCase): string[] {
  const open = `    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}" time="${seconds(c.seconds)}" file="${attr(c.file)}"`;
  if (!c.failure && !c.flaky && !c.properties?.length) return [`${open}/>`];
  const out = [`${open}>`];
  if (c.properties?.length) {
    out.push('      <properties>');
    for (const [name, value] of c.properties)
      out.push(`        <property name="${attr(name)}" value="${attr(value)}"/>`);
    out.push('      </properties>');
  }
  if (c.failure) {
    const { message, type, details } = c.failure;
    out.push(`      <failure message="${attr(message)}" type="${attr(type)}">${text(details)}</failure>`);
  }
  for (const f of c.flaky ?? []) {
    out.push(
      `      <flakyFailure message="${attr(f.message)}" type="${attr(f.type)}"><stackTrace>${text(f.details)}</stackTrace></flakyFailure>`,
    );
  }
  out.push('    </testcase>');
  return out;
}

/** The testcases of one exchange: a `transport` case first when it has an error, then one per check. */
function testCases(suite: SuiteResult, x: ExchangeResult): TestCase[] {
  const base = { classname: `${suite.name}.${x.name}`, seconds: 0, file: x.source.file };
  const type = x.failureClass ?? 'contract';
  const cases: TestCase[] = [];
  if (x.error !== undefined) {
    const transport = x.checks.find((c) => c.name === 'transport');
    const details = [transport && transport.message !== x.error ? transport.message : '', context(x)]
      .filter(Boolean)
      .join('\n');
    cases.push({
      ...base,
      name: 'transport',
      failure: { message: x.error, type: x.failureClass ?? 'transport', details },
    });
  }
  for (const c of x.checks) {
    if (x.error !== undefined && c.name === 'transport') continue; // already reported above
    cases.push({
      ...base,
      name: c.name,
      failure: c.passed ? null : { message: c.message, type, details: checkDetails(x, c) },
    });
  }
  // A failed exchange must show as a failure in CI even if no single check says why.
  if (!x.passed && !cases.some((c) => c.failure)) {
    const message = `request failed${x.failureClass ? ` (${x.failureClass})` : ''}`;
    cases.push({ ...base, name: 'exchange', failure: { message, type, details: context(x) } });
  }
  if (cases.length === 0) cases.push({ ...base, name: 'exchange', failure: null });
  const first = cases[0];
  if (first && x.response) first.seconds = x.response.timeMs / 1000;
  if (first && x.flaky)
    first.flaky = (x.attempts ?? []).map((a, i) => ({
      message: `attempt ${i + 1} of ${(x.attempts?.length ?? 0) + 1}: ${attemptText(a)}`,
      type: a.cause,
      details: context(x),
    }));
  return cases;
}

function checkDetails(x: ExchangeResult, c: CheckResult): string {
  const lines = [c.message];
  if (c.violations?.length) {
    lines.push('schema violations:');
    for (const v of c.violations) {
      const value = v.value === undefined ? '' : `  value: ${formatValue(v.value, 200)}`;
      lines.push(`  ${formatPointer(v.pointer)}  ${v.rule}: ${v.message}${value}`);
    }
  }
  lines.push(context(x));
  return lines.join('\n');
}

/** Where the failure happened: request line, response status, negative flag, signing, source. */
function context(x: ExchangeResult): string {
  const lines = [`request: ${x.request.method} ${x.request.url}`];
  lines.push(
    x.response ? `response: ${x.response.status} (${Math.round(x.response.timeMs)} ms)` : 'response: none',
  );
  if (x.negative) lines.push('negative: a deliberately broken request expecting a rejection');
  (x.attempts ?? []).forEach((a, i) => lines.push(`attempt ${i + 1}: ${attemptText(a)}`));
  const s = x.signing;
  if (s?.stringToSign !== undefined) lines.push(`string to sign (${s.scheme}): ${s.stringToSign}`);
  if (s?.expectedStringToSign !== undefined) {
    lines.push(`string to sign expected by the mock: ${s.expectedStringToSign}`);
    if (s.stringToSign !== undefined) {
      const d = diffStrings(s.stringToSign, s.expectedStringToSign);
      if (d.index >= 0)
        lines.push(
          `first difference at character ${d.index + 1}: sent ${d.sent.describe}, expected ${d.expected.describe}`,
        );
    }
  }
  lines.push(`source: ${x.source.file}:${x.source.line}:${x.source.column}`);
  return lines.join('\n');
}

function countFailures(cases: TestCase[]): number {
  return cases.filter((c) => c.failure).length;
}

function seconds(s: number): string {
  return Number.isFinite(s) && s > 0 ? s.toFixed(3) : '0.000';
}

/** Characters XML 1.0 cannot carry at all (not even as references): C0 controls, lone surrogates, U+FFFE/F. */
const INVALID_XML =
  // eslint-disable-next-line no-control-regex -- the control characters XML cannot carry are what it finds
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes element content; control characters XML cannot carry are dropped. */
export function text(value: string): string {
  return value
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** Escapes an attribute value; tabs and newlines become references so parsers keep them. */
export function attr(value: string): string {
  return text(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}
