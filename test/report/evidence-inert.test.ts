/**
 * Evidence output is inert and valid: sheet names Excel accepts, cells within Excel's limit,
 * no live formula in the CSV, and curl lines that run nothing but curl.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExchangeResult, RunResult } from '../../src/model/results.ts';
import { curlOf } from '../../src/report/evidence/curl.ts';
import { parseCsv } from '../../src/report/evidence/generic.ts';
import { writeEvidencePack } from '../../src/report/evidence/pack.ts';
import { verifyEvidencePack } from '../../src/report/evidence/verify.ts';
import { BASE, evidenceRun } from './_evidence-run.ts';

const dirs: string[] = [];
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kontrak-evidence-inert-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const options = (outDir: string) => ({
  outDir,
  banks: ['bri', 'generic'] as const,
  meta: { partnerName: 'PT Kontrak Uji' },
  secrets: [],
  env: { KONTRAK_CHROMIUM: '/nonexistent/chromium' },
});

/** The fixture's first transaction, copied into one suite per name (no service code: the suite names the sheet). */
function runWithSuites(names: readonly string[], edit: (x: ExchangeResult) => void = () => {}): RunResult {
  const run = evidenceRun();
  const template = run.suites[0]!.exchanges[1]!;
  run.suites = names.map((name, i) => {
    const x = structuredClone(template);
    x.request.url = `${BASE}/custom/notify-${i}`;
    edit(x);
    return {
      name,
      provider: 'snap',
      file: 'collections/custom.yaml',
      durationMs: 1,
      passed: 1,
      failed: 0,
      exchanges: [x],
    };
  });
  return run;
}

async function sheetsOf(path: string): Promise<ExcelJS.Worksheet[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book.worksheets;
}

describe('the BRI workbook stays valid', () => {
  it('gives colliding service families unique sheet names by Excel’s rules, and the pack verifies', async () => {
    const names = [
      'Notifikasi Pembayaran Virtual Account Tagihan A@p',
      'notifikasi pembayaran virtual account tagihan B@p',
      'a/b@p',
      'a:b@p',
      'History@p',
      "'quoted'@p",
      'tab\tand\u0001control@p',
    ];
    const dir = temp();
    await writeEvidencePack(runWithSuites(names), options(dir));
    const sheets = await sheetsOf(join(dir, 'bri', 'snap.xlsx'));
    const sheetNames = sheets.map((s) => s.name);
    expect(sheetNames).toHaveLength(names.length);
    expect(new Set(sheetNames.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const name of sheetNames) {
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[[\]:*?/\\]|^'|'$/);
      expect(name.toLowerCase()).not.toBe('history');
    }
    // Deterministic: the same run gives the same names.
    const again = temp();
    await writeEvidencePack(runWithSuites(names), options(again));
    expect((await sheetsOf(join(again, 'bri', 'snap.xlsx'))).map((s) => s.name)).toEqual(sheetNames);
    // Each row sits on its own sheet, and verify names rows by the written sheet names.
    expect(sheets.map((s) => s.getCell('C10').text)).toEqual(names.map(() => 'balance inquiry — Successful'));
    const outcome = await verifyEvidencePack(dir);
    expect(outcome.changes).toEqual([]);
  });

  it('cuts a cell at Excel’s 32,767 characters and says so in the cell', async () => {
    const run = runWithSuites(['Notes'], (x) => {
      x.passed = false;
      x.checks = [
        {
          name: 'schema',
          passed: false,
          message: 'the response does not match its schema',
          violations: Array.from({ length: 6000 }, (_, i) => ({
            pointer: `/items/${i}/amount`,
            rule: 'type',
            message: 'must be string, got a number in this deliberately long message',
          })),
        },
      ];
    });
    const dir = temp();
    await writeEvidencePack(run, options(dir));
    const [sheet] = await sheetsOf(join(dir, 'bri', 'snap.xlsx'));
    const notes = sheet!.getCell('H10').text;
    expect(notes.length).toBeLessThanOrEqual(32_767);
    expect(notes.startsWith('Failure class') || notes.startsWith('schema:')).toBe(true);
    expect(notes).toMatch(/cut at \d+ of \d+ characters \(Excel's 32,767-character cell limit\)/);
    // The CSV keeps the whole text.
    const csv = parseCsv(readFileSync(join(dir, 'generic', 'evidence.csv'), 'utf8'));
    expect(csv[1]![9]!.length).toBeGreaterThan(32_767);
  });
});

describe('evidence text is never a live formula', () => {
  const leads = ['=HYPERLINK("http://127.0.0.1:9/x","click")', '+1+1', '-1+1', '@SUM(1,1)', '\tTAB', '\rCR'];

  it('neutralises formula-leading CSV fields with a leading quote, and xlsx cells are text', async () => {
    const run = runWithSuites(
      leads.map((l, i) => `suite${i}@p`),
      () => {},
    );
    run.suites.forEach((s, i) => {
      s.provider = 'snap';
      s.exchanges[0]!.scenario = leads[i]!;
      s.exchanges[0]!.name = leads[i]!;
    });
    const dir = temp();
    await writeEvidencePack(run, options(dir));
    const records = parseCsv(readFileSync(join(dir, 'generic', 'evidence.csv'), 'utf8'));
    for (const record of records) for (const field of record) expect(field).not.toMatch(/^[=+\-@\t\r]/);
    expect(records.slice(1).map((r) => r[4])).toEqual(leads.map((l) => `'${l}`));

    for (const sheet of await sheetsOf(join(dir, 'bri', 'snap.xlsx'))) {
      const cell = sheet.getCell('C10');
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
    expect((await verifyEvidencePack(dir)).changes).toEqual([]);
  });
});

describe('curl lines', () => {
  it('quote every argument and send a body as data, never as @file, in a real shell', () => {
    const dir = temp();
    writeFileSync(join(dir, 'secret.txt'), 'not to be read');
    // A fake curl that records its arguments, NUL-separated.
    const fake = join(dir, 'curl');
    writeFileSync(fake, `#!/bin/sh\nprintf '%s\\0' "$@" > "${join(dir, 'args')}"\n`);
    chmodSync(fake, 0o755);
    const request = {
      method: 'GET $(touch pwned-method) #',
      url: `${BASE}/x?q=$(touch pwned-url)`,
      headers: [{ key: 'X-Note', value: "it's `touch pwned-header`" }],
      body: '@secret.txt',
      bodyBytes: 11,
      truncated: false,
    };
    const line = curlOf(request);
    execFileSync('sh', ['-n', '-c', line]);
    execFileSync('sh', ['-c', line], { cwd: dir, env: { PATH: `${dir}:/usr/bin:/bin` } });
    expect(readdirSync(dir).filter((f) => f.startsWith('pwned'))).toEqual([]);
    const args = readFileSync(join(dir, 'args'), 'utf8').split('\0').slice(0, -1);
    expect(args).toEqual([
      '-X',
      request.method,
      request.url,
      '-H',
      "X-Note: it's `touch pwned-header`",
      '--data-raw',
      '@secret.txt',
    ]);
  });

  it('never lets a URL be read as a curl option', () => {
    const dir = temp();
    const fake = join(dir, 'curl');
    writeFileSync(fake, `#!/bin/sh\nprintf '%s\\0' "$@" > "${join(dir, 'args')}"\n`);
    chmodSync(fake, 0o755);
    const line = curlOf({
      method: 'POST',
      url: '-o/tmp/x',
      headers: [],
      body: '',
      bodyBytes: 0,
      truncated: false,
    });
    execFileSync('sh', ['-c', line], { cwd: dir, env: { PATH: `${dir}:/usr/bin:/bin` } });
    const args = readFileSync(join(dir, 'args'), 'utf8').split('\0').slice(0, -1);
    expect(args).toEqual(['-X', 'POST', '--url', '-o/tmp/x']);
  });
});
