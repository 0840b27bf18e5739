/**
 * `kontrak evidence verify` against hostile packs: it reads only regular files inside the pack,
 * each within its bounds, a changed workbook only within what it inflates to, a forged page in
 * one pass.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  constants,
  openSync,
  readFileSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyEvidencePack } from '../../src/report/evidence/verify.ts';
import { REPO_ROOT } from '../support/project.ts';
import { cleanupPacks, forge, kontrak, OUTSIDE_TEXT, pack, sha256 } from './_pack.ts';

afterAll(cleanupPacks);

describe('evidence verify reads only regular files inside the pack', () => {
  it('refuses a manifest path that leaves the pack, relative or absolute, and shows nothing of it', async () => {
    for (const path of ['../outside.txt', '/OUTSIDE']) {
      const { cwd, dir } = await pack();
      const target = path === '/OUTSIDE' ? join(cwd, 'outside.txt') : path;
      forge(dir, (m) => ({
        ...m,
        files: [
          ...(m.files as unknown[]),
          {
            path: target,
            sha256: sha256(OUTSIDE_TEXT),
            rows: [{ id: 'line 1', label: 'x', sha256: sha256(OUTSIDE_TEXT) }],
          },
        ],
      }));
      const verified = await kontrak(['evidence', 'verify', 'pack'], cwd);
      expect(verified.code).toBe(2);
      expect(verified.stderr).toMatch(
        /pack\/manifest\.json:\d+:\d+ error\[E_EVIDENCE\] .*not a path inside the pack/,
      );
      expect(verified.stdout).not.toMatch(/intact/);
      expect(`${verified.stdout}${verified.stderr}`).not.toContain(OUTSIDE_TEXT);
    }
  });

  it('refuses a symlink leading out of the pack, to a file or a device, without reading it', async () => {
    for (const target of ['outside.txt', '/dev/zero']) {
      const { cwd, dir } = await pack();
      const csv = join(dir, 'generic', 'evidence.csv');
      // Same bytes outside: a symlink would pass every hash.
      if (target === 'outside.txt') writeFileSync(join(cwd, target), readFileSync(csv));
      unlinkSync(csv);
      symlinkSync(target === 'outside.txt' ? join(cwd, target) : target, csv);
      const verified = await kontrak(['evidence', 'verify', 'pack'], cwd);
      expect(verified.code).toBe(2);
      expect(verified.stderr).toMatch(/error\[E_EVIDENCE\] generic\/evidence\.csv leads out of the pack/);
      expect(verified.stdout).not.toMatch(/intact/);
    }
  });

  it('does not wait on a FIFO in place of a pack file or of the manifest', async () => {
    for (const path of ['generic/evidence.csv', 'manifest.json']) {
      const { cwd, dir } = await pack();
      const fifo = join(dir, ...path.split('/'));
      unlinkSync(fifo);
      execFileSync('mkfifo', [fifo]);
      const verified = await kontrak(['evidence', 'verify', 'pack'], cwd, 10_000);
      // Unblock a reader left waiting, so a failure here does not hang the run.
      if (verified.code === 'hung') closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      expect(verified.code).toBe(2);
      expect(verified.stderr).toContain(`${path} is not a regular file (a FIFO); not read`);
    }
  });

  it('reads no file past its size limit, and no pack past its total', async () => {
    const { dir } = await pack();
    const limits = {
      fileBytes: 4096,
      packBytes: 1 << 30,
      comparedBytes: 1 << 20,
      xlsxUncompressedBytes: 1 << 24,
      entries: 100,
    };
    const outcome = await verifyEvidencePack(dir, limits);
    expect(outcome.diagnostics.map((d) => d.message)).toContainEqual(
      expect.stringMatching(/^bri\/snap\.xlsx is \d+ bytes, more than the 4096 bytes a pack file may have/),
    );
    const many = await verifyEvidencePack(dir, { ...limits, fileBytes: 1 << 30, entries: 3 });
    expect(many.diagnostics.map((d) => d.message)).toContain('the pack holds more than 3 files and folders');
    const total = await verifyEvidencePack(dir, { ...limits, fileBytes: 1 << 30, packBytes: 20_000 });
    expect(total.diagnostics.map((d) => d.message)).toContainEqual(
      expect.stringMatching(/the pack holds more than 20000 bytes/),
    );
  });

  it('compares a changed workbook row by row only within its uncompressed bound', async () => {
    const { dir } = await pack();
    // A small xlsx that inflates to ~9 MB: every row a different 30,000-character string.
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Transfer');
    for (let i = 1; i <= 300; i++) sheet.getCell(i, 1).value = `${'x'.repeat(30_000)}${i}`;
    const bomb = Buffer.from(await book.xlsx.writeBuffer());
    expect(bomb.length).toBeLessThan(1 << 20);
    writeFileSync(join(dir, 'bri', 'snap.xlsx'), bomb);
    const limits = {
      fileBytes: 1 << 26,
      packBytes: 1 << 30,
      comparedBytes: 1 << 26,
      xlsxUncompressedBytes: 1 << 20,
      entries: 100,
    };
    const outcome = await verifyEvidencePack(dir, limits);
    expect(outcome.changes).toEqual([
      expect.stringMatching(
        /^bri\/snap\.xlsx changed; it inflates to \d+ bytes, more than the 1048576 bytes compared row by row$/,
      ),
    ]);
  });

  it('reads a changed page in one pass, however its row markers are forged', () => {
    return pack().then(({ dir }) => {
      // 100,000 row starts and no row end: a pattern that searches on from each start never ends.
      writeFileSync(join(dir, 'generic', 'evidence.html'), '<!-- row 1 -->x'.repeat(100_000));
      const verified = spawnSync(
        process.execPath,
        [join(REPO_ROOT, 'bin', 'kontrak.js'), 'evidence', 'verify', dir],
        {
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      expect(verified.signal).toBeNull();
      expect(verified.status).toBe(1);
      expect(verified.stdout).toMatch(/^CHANGED generic\/evidence\.html: block 1 \(.*\) was removed$/m);
    });
  });

  it('does not trust the sizes a workbook declares', async () => {
    const { dir } = await pack();
    const path = join(dir, 'bri', 'snap.xlsx');
    const bytes = readFileSync(path);
    // Declare xl/sharedStrings.xml 10 bytes long in the central directory; it inflates to more.
    const name = Buffer.from('xl/sharedStrings.xml');
    let at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    while (at !== -1 && !bytes.subarray(at + 46, at + 46 + name.length).equals(name))
      at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4);
    expect(at).toBeGreaterThan(0);
    bytes.writeUInt32LE(10, at + 24);
    writeFileSync(path, bytes);
    const outcome = await verifyEvidencePack(dir);
    expect(outcome.changes).toEqual([
      'bri/snap.xlsx changed; xl/sharedStrings.xml inflates past the size its zip entry declares, so its rows are not compared',
    ]);
  });
});
