import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEvidencePack, EvidenceRefused } from '../../src/report/evidence/pack.ts';
import { verifyEvidencePack } from '../../src/report/evidence/verify.ts';
import type { Manifest } from '../../src/report/evidence/manifest.ts';
import { BRI_COLUMNS } from '../../src/report/evidence/bri-xlsx.ts';
import { parseCsv } from '../../src/report/evidence/generic.ts';
import { evidenceRun, SECRET } from './_evidence-run.ts';

const dirs: string[] = [];
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kontrak-evidence-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const options = (outDir: string) => ({
  outDir,
  banks: ['bri', 'mandiri', 'dana', 'generic'] as const,
  meta: { providerName: 'PT Bank Rakyat Indonesia', partnerName: 'PT Kontrak Uji' },
  secrets: [{ name: 'SNAP_CLIENT_SECRET', value: SECRET }],
  env: { KONTRAK_CHROMIUM: '/nonexistent/chromium' },
});

async function workbook(path: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book;
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    statSync(join(dir, f)).isFile(),
  );
}

describe('the evidence pack', () => {
  let out: string;
  beforeAll(async () => {
    out = temp();
    await writeEvidencePack(evidenceRun(), options(out));
  });

  it('writes a BRI workbook per provider, a sheet per service family, in BRI’s layout', async () => {
    expect(files(join(out, 'bri')).sort()).toEqual(['nicepay.xlsx', 'snap.xlsx']);
    const book = await workbook(join(out, 'bri', 'snap.xlsx'));
    expect(book.worksheets.map((s) => s.name)).toEqual(['Access Token', 'Balance and Statement', 'Transfer']);
    const sheet = book.getWorksheet('Balance and Statement')!;
    expect([sheet.getCell('A3').value, sheet.getCell('C3').value]).toEqual([
      'Nama Penyedia Layanan:',
      'PT Bank Rakyat Indonesia',
    ]);
    expect([sheet.getCell('A5').value, sheet.getCell('C5').value]).toEqual([
      'Nama Pengguna Layanan :',
      'PT Kontrak Uji',
    ]);
    // The run's date in Jakarta (21:14 UTC is the next morning there).
    expect([sheet.getCell('A6').value, sheet.getCell('C6').value]).toEqual([
      'Tanggal Pengujian:',
      '2026-11-30',
    ]);
    expect((sheet.getRow(9).values as unknown[]).slice(1)).toEqual([...BRI_COLUMNS]);
    const rows = [10, 11].map((n) => (sheet.getRow(n).values as unknown[]).slice(1).map(String));
    expect(rows.map((r) => [r[0], r[1], r[2], r[3], r[6]])).toEqual([
      [
        '1',
        'POST /v1.0/balance-inquiry',
        'balance inquiry — Successful',
        'HTTP 200, responseCode 2001100 (Successful)',
        'Passed',
      ],
      [
        '2',
        'POST /v1.0/balance-inquiry',
        'Unauthorized . Signature',
        'HTTP 401, responseCode 4011100 (Rejected)',
        'Not Passed',
      ],
    ]);
    expect(sheet.getRow(12).values).toEqual([]);
    // Notes on a failure are kontrak's own explanation.
    expect(rows[1]![7]).toContain('responseCode: expected 4011100, got 2001100');
    expect(rows[0]![7]).toBe('');
    // The response with its status line.
    expect(rows[0]![5]).toMatch(
      /^HTTP\/1\.1 200 OK\ncontent-type: application\/json\n\n\{"responseCode":"2001100"/,
    );
  });

  it('writes every request as a curl with the headers BRI requires, the token masked but present', async () => {
    const book = await workbook(join(out, 'bri', 'snap.xlsx'));
    const sheet = book.getWorksheet('Transfer')!;
    const curl = sheet.getCell('E10').text;
    expect(curl.split(' \\\n')).toEqual([
      `curl -X 'POST' 'http://127.0.0.1:4010/v1.0/transfer-intrabank'`,
      `  -H 'X-TIMESTAMP: 2026-11-30T04:14:04+07:00'`,
      `  -H 'Authorization: Bearer ****…a1b2'`,
      `  -H 'X-EXTERNAL-ID: 1000000000000004'`,
      `  -H 'X-PARTNER-ID: SNAPMOCK'`,
      `  -H 'Content-Type: application/json'`,
      `  -H 'X-SIGNATURE: sig+04/abc=='`,
      `  --data-raw '{"partnerReferenceNo":"REF04","note":"it'\\''s quoted"}'`,
    ]);
    // An access-token call carries no Authorization or X-EXTERNAL-ID: said in Notes, not invented.
    const token = book.getWorksheet('Access Token')!;
    expect(token.getCell('H10').text).toMatch(
      /Not sent by this call: Authorization, X-EXTERNAL-ID, X-PARTNER-ID/,
    );
  });

  it('keeps X-SIGNATURE and X-TIMESTAMP unique on every sheet', async () => {
    for (const file of ['snap.xlsx', 'nicepay.xlsx']) {
      const book = await workbook(join(out, 'bri', file));
      for (const sheet of book.worksheets) {
        const curls: string[] = [];
        sheet.eachRow((row, n) => {
          if (n >= 10) curls.push(row.getCell(5).text);
        });
        for (const header of ['X-SIGNATURE', 'X-TIMESTAMP']) {
          const values = curls.map((c) => new RegExp(`-H '${header}: ([^']*)'`).exec(c)?.[1]);
          expect(new Set(values).size).toBe(values.length);
        }
      }
    }
  });

  it('notes a repeated X-TIMESTAMP on the row that repeats it', async () => {
    const run = evidenceRun();
    const [, first, second] = run.suites[0]!.exchanges;
    second!.request.headers[0] = { ...first!.request.headers[0]! };
    const dir = temp();
    await writeEvidencePack(run, options(dir));
    const rows = parseCsv(readFileSync(join(dir, 'generic', 'evidence.csv'), 'utf8'));
    expect(rows[3]![9]).toContain('X-TIMESTAMP repeats row 1 of this sheet');
  });

  it('writes the Mandiri landscape page, one block per exchange kept whole, and the DANA mapping', () => {
    const html = readFileSync(join(out, 'mandiri', 'evidence.html'), 'utf8');
    expect(html).toContain('size:A4 landscape');
    expect(html).toContain('break-inside:avoid');
    expect(html.match(/<section class="block">/g)).toHaveLength(6);
    expect(html).toContain('<th>Request</th><th>Response</th>');
    const dana = readFileSync(join(out, 'dana', 'mapping.html'), 'utf8');
    expect(dana).toMatch(
      /Balance and Statement<\/td><td>Unauthorized\. Invalid Signature<\/td><td>401xx00<\/td><td>mandatory<\/td><td>snap-core@snap #2 Unauthorized \. Signature<\/td><td class="Not-Passed">Not Passed/,
    );
    expect(dana).toMatch(
      /Transfer<\/td><td>Inconsistent Request<\/td><td>404xx18<\/td><td>mandatory<\/td><td>snap-core@snap #1 Inconsistent Request<\/td><td class="Passed">Passed/,
    );
    expect(dana).toMatch(/Transfer<\/td><td>Internal Server Error<\/td>.*Not covered/);
  });

  it('writes the generic CSV with the BRI columns', () => {
    const rows = parseCsv(readFileSync(join(out, 'generic', 'evidence.csv'), 'utf8'));
    expect(rows[0]).toEqual(['Provider', 'Sheet', ...BRI_COLUMNS]);
    expect(rows).toHaveLength(7);
    expect(rows.map((r) => r[8])).toEqual([
      'Result',
      'Passed',
      'Passed',
      'Not Passed',
      'Passed',
      'Passed',
      'Passed',
    ]);
  });

  it('writes no secret, no private key and no unmasked token anywhere', async () => {
    for (const file of files(out)) {
      const text = file.endsWith('.xlsx')
        ? JSON.stringify((await workbook(join(out, file))).worksheets.map((s) => s.getSheetValues()))
        : readFileSync(join(out, file), 'utf8');
      expect(text).not.toContain(SECRET);
      expect(text).not.toMatch(/PRIVATE KEY/);
      // The record keeps results.json's mask; every layout shows the masked header with the token's tail.
      if (file === 'exchanges.jsonl') expect(text).toMatch(/"Bearer «snap_access_token:redacted»"/);
      else expect(text).not.toMatch(/Bearer «/);
    }
  });

  it('refuses to write anything when a known secret or a private key would appear', async () => {
    const leaky = evidenceRun();
    leaky.suites[0]!.exchanges[1]!.response!.body = `{"echo":"${SECRET}"}`;
    const dir = temp();
    await expect(writeEvidencePack(leaky, options(dir))).rejects.toThrow(
      /generic\/evidence\.csv would contain the value of SNAP_CLIENT_SECRET|exchanges\.jsonl would contain the value of SNAP_CLIENT_SECRET/,
    );
    expect(files(dir)).toEqual([]);
    const keyed = evidenceRun();
    keyed.suites[1]!.exchanges[0]!.request.body = '-----BEGIN PRIVATE KEY-----\nMIIEvQ...';
    await expect(writeEvidencePack(keyed, options(dir))).rejects.toBeInstanceOf(EvidenceRefused);
    expect(files(dir)).toEqual([]);
  });

  it('writes a manifest with the run, a hash per exchange and one over the whole', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest).toMatchObject({
      kontrakEvidence: 1,
      kontrak: { version: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown, commit: 'abc123def456' },
      environment: 'mock',
      baseUrls: ['http://127.0.0.1:4010'],
      startedAt: '2026-11-29T21:14:00.000Z',
      endedAt: '2026-11-29T21:14:02.000Z',
    });
    expect(manifest.runId).toMatch(/^[0-9a-f]{16}$/);
    expect(manifest.exchanges).toHaveLength(6);
    expect(manifest.exchanges.every((x) => /^[0-9a-f]{64}$/.test(x.sha256))).toBe(true);
    expect(manifest.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('evidence verify', () => {
  it('passes on an intact pack, then names the row whose byte was edited', async () => {
    const dir = temp();
    await writeEvidencePack(evidenceRun(), options(dir));
    expect((await verifyEvidencePack(dir)).changes).toEqual([]);

    const csv = join(dir, 'generic', 'evidence.csv');
    const original = readFileSync(csv);
    const edited = Buffer.from(original);
    edited[original.indexOf('REF05') + 4] = 'X'.charCodeAt(0); // one byte of one row's text
    writeFileSync(csv, edited);
    expect((await verifyEvidencePack(dir)).changes).toEqual([
      expect.stringMatching(
        /^generic\/evidence\.csv: record 6 \(snap \/ Transfer \/ No 2 — intrabank transfer — Successful\) changed$/,
      ),
    ]);
    writeFileSync(csv, original);
    expect((await verifyEvidencePack(dir)).changes).toEqual([]);
  });

  it('names an edited workbook cell, Mandiri block, exchange record and manifest', async () => {
    const dir = temp();
    await writeEvidencePack(evidenceRun(), options(dir));
    const xlsx = join(dir, 'bri', 'snap.xlsx');
    const book = await workbook(xlsx);
    book.getWorksheet('Balance and Statement')!.getCell('G11').value = 'Passed';
    await book.xlsx.writeFile(xlsx);
    const mandiri = join(dir, 'mandiri', 'evidence.html');
    writeFileSync(
      mandiri,
      readFileSync(mandiri, 'utf8').replace('Inconsistent Request', 'Inconsistent Requesx'),
    );
    const jsonl = join(dir, 'exchanges.jsonl');
    writeFileSync(jsonl, readFileSync(jsonl, 'utf8').replace('"passed":false', '"passed":true'));
    const changes = (await verifyEvidencePack(dir)).changes;
    expect(changes).toContain(
      'bri/snap.xlsx: Balance and Statement!11 (Balance and Statement row 11: No 2 — Unauthorized . Signature) changed',
    );
    expect(changes).toContain(
      'mandiri/evidence.html: block 4 (snap / Transfer / No 1 — Inconsistent Request) changed',
    );
    expect(changes).toContain(
      'exchanges.jsonl: line 3 (snap / Balance and Statement / No 2 — Unauthorized . Signature) changed',
    );
    expect(changes).toHaveLength(3);

    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, environment: 'sandbox' }));
    expect((await verifyEvidencePack(dir)).changes[0]).toMatch(/^manifest\.json was edited/);
  });

  it('says when a directory is no evidence pack', async () => {
    expect((await verifyEvidencePack(temp())).diagnostics[0]?.message).toMatch(/manifest\.json is missing/);
  });
});
