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
import { toText } from '../to-text.ts';

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
hbs.registerHelper('text', (value: unknown) => new hbs.SafeString(escapeText(toText(value ?? ''))));

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
const page = hbs.compile(readTemplate('report'), compileOptions);

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
 * Failed exchanges come first within each suite and are open by default.
 */
export function renderHtml(result: RunResult): string {
  return page({ ...pack(buildView(result)), csp: REPORT_CSP });
}

/** Passed exchanges per packed block (a `<template data-suite data-from>`). */
const PACK_BLOCK = 1000;

/** Moves each passed exchange's expanded view into its suite's packed list (see the top of this file). */
function pack(view: ReportView): ReportView {
  for (const suite of view.suites) {
    const bodies: string[] = [];
    for (const x of suite.exchanges) {
      if (!x.passed || x.flaky) continue; // failures and flaky passes stay inline, to be seen
      x.packed = { index: bodies.length };
      bodies.push(exchangeBody(x.result ? exchangeView(x.result, x.id, suite.file) : x));
      x.result = null;
    }
    // In blocks: one deflate of a 10,000-exchange suite would hold ~50 MB of text and buffers at once.
    const blocks: Array<{ from: number; data: string }> = [];
    for (let from = 0; from < bodies.length; from += PACK_BLOCK)
      blocks.push({ from, data: packList(bodies.slice(from, from + PACK_BLOCK)) });
    if (blocks.length) suite.packed = blocks;
  }
  return view;
}

/** base64(deflate-raw(JSON)): what `DecompressionStream('deflate-raw')` in the page reads back. */
function packList(list: string[]): string {
  return deflateRawSync(Buffer.from(JSON.stringify(list), 'utf8'), { level: 9 }).toString('base64');
}
