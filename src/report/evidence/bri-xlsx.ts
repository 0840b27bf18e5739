/**
 * BRI's SIT workbook (`Lampiran Skenario Functional Test`): per provider, one sheet per service
 * family; metadata in rows 3, 5 and 6 where BRI's template has them (provider, partner, test
 * date), the header in row 9, one row per scenario from row 10.
 */
import ExcelJS from 'exceljs';
import type { RunResult } from '../../model/results.ts';
import { testDate, partnerLabel, providerLabel, type EvidenceMeta } from './meta.ts';
import type { EvidenceRow } from './rows.ts';
import { excelCellText, uniqueSheetNames } from './excel-rules.ts';

export const BRI_COLUMNS = [
  'No',
  'Service',
  'Scenario',
  'Expected Result',
  'Request',
  'Response',
  'Result',
  'Notes',
] as const;
export const BRI_HEADER_ROW = 9;
export const BRI_FIRST_DATA_ROW = 10;
const WIDTHS = [6, 30, 36, 30, 90, 80, 12, 60];

/** One provider's workbook, as bytes. */
export async function briWorkbook(
  run: RunResult,
  provider: string,
  sheets: Map<string, EvidenceRow[]>,
  meta: EvidenceMeta,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'kontrak';
  workbook.created = new Date(run.startedAt);
  workbook.modified = new Date(run.startedAt);
  for (const [family, name] of uniqueSheetNames([...sheets.keys()])) {
    const rows = sheets.get(family) ?? [];
    const sheet = workbook.addWorksheet(name, {
      pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    sheet.columns = WIDTHS.map((width) => ({ width }));
    sheet.getCell('A1').value = excelCellText(`Lampiran Skenario Functional Test — ${family}`);
    sheet.getCell('A1').font = { bold: true, size: 14 };
    const metadata: Array<[number, string, string]> = [
      [3, 'Nama Penyedia Layanan:', providerLabel(meta, provider)],
      [5, 'Nama Pengguna Layanan :', partnerLabel(meta)],
      [6, 'Tanggal Pengujian:', testDate(run)],
      [7, 'Environment:', run.environment],
    ];
    for (const [row, label, value] of metadata) {
      sheet.getCell(row, 1).value = label;
      sheet.getCell(row, 1).font = { bold: true };
      sheet.getCell(row, 3).value = excelCellText(value);
    }
    const header = sheet.getRow(BRI_HEADER_ROW);
    header.values = [...BRI_COLUMNS];
    header.font = { bold: true };
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
      cell.border = { bottom: { style: 'thin' } };
    });
    rows.forEach((r, i) => {
      const row = sheet.getRow(BRI_FIRST_DATA_ROW + i);
      row.values = [
        r.no,
        ...[r.service, r.scenario, r.expectedResult, r.request, r.response, r.result, r.notes].map(
          excelCellText,
        ),
      ];
      row.alignment = { wrapText: true, vertical: 'top' };
      row.getCell(7).fill = {
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: r.result === 'Passed' ? 'FFC6EFCE' : 'FFFFC7CE' },
      };
    });
    sheet.views = [{ state: 'frozen', ySplit: BRI_HEADER_ROW }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A sheet's rows as text, cell by cell (what the manifest hashes and `verify` re-reads). */
export async function workbookRows(
  bytes: Buffer,
): Promise<Array<{ sheet: string; row: number; cells: string[] }>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const rows: Array<{ sheet: string; row: number; cells: string[] }> = [];
  workbook.eachSheet((sheet) => {
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      const cells: string[] = [];
      for (let c = 1; c <= BRI_COLUMNS.length; c++) cells.push(cellText(row.getCell(c).value));
      rows.push({ sheet: sheet.name, row: number, cells });
    });
  });
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
