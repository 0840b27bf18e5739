/**
 * The files of an evidence pack, built in memory, each with the rows `verify` can name: an
 * xlsx row (sheet!row), a CSV record, an HTML block between its row markers, a JSONL line.
 */
import { createHash } from 'node:crypto';
import type { RunResult } from '../../model/results.ts';
import { bySheet, type EvidenceRow } from './rows.ts';
import { briWorkbook, workbookRows, BRI_FIRST_DATA_ROW } from './bri-xlsx.ts';
import { genericCsv, genericHtml, parseCsv } from './generic.ts';
import { chromiumPath, mandiriHtml, printPdf } from './mandiri.ts';
import { danaHtml, danaMapping } from './dana.ts';
import { htmlRows } from './html.ts';
import { uniqueSheetNames } from './excel-rules.ts';
import type { EvidenceMeta } from './meta.ts';

export const BANKS = ['bri', 'mandiri', 'dana', 'generic'] as const;
export type Bank = (typeof BANKS)[number];

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

export interface PackRow {
  id: string;
  label: string;
  sha256: string;
}

export interface PackFile {
  path: string;
  bytes: Buffer;
  /** Text a secret could hide in (the cells of a workbook; the file itself otherwise). */
  text: string;
  rows: PackRow[];
}

export const EXCHANGES_FILE = 'exchanges.jsonl';

const label = (r: EvidenceRow): string => `${r.provider} / ${r.sheet} / No ${r.no} — ${r.scenario}`;

/** The rows of a pack file as they are now (for writing the manifest and for verifying it). */
export async function rowsOf(path: string, bytes: Buffer): Promise<Array<{ id: string; sha256: string }>> {
  if (path.endsWith('.xlsx'))
    return (await workbookRows(bytes)).map((r) => ({
      id: `${r.sheet}!${r.row}`,
      sha256: sha256(JSON.stringify(r.cells)),
    }));
  const text = bytes.toString('utf8');
  if (path.endsWith('.csv'))
    return parseCsv(text).map((cells, i) => ({
      id: `record ${i + 1}`,
      sha256: sha256(JSON.stringify(cells)),
    }));
  if (path.endsWith('.html'))
    return [...htmlRows(text)].map(([id, block]) => ({ id: `block ${id}`, sha256: sha256(block) }));
  if (path.endsWith('.jsonl'))
    return text
      .split('\n')
      .filter(Boolean)
      .map((line, i) => ({ id: `line ${i + 1}`, sha256: sha256(line) }));
  return [];
}

async function packFile(
  path: string,
  bytes: Buffer,
  text: string,
  labels: (id: string) => string,
): Promise<PackFile> {
  const rows = (await rowsOf(path, bytes)).map((r) => ({ ...r, label: labels(r.id) }));
  return { path, bytes, text, rows };
}

/** Every file of the pack for the chosen banks (exchanges.jsonl always: it is what the rows hash). */
export async function buildPackFiles(
  run: RunResult,
  rows: readonly EvidenceRow[],
  banks: readonly Bank[],
  meta: EvidenceMeta,
  env: Record<string, string | undefined>,
): Promise<{ files: PackFile[]; notes: string[] }> {
  const files: PackFile[] = [];
  const notes: string[] = [];
  const byIndex = (prefix: string) => (id: string) => {
    const n = Number(id.replace(/^\D+/, '')) - (prefix === 'record' ? 1 : 0);
    const row = rows[n - 1];
    return row ? label(row) : prefix === 'record' && n === 0 ? 'header' : id;
  };
  const jsonl = `${rows.map((r) => r.record).join('\n')}\n`;
  files.push(await packFile(EXCHANGES_FILE, Buffer.from(jsonl), jsonl, byIndex('line')));
  if (banks.includes('bri')) {
    for (const [provider, sheets] of bySheet(rows)) {
      const bytes = await briWorkbook(run, provider, sheets, meta);
      const text = [...sheets.values()]
        .flat()
        .map((r) => `${r.request}\n${r.response}\n${r.notes}`)
        .join('\n');
      const familyOfSheet = new Map(
        [...uniqueSheetNames([...sheets.keys()])].map(([family, name]) => [name, family]),
      );
      files.push(
        await packFile(`bri/${provider}.xlsx`, bytes, text, (id) => {
          // A sheet name may hold "!": the row number follows the last one.
          const sheet = id.slice(0, id.lastIndexOf('!'));
          const row = id.slice(id.lastIndexOf('!') + 1);
          const list = sheets.get(familyOfSheet.get(sheet) ?? '') ?? [];
          const data = list[Number(row) - BRI_FIRST_DATA_ROW];
          return data
            ? `${sheet} row ${row}: No ${data.no} — ${data.scenario}`
            : `${sheet} row ${row} (metadata or header)`;
        }),
      );
    }
  }
  if (banks.includes('generic')) {
    const csv = genericCsv(rows);
    files.push(await packFile('generic/evidence.csv', Buffer.from(csv), csv, byIndex('record')));
    const html = genericHtml(run, rows, meta);
    files.push(await packFile('generic/evidence.html', Buffer.from(html), html, byIndex('block')));
  }
  if (banks.includes('mandiri')) {
    const html = mandiriHtml(run, rows, meta);
    files.push(await packFile('mandiri/evidence.html', Buffer.from(html), html, byIndex('block')));
    const chromium = chromiumPath(env);
    if (chromium) {
      const pdf = await printPdf(html, chromium);
      files.push({ path: 'mandiri/evidence.pdf', bytes: pdf, text: '', rows: [] });
    } else
      notes.push('mandiri/evidence.pdf not written: no Chromium (set KONTRAK_CHROMIUM to print the PDF)');
  }
  if (banks.includes('dana')) {
    const lines = danaMapping(rows);
    const html = danaHtml(run, lines, meta);
    files.push(
      await packFile('dana/mapping.html', Buffer.from(html), html, (id) => {
        const line = lines[Number(id.replace(/^\D+/, '')) - 1];
        return line ? `${line.family} — ${line.scenario}` : id;
      }),
    );
  }
  return { files, notes };
}
