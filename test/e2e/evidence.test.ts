import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { kontrak } from '../support/cli.ts';
import { tempDir } from '../support/project.ts';
import { REQUIRED_HEADERS } from '../../src/report/evidence/rows.ts';

const out = tempDir();
const rebuilt = tempDir();
afterAll(() => {
  out.cleanup();
  rebuilt.cleanup();
});
/** The run paces requests a second apart (whole-second timestamps): give it room on a busy machine. */
const SLOW = { timeout: 300_000 };
const CLEAN_ENV = { NICEPAY_CLIENT_ID: '', NICEPAY_CLIENT_SECRET: '', NICEPAY_PRIVATE_KEY: '' };

describe('certification evidence from a run against the mock', () => {
  it(
    'writes a BRI workbook with unique signatures and timestamps per sheet, and a pack that verifies',
    SLOW,
    async () => {
      const run = await kontrak(
        [
          'run',
          '--suite',
          'nicepay-va',
          '--reporters',
          'json,evidence',
          '--out',
          out.dir,
          '--partner-name',
          'PT Kontrak Uji',
        ],
        { env: CLEAN_ENV },
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/evidence: \d+ rows in .*evidence \(bri, mandiri, dana, generic\)/);

      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(join(out.dir, 'evidence', 'bri', 'nicepay.xlsx'));
      expect(book.worksheets.map((s) => s.name)).toEqual(['Access Token', 'Virtual Account']);
      const va = book.getWorksheet('Virtual Account')!;
      expect(va.getCell('C5').value).toBe('PT Kontrak Uji');
      const rows: string[][] = [];
      va.eachRow((row, n) => {
        if (n >= 10)
          rows.push(
            (row.values as Array<string | number | null | undefined>).slice(1).map((v) => String(v ?? '')),
          );
      });
      expect(rows.length).toBeGreaterThanOrEqual(10);
      const scenarios = rows.map((r) => r[2]);
      for (const wanted of [
        'create VA — Successful',
        'Unauthorized . Signature',
        'Access Token Invalid',
        'Access Token Not Found',
        'Conflict',
        'Invalid Field Format totalAmount.value',
        'Duplicate partnerReferenceNo',
      ])
        expect(scenarios).toContain(wanted);
      expect(rows.every((r) => r[6] === 'Passed')).toBe(true);
      for (const header of ['X-SIGNATURE', 'X-TIMESTAMP']) {
        const values = rows.map((r) => new RegExp(`-H '${header}: ([^']+)'`).exec(r[4]!)?.[1]);
        expect(values.every(Boolean)).toBe(true);
        expect(new Set(values).size).toBe(values.length);
      }
      for (const row of rows) {
        const missing = REQUIRED_HEADERS.filter((h) => !row[4]!.includes(`-H '${h}: `));
        if (row[2] === 'Access Token Not Found') expect(missing).toEqual(['Authorization']);
        else expect(missing).toEqual([]);
        expect(row[4]).not.toMatch(/redacted|PRIVATE KEY/);
        if (missing.length === 0) expect(row[4]).toMatch(/-H 'Authorization: Bearer \*\*\*\*…\S{4}'/);
        expect(row[5]).toMatch(/^HTTP\/1\.1 \d{3} [A-Za-z ]+\n/);
      }

      const verified = await kontrak(['evidence', 'verify', join(out.dir, 'evidence')]);
      expect([verified.code, verified.stdout]).toEqual([0, expect.stringMatching(/evidence verify: intact/)]);
      const csv = join(out.dir, 'evidence', 'generic', 'evidence.csv');
      const text = readFileSync(csv, 'utf8');
      writeFileSync(csv, text.replace('2002700', '2002701')); // one byte of the first create-VA record
      const tampered = await kontrak(['evidence', 'verify', join(out.dir, 'evidence')]);
      expect(tampered.code).toBe(1);
      expect(tampered.stdout).toMatch(
        /CHANGED generic\/evidence\.csv: record \d+ \(nicepay \/ Virtual Account \/ No 1 — create VA — Successful\) changed/,
      );
    },
  );

  it('builds the pack again from results.json for the banks asked for', SLOW, async () => {
    const built = await kontrak([
      'evidence',
      out.dir,
      '--bank',
      'bri,dana',
      '--out',
      rebuilt.dir,
      '--provider-name',
      'NICEPAY',
    ]);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(existsSync(join(rebuilt.dir, 'bri', 'nicepay.xlsx'))).toBe(true);
    expect(existsSync(join(rebuilt.dir, 'dana', 'mapping.html'))).toBe(true);
    expect(existsSync(join(rebuilt.dir, 'mandiri'))).toBe(false);
    expect((await kontrak(['evidence', 'verify', rebuilt.dir])).code).toBe(0);
  });

  it('says what is wrong with its arguments', SLOW, async () => {
    const bank = await kontrak(['evidence', out.dir, '--bank', 'visa']);
    expect([bank.code, bank.stderr]).toEqual([4, expect.stringContaining('unknown bank "visa"')]);
    const none = await kontrak(['evidence', 'verify', join(out.dir, 'nothing-here')]);
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('not an evidence pack')]);
  });
});
