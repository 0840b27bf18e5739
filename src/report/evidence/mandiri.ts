/**
 * Mandiri's sandbox evidence: a landscape document of No, Test Case, Request (full URL, headers,
 * body) and Response, one exchange per block, a block never cut across pages. Printed to PDF
 * when a Chromium is at hand (KONTRAK_CHROMIUM, else /usr/bin/chromium).
 */
import type { RunResult } from '../../model/results.ts';
import { evidenceHeaders } from './curl.ts';
import { escapeHtml, page, ROW_END, rowStart } from './html.ts';
import { partnerLabel, testDate, type EvidenceMeta } from './meta.ts';
import type { EvidenceRow } from './rows.ts';

const STYLE = `@page{size:A4 landscape;margin:12mm}body{font:12px system-ui,sans-serif}
.block{break-inside:avoid;page-break-inside:avoid;border:1px solid #888;margin:0 0 10px}
.block table{width:100%;border-collapse:collapse;table-layout:fixed}
.block th,.block td{border:1px solid #ccc;padding:4px;vertical-align:top;text-align:left}
.block th{background:#eee}.no{width:4%}.case{width:18%}
pre{white-space:pre-wrap;word-break:break-all;margin:0;font:10px ui-monospace,monospace}
.Passed{color:#060}.Not{color:#a00}`;

function requestText(row: EvidenceRow): string {
  const r = row.exchange.request;
  const headers = evidenceHeaders(r)
    .map((h) => `${h.key}: ${h.value}`)
    .join('\n');
  return `${r.method} ${r.url}\n${headers}\n\n${r.body}`;
}

export function mandiriHtml(run: RunResult, rows: readonly EvidenceRow[], meta: EvidenceMeta): string {
  const blocks = rows.map((row, i) => {
    const result = `<span class="${row.result === 'Passed' ? 'Passed' : 'Not'}">${row.result}</span>`;
    return `${rowStart(String(i + 1))}<section class="block"><table><thead><tr><th class="no">No</th><th class="case">Test Case</th><th>Request</th><th>Response</th></tr></thead>
<tbody><tr><td>${i + 1}</td><td>${escapeHtml(`${row.sheet} — ${row.scenario}`)}<br><br>${escapeHtml(row.expectedResult)}<br>${result}${row.notes ? `<pre>${escapeHtml(row.notes)}</pre>` : ''}</td>
<td><pre>${escapeHtml(requestText(row))}</pre></td><td><pre>${escapeHtml(row.response)}</pre></td></tr></tbody></table></section>${ROW_END}`;
  });
  return page(
    'API sandbox test case evidence',
    STYLE,
    `<h1>Test Case Document — API Sandbox</h1>
<p>Partner: ${escapeHtml(partnerLabel(meta))} · Test date: ${testDate(run)} · Environment: ${escapeHtml(run.environment)}</p>
${blocks.join('\n')}`,
  );
}
