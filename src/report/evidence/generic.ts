/** The generic layout: the BRI columns as CSV (RFC 4180) and as one HTML table. */
import type { RunResult } from '../../model/results.ts';
import { BRI_COLUMNS } from './bri-xlsx.ts';
import { escapeHtml, page, ROW_END, rowStart } from './html.ts';
import { partnerLabel, testDate, type EvidenceMeta } from './meta.ts';
import type { EvidenceRow } from './rows.ts';

export const CSV_COLUMNS = ['Provider', 'Sheet', ...BRI_COLUMNS] as const;

function cells(row: EvidenceRow): string[] {
  return [
    row.provider,
    row.sheet,
    String(row.no),
    row.service,
    row.scenario,
    row.expectedResult,
    row.request,
    row.response,
    row.result,
    row.notes,
  ];
}

/**
 * A spreadsheet opening the CSV runs a field starting with = + - @ tab or CR as a formula
 * (OWASP "CSV injection"): such a field gets a leading single quote, which shows it as text.
 */
const inertField = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const csvField = (raw: string): string => {
  const text = inertField(raw);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function genericCsv(rows: readonly EvidenceRow[]): string {
  const lines = [CSV_COLUMNS.join(','), ...rows.map((r) => cells(r).map(csvField).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** RFC 4180 records (quoted fields may hold line breaks), for `verify`. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || record.length) records.push([...record, field]);
  return records;
}

const STYLE = `body{font:13px system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #999;padding:4px;vertical-align:top;text-align:left}th{background:#d9e1f2}
pre{white-space:pre-wrap;word-break:break-all;margin:0;font:11px ui-monospace,monospace}
.Passed{background:#c6efce}.Not.Passed,.Not{background:#ffc7ce}`;

export function genericHtml(run: RunResult, rows: readonly EvidenceRow[], meta: EvidenceMeta): string {
  const head = `<tr>${CSV_COLUMNS.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = rows
    .map((r, i) => {
      const td = (t: string): string => `<td>${escapeHtml(t)}</td>`;
      const pre = (t: string): string => `<td><pre>${escapeHtml(t)}</pre></td>`;
      const result = `<td class="${r.result === 'Passed' ? 'Passed' : 'Not'}">${r.result}</td>`;
      const text = [r.provider, r.sheet, String(r.no), r.service, r.scenario, r.expectedResult]
        .map(td)
        .join('');
      return `${rowStart(String(i + 1))}<tr>${text}${pre(r.request)}${pre(r.response)}${result}${pre(r.notes)}</tr>${ROW_END}`;
    })
    .join('\n');
  return page(
    'kontrak test evidence',
    STYLE,
    `<h1>Test evidence</h1>
<p>Partner: ${escapeHtml(partnerLabel(meta))} · Test date: ${testDate(run)} · Environment: ${escapeHtml(run.environment)}</p>
<table><thead>${head}</thead><tbody>
${body}
</tbody></table>`,
  );
}
