/**
 * Control characters from a server or a YAML file in the reports: junit.xml stays well-formed
 * XML 1.0, and index.html keeps them inert and visible (`\x1b`), wherever they were put.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { sampleRun } from './_fixtures.ts';
import { findAll, parseXml } from './_xml.ts';

/** Clears the line, returns the carriage, prints a green PASS; a bell, a NUL, a backspace, DEL and markup. */
const HOSTILE = '\u001b[2K\r\u001b[32mPASS\u001b[0m <b>bold</b> \u0007\u0000\u0008\u007f';

// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** What XML 1.0 cannot carry (DEL it can). */
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
/** A character reference to a control XML 1.0 forbids even as a reference. */
const CONTROL_REFERENCE = /&#(x0*([0-8bcef]|1[0-9a-f])|0*([0-8]|1[124-9]|2[0-9]|3[01]));/i;

/** The sample run with hostile text in every place a server or a YAML file can put it. */
function hostileRun(): RunResult {
  const run = sampleRun();
  run.suites[0]!.name = `suite ${HOSTILE}`;
  for (const x of run.suites.flatMap((s) => s.exchanges)) {
    x.name = `name ${HOSTILE}`;
    x.request.url = `http://127.0.0.1:4010/p?q=${HOSTILE}`;
    x.request.headers.push({ key: 'X-Note', value: `request ${HOSTILE}` });
    if (x.response) {
      x.response.headers.push({ key: 'X-Server', value: `header ${HOSTILE}` });
      x.response.body = `body ${HOSTILE}`;
    }
    x.checks.push({ name: 'responseCode', passed: false, message: `got "${HOSTILE}"` });
    x.passed = false;
  }
  run.suites[1]!.exchanges[0]!.error = `socket ${HOSTILE}`;
  return run;
}

describe('control characters in the reports', () => {
  it('junit.xml is well-formed XML 1.0: no raw control and no reference to one', () => {
    const xml = renderJunit(hostileRun());
    expect(xml).not.toMatch(XML_FORBIDDEN);
    expect(xml).not.toMatch(CONTROL_REFERENCE);
    const root = parseXml(xml); // strict: throws on a forbidden character or stray markup
    const messages = findAll(root, 'failure').map((f) => f.attrs.message ?? '');
    expect(messages.some((m) => m.includes('[32mPASS') && m.includes('<b>bold</b>'))).toBe(true);
  });

  it('index.html shows them as \\x1b escapes, never raw, and its markup stays its own', () => {
    const html = renderHtml(hostileRun());
    expect(html).not.toMatch(RAW_CONTROL);
    expect(html).toContain('\\x1b[32mPASS\\x1b[0m');
    expect(html).toContain('\\x07\\x00\\x08\\x7f');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });
});
