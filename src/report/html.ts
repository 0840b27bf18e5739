/**
 * The HTML report: one self-contained page (inline CSS and a few lines of JS, no network) that
 * says why each call failed. Pure: `RunResult` in, string out; the CLI writes the file.
 *
 * Failed exchanges are written out in full and open. Passed ones are a one-line `<summary>`; what
 * they show when expanded is rendered by the same templates, deflated per suite into an inert
 * `<template data-suite>` (base64 text, so no DOM; a `<script>` data block instead stalls the
 * parser: +1.2 s at 100 suites) and unpacked by the page's script on first expand. A real SNAP
 * exchange (15 request headers, a signature, 400-byte bodies) costs ~2.3 KB in full and ~0.5 KB
 * packed, and chromium opens 10,000 of them in under a second (bench/report.bench.ts).
 *
 * Templates live in `./templates/*.hbs` and are read once at module load. They use only the
 * built-in block helpers and double-stash (escaping) expressions; the view model in
 * `_html-view.ts` precomputes everything else.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import Handlebars from 'handlebars';
import type { RunResult } from '../model/results.ts';
import { buildView, exchangeView, type ReportView } from './_html-view.ts';
import type { BaselineComparison } from './baseline.ts';
import { coverageView } from './coverage-html.ts';
import { findingsOf } from '../check/findings.ts';

const hbs = Handlebars.create();

/**
 * `{{text x}}`, for element content only: escapes `&`, `<` and `>`. Handlebars' own `{{x}}` also
 * turns every `"` into `&quot;`, which grows a JSON body by a third; bodies, headers and strings
 * to sign are the bulk of a report, and text content needs no quote escaping. Every other value
 * uses plain `{{x}}`, and a test checks `{{text}}` never appears inside a tag (an attribute).
 */
export function escapeText(value: string): string {
  return value.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}
hbs.registerHelper('text', (value: unknown) => new hbs.SafeString(escapeText(String(value ?? ''))));

// strict: a typo in a template throws in tests instead of rendering nothing.
// knownHelpersOnly: only the built-in block helpers and `text` exist.
// preventIndent: an indented partial call must never re-indent the lines of a body in <pre>.
const compileOptions = {
  strict: true,
  knownHelpers: { text: true },
  knownHelpersOnly: true,
  preventIndent: true,
} as const;

function readTemplate(name: string): string {
  // LF only: a CRLF checkout would otherwise change the bytes the CSP hashes cover.
  return readFileSync(new URL(`./templates/${name}.hbs`, import.meta.url), 'utf8').replace(/\r\n/g, '\n');
}

/** Renders a static partial once, so the CSP hash is taken over exactly the bytes emitted. */
function staticPartial(name: string): string {
  const text = hbs.compile(readTemplate(name).trim(), compileOptions)({});
  hbs.registerPartial(name, text);
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

const styleHash = staticPartial('style');
const scriptHash = staticPartial('script');
hbs.registerPartial('message', hbs.compile(readTemplate('message'), compileOptions));
const exchangeBody = hbs.compile(readTemplate('exchange-body'), compileOptions);
hbs.registerPartial('exchange-body', exchangeBody);
hbs.registerPartial('exchange', hbs.compile(readTemplate('exchange'), compileOptions));
hbs.registerPartial('coverage', hbs.compile(readTemplate('coverage'), compileOptions));
const page = hbs.compile(readTemplate('report'), compileOptions);
const suiteOpen = hbs.compile(readTemplate('suite-open'), compileOptions);
const suiteBlock = hbs.compile(readTemplate('suite-block'), compileOptions);
/** Where report.hbs puts the suites' sections: the page is written up to here, then suite by suite. */
const SUITES_MARKER = '<!--kontrak:suites-->\n';

/**
 * The page's Content-Security-Policy: nothing may load from anywhere, and only our own inline
 * style and script (by hash) may run, so even a failure of escaping could not execute data.
 */
export const REPORT_CSP = [
  "default-src 'none'",
  `style-src ${styleHash}`,
  `script-src ${scriptHash}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Renders a run as one self-contained HTML page.
 *
 * Browser-test hooks: `data-testid="summary"` (with `data-requests`, `data-failed`),
 * `data-testid="failures"` (with `data-count`), and one `data-testid="exchange"` per request
 * with `data-status="passed|failed"` (and `data-packed="<n>"` while a passed one is still packed).
 * Failed exchanges come first within each suite and are open by default. With a baseline that the
 * responses drifted from, `data-testid="drift"` (with `data-count`) comes before the failures,
 * one `data-testid="drift-request"` per changed request; each suite with response times on both
 * sides has a `data-testid="times"` chart.
 */
export function renderHtml(result: RunResult, baseline?: BaselineComparison): string {
  return [...htmlChunks(result, baseline)].join('');
}

/**
 * The same page, written as it is made: the summary, drift, coverage and failures, then each
 * suite in blocks of `PACK_BLOCK` exchanges (their summary lines, then their packed details), then
 * the end of the page. No more than one block's markup exists at once, whatever the run's size.
 */
export function* htmlChunks(result: RunResult, baseline?: BaselineComparison): Generator<string> {
  for (const chunk of pageChunks(result, baseline)) yield inertControls(chunk);
}

/**
 * C0 controls but tab, LF and CR, and DEL. kontrak's markup has none, so any in the page came from
 * a server or a YAML file (escape codes, a NUL), wherever it was put: text, attribute or packed
 * details.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Controls written out as `\x1b`, as on the console: the reader sees what was sent, nothing acts on it. */
export function inertControls(html: string): string {
  return html.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function* pageChunks(result: RunResult, baseline?: BaselineComparison): Generator<string> {
  const view = buildView(result, baseline);
  const sections = view.suites;
  const text = page({
    ...view,
    // Findings (a partner accepted what it must refuse) come before everything else.
    findings: findingsOf(result.suites),
    csp: REPORT_CSP,
    coverage: coverageView(result.coverage),
  });
  const at = text.indexOf(SUITES_MARKER);
  if (at < 0) throw new Error('report.hbs has lost its suites marker');
  yield text.slice(0, at);
  const tail = text.slice(at + SUITES_MARKER.length);
  for (const suite of sections) {
    yield suiteOpen(suite);
    yield* suiteBlocks(suite);
    yield '</section>\n';
    suite.exchanges = []; // written: let the views go
  }
  yield tail;
}

/** Passed exchanges per packed block (a `<template data-suite data-from>`), and exchanges per written block. */
const PACK_BLOCK = 1000;

/**
 * A suite's exchanges, `PACK_BLOCK` at a time: each passed one's expanded view moves into the
 * block's packed list (see the top of this file), then the block is rendered and let go.
 */
function* suiteBlocks(suite: ReportView['suites'][number]): Generator<string> {
  let packedSoFar = 0;
  for (let start = 0; start < suite.exchanges.length; start += PACK_BLOCK) {
    const exchanges = suite.exchanges.slice(start, start + PACK_BLOCK);
    const bodies: string[] = [];
    for (const x of exchanges) {
      if (!x.passed || x.flaky) continue; // failures and flaky passes stay inline, to be seen
      x.packed = { index: packedSoFar + bodies.length };
      bodies.push(exchangeBody(x.result ? exchangeView(x.result, x.id, suite.file) : x));
      x.result = null;
    }
    const packed = bodies.length ? { from: packedSoFar, data: packList(bodies) } : null;
    packedSoFar += bodies.length;
    yield suiteBlock({ exchanges, packed, suiteId: suite.id });
  }
}

/** base64(deflate-raw(JSON)): what `DecompressionStream('deflate-raw')` in the page reads back. */
function packList(list: string[]): string {
  return deflateRawSync(Buffer.from(JSON.stringify(list), 'utf8'), { level: 9 }).toString('base64');
}
