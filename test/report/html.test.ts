import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { escapeText, REPORT_CSP, renderHtml } from '../../src/report/html.ts';
import { realisticRun, sampleRun, syntheticRun } from './_fixtures.ts';
import { packedLists, unpackHtml } from './_packed.ts';

/** The opening tags of every exchange, in document order. */
function exchanges(html: string): Array<{ id: string; status: string; index: number }> {
  return [...html.matchAll(/<details(?: id="(e\d+)")? data-testid="exchange" data-status="(\w+)"/g)].map(
    (m) => ({
      id: m[1] ?? '',
      status: m[2]!,
      index: m.index,
    }),
  );
}

function section(html: string, testid: string): string {
  const start = html.indexOf(`data-testid="${testid}"`);
  const tag = html.lastIndexOf('<', start);
  const name = /^<(\w+)/.exec(html.slice(tag))![1]!;
  return html.slice(tag, html.indexOf(`</${name}>`, start));
}

describe('report templates', () => {
  const dir = new URL('../../src/report/templates/', import.meta.url);
  const templates = readdirSync(dir).filter((f) => f.endsWith('.hbs'));

  it('never emit data unescaped: no triple-stash, and {{text}} (which keeps quotes) only in element content', () => {
    expect(templates).toEqual(
      expect.arrayContaining(['report.hbs', 'exchange.hbs', 'message.hbs', 'style.hbs', 'script.hbs']),
    );
    for (const name of templates) {
      const source = readFileSync(new URL(name, dir), 'utf8');
      expect(source, name).not.toContain('{{{');
      expect(source, name).not.toMatch(/{{&/);
      expect(source, name).not.toMatch(/<[^<>]*{{~?text /); // inside a tag = inside an attribute
    }
  });

  it('escapeText escapes the three characters that matter in element content', () => {
    expect(escapeText('a & <b> "q" \'s\'')).toBe('a &amp; &lt;b&gt; "q" \'s\'');
  });
});

describe('renderHtml', () => {
  const run = sampleRun();
  const raw = renderHtml(run);
  /** What a reader sees with every exchange expanded (passed ones unpacked as the page does). */
  const html = unpackHtml(raw);

  it('is one self-contained page: no external resource, CSP hashes match the inline style and script', () => {
    const html = raw;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/\s(src|srcset)=|<link|@import|url\(/i);
    expect(html).not.toMatch(/href="(?!#)/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(REPORT_CSP).toContain(`style-src ${sha(style)}`);
    expect(REPORT_CSP).toContain(`script-src ${sha(script)}`);
    expect(REPORT_CSP).toContain("default-src 'none'");
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]!;
    const decoded = meta.replace(/&#x([0-9A-F]+);/gi, (_m, hex: string) =>
      String.fromCodePoint(parseInt(hex, 16)),
    );
    expect(decoded).toBe(REPORT_CSP);
  });

  it('starts with a summary: environment, commit, start, duration, totals and a per-suite table', () => {
    expect(html.indexOf('data-testid="summary"')).toBeLessThan(html.indexOf('data-testid="exchange"'));
    const summary = section(html, 'summary');
    expect(summary).toContain('data-requests="7" data-failed="3"');
    expect(summary).toContain('kontrak · mock');
    expect(summary).toContain('<code>1970700abc</code>');
    expect(summary).toContain('2024-03-05T10:37:16.000Z');
    expect(summary).toContain('took 3.5 s');
    for (const [label, n] of [
      ['suites', 2],
      ['requests', 7],
      ['passed', 4],
      ['failed', 3],
      ['checks', 11],
      ['failed checks', 3],
    ] as const) {
      expect(summary).toMatch(new RegExp(`<dt>${label}</dt><dd[^>]*>${n}</dd>`));
    }
    expect(summary).toContain(
      '<tr class="failed"><td><a href="#s0">nicepay-va</a></td><td>nicepay</td><td class="n">2</td><td class="n bad">3</td><td class="n">5</td>',
    );
    expect(summary).toContain(
      '<tr><td><a href="#s1">bri-mpn</a></td><td>bri</td><td class="n">2</td><td class="n">0</td><td class="n">2</td>',
    );
  });

  it('lists failures at the top, linking to each failed exchange', () => {
    const failures = section(html, 'failures');
    expect(html.indexOf('data-testid="failures"')).toBeLessThan(html.indexOf('data-testid="exchange"'));
    const links = [...failures.matchAll(/href="#(e\d+)"/g)].map((m) => m[1]);
    const failed = exchanges(html)
      .filter((x) => x.status === 'failed')
      .map((x) => x.id);
    expect(links).toEqual(failed);
    expect(links).toHaveLength(3);
    expect(failures).toContain('transport error: connect ECONNREFUSED 127.0.0.1:4010');
    expect(failures).toContain('<i class="fc">contract</i>');
  });

  it('puts failed exchanges before passed ones within each suite', () => {
    const [first, second] = html.split('<section class="suite"').slice(1);
    expect(exchanges(first!).map((x) => x.status)).toEqual([
      'failed',
      'failed',
      'failed',
      'passed',
      'passed',
    ]);
    expect(exchanges(second!).map((x) => x.status)).toEqual(['passed', 'passed']);
    // stable: failures keep their original order (r2, r4, r5), then passes (r1, r3)
    expect(first).toMatch(
      /create VA[\s\S]*inquiry[\s\S]*negative with wrong code[\s\S]*get token[\s\S]*bad signature is rejected/,
    );
  });

  it('opens failed exchanges and leaves passed ones collapsed', () => {
    expect(html).toMatch(/data-status="failed" open>/);
    expect(html).not.toMatch(/data-status="passed" open>/);
    expect(html).toContain('id="expand-all"');
    expect(html).toContain('id="collapse-all"');
  });

  it('escapes every piece of data', () => {
    expect(raw.match(/<script/g)).toHaveLength(1); // only our own
    expect(raw.match(/<template/g)).toHaveLength(
      raw.match(/<template data-suite="s\d+" data-from="\d+">[A-Za-z0-9+/=]*<\/template>/g)!.length,
    ); // packed: base64 only
    expect(html).toContain('create VA &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html).toContain(
      '<pre>X-SIGNATURE: abc"def&lt;&gt;\n\n&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</pre>',
    );
    expect(html).toContain('create-va?q&#x3D;&lt;b&gt;&amp;x&#x3D;1');
  });

  it('shows method, URL, status, time, NEGATIVE badge, headers, bodies and truncation', () => {
    expect(html.match(/<i class="neg">NEGATIVE<\/i>/g)).toHaveLength(2);
    expect(html).toContain(
      '<summary><i class="neg">NEGATIVE</i> <b>bad signature is rejected</b> <code>POST http://127.0.0.1:4010/nicepay/api/v1.0/transfer-va/create-va</code> <b class="s4">401</b> <i>5 ms</i></summary>',
    );
    expect(html).toContain('<p class="m">truncated, 20480 bytes</p>');
    expect(html).toContain(
      '<h4>Request <i>va.yaml:10:5</i></h4><pre>Content-Type: application/json\nX-TIMESTAMP: 2024-03-05T17:37:16+07:00\n\n{"partnerServiceId":',
    );
    expect(html).toContain(
      '<h4>Response 401</h4><pre>{"responseCode":"4017300","responseMessage":"Unauthorized. Signature"}</pre>',
    );
    expect(html).toContain(
      '<h4>Response 200</h4><pre>Content-Type: application/json\n\n{"responseCode":"2002700","responseMessage":"Successful"}</pre>',
    );
    expect(html).toContain('<p class="err">Transport error: connect ECONNREFUSED 127.0.0.1:4010</p>');
    expect(html).toContain('<h4>No response</h4>');
    expect(html).toContain('<p class="m">no body</p>');
  });

  it('shows every check and schema violations as a table', () => {
    expect(html).toContain(
      '<ul><li><b>status</b> HTTP 200 as expected<li><b>responseCode</b> 2002700 matches status 200 and service 27</ul>',
    );
    expect(html).toContain(
      '<li class="ko"><b>schema</b> response does not match schemas/snap/create-va.response.json',
    );
    expect(html).toContain('<th>JSON pointer</th><th>rule</th><th>message</th><th>value</th>');
    expect(html).toContain(
      '<tr><td><code>/virtualAccountData/totalAmount/value</code></td><td>pattern</td><td>must match pattern &quot;^\\d+\\.\\d{2}$&quot;</td><td><code>&quot;10000&quot;</code></td></tr>',
    );
    expect(html).toContain(
      '<tr><td><code>(root)</code></td><td>required</td><td>must have required property &#x27;responseMessage&#x27;</td><td><code></code></td></tr>',
    );
  });

  it('shows the string to sign beside the mock’s expectation with the first difference marked', () => {
    expect(html).toContain(
      '<pre data-testid="sts-sent">POST:/api/v1.0/transfer-va/create-va:tok:ab<mark>c</mark>123:2024-03-05T17:37:16+07:00</pre>',
    );
    expect(html).toContain(
      '<pre data-testid="sts-expected">POST:/api/v1.0/transfer-va/create-va:tok:ab<mark>d</mark>123:2024-03-05T17:37:16+07:00</pre>',
    );
    expect(html).toContain(
      'first difference at character 44: sent &quot;c&quot; U+0063, expected &quot;d&quot; U+0064',
    );
    // a signed request without an expectation shows its string to sign alone
    expect(html).toContain('<h4>String to sign <i>bri-v2</i></h4><pre>path=/v1/mpn&amp;verb=POST</pre>');
  });

  it('marks the end of the shorter string and reports identical strings', () => {
    const r = sampleRun();
    const x = r.suites[0]!.exchanges[1]!;
    x.signing = { scheme: 'snap-token', stringToSign: 'key|2024', expectedStringToSign: 'key|2024\n' };
    const shorter = renderHtml(r);
    expect(shorter).toContain('<pre data-testid="sts-sent">key|2024<mark></mark></pre>');
    expect(shorter).toContain('sent end of string, expected U+000A');
    x.signing = { scheme: 'snap-token', stringToSign: 'same', expectedStringToSign: 'same' };
    expect(renderHtml(r)).toContain('<pre>same</pre><p class="m">identical to what the mock expected</p>');
  });

  it('renders a clean run with an empty failures section and no commit', () => {
    const r = syntheticRun(2);
    const clean = renderHtml(r);
    expect(section(clean, 'failures')).toContain('data-count="0"');
    expect(clean).toContain('<p class="none">No failures.</p>');
    expect(clean).toContain('data-status="passed"');
    expect(clean).not.toContain('commit <code>');
    expect(clean).toContain('<title>kontrak · mock · PASSED</title>');
  });

  it('stays under 1 MB for 1,000 passing exchanges with small bodies', () => {
    const out = renderHtml(syntheticRun(1000));
    const bytes = Buffer.byteLength(out, 'utf8');
    console.log(
      `HTML report, 1,000 small passing exchanges: ${bytes} bytes (${(bytes / 1000).toFixed(0)} B/exchange)`,
    );
    expect(bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(exchanges(out)).toHaveLength(1000);
  });

  it('packs what passed exchanges show when expanded; failed ones stay inline and open', () => {
    const [failing, passing] = raw.split('<section class="suite"').slice(1);
    expect(failing!.match(/data-status="failed" open>/g)).toHaveLength(3);
    expect(failing).toMatch(
      /<details data-testid="exchange" data-status="passed" data-packed="0"><summary><b>get token<\/b>[^]*?<\/summary><\/details>/,
    );
    expect(passing).toMatch(
      /data-packed="1"><summary><b>payment<\/b> <code>GET http:\/\/127\.0\.0\.1:4010\/v1\/mpn\/1<\/code>[^]*?<\/summary><\/details>/,
    );
    const lists = packedLists(raw);
    expect([...lists.keys()]).toEqual(['s0', 's1']);
    expect(lists.get('s0')).toHaveLength(2);
    expect(lists.get('s1')![0]).toContain(
      '<h4>String to sign <i>bri-v2</i></h4><pre>path=/v1/mpn&amp;verb=POST</pre>',
    );
    // the packed fragment is the same markup a failed exchange carries inline
    const failedRun = sampleRun();
    for (const x of failedRun.suites[1]!.exchanges) x.passed = false;
    expect(renderHtml(failedRun)).toContain(lists.get('s1')![0]);
  });

  it('keeps real SNAP exchanges (newman headers, signatures, 400-byte bodies) under 1 MB per 1,000, failures included', () => {
    const out = renderHtml(realisticRun(1000, 50));
    const bytes = Buffer.byteLength(out, 'utf8');
    const inline = Buffer.byteLength(unpackHtml(out), 'utf8');
    console.log(
      `HTML report, 1,000 real-shaped exchanges (20 failed): ${bytes} bytes (${(bytes / 1000).toFixed(0)} B/exchange); unpacked it would be ${inline} bytes`,
    );
    expect(bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(exchanges(out)).toHaveLength(1000);
    expect(out.match(/data-status="failed" open>/g)).toHaveLength(20);
  });

  it('says "Not sent" (not "Transport error") for a request the signer refused', () => {
    const r = sampleRun();
    const x = r.suites[0]!.exchanges[3]!; // "inquiry", no response
    x.error = 'not sent: kontrak: nicepay_private_key is empty';
    x.failureClass = 'auth';
    const out = renderHtml(r);
    expect(out).toContain('<p class="err">Not sent: kontrak: nicepay_private_key is empty</p>');
    expect(out).toContain(
      '<i class="fc">auth</i> <span class="m">not sent: kontrak: nicepay_private_key is empty</span>',
    );
  });
});
