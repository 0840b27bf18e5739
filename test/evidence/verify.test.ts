/**
 * `kontrak evidence verify` against hostile packs: it reads only regular files inside the pack,
 * within bounds, refuses a manifest that checks nothing or leaves a file out, says what is wrong
 * with a malformed manifest where it is, and prints the pack hash to keep.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { writeEvidence } from '../../src/cli/commands/evidence.ts';
import { wholeHash, type Manifest } from '../../src/report/evidence/manifest.ts';
import { writeEvidencePack } from '../../src/report/evidence/pack.ts';
import { verifyEvidencePack } from '../../src/report/evidence/verify.ts';
import { evidenceRun } from '../report/_evidence-run.ts';
import { REPO_ROOT } from '../support/project.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const OUTSIDE_TEXT = 'outside-the-pack-CONTENT-4242';

/** A working folder holding a file outside the pack, and a pack written in `pack/`. */
async function pack(
  banks: Array<'bri' | 'generic'> = ['bri', 'generic'],
): Promise<{ cwd: string; dir: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'kontrak-verify-'));
  dirs.push(cwd);
  writeFileSync(join(cwd, 'outside.txt'), OUTSIDE_TEXT);
  const dir = join(cwd, 'pack');
  await writeEvidencePack(evidenceRun(), {
    outDir: dir,
    banks,
    meta: { partnerName: 'PT Kontrak Uji' },
    secrets: [],
    env: { KONTRAK_CHROMIUM: '/nonexistent/chromium' },
  });
  return { cwd, dir };
}

const manifestOf = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

/** Rewrites the manifest as a forger would: edited, with its whole hash recomputed. */
function forge(dir: string, edit: (body: Record<string, unknown>) => Record<string, unknown>): void {
  const { sha256: _recorded, ...body } = manifestOf(dir);
  const edited = edit(body);
  writeFileSync(
    join(dir, 'manifest.json'),
    `${JSON.stringify({ ...edited, sha256: wholeHash(edited as unknown as Omit<Manifest, 'sha256'>) }, null, 2)}\n`,
  );
}

/** `kontrak …` in this process; a command still running after `ms` counts as hung. */
async function kontrak(args: string[], cwd: string, ms = 20_000) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), cwd, env: {}, isTty: false };
  const hung = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms).unref());
  const code = await Promise.race([main(args, io), hung]);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

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

describe('evidence verify checks what the manifest covers', () => {
  it('gives a malformed manifest a positioned diagnostic, not an internal error', async () => {
    const cases: Array<[string, (m: Record<string, unknown>) => Record<string, unknown>, RegExp]> = [
      ['null entry', (m) => ({ ...m, files: [null] }), /\/files\/0 must be an object, found null/],
      [
        'path type',
        (m) => ({ ...m, files: [{ path: 7, sha256: 'x', rows: [] }] }),
        /\/files\/0\/path must be a string, found 7/,
      ],
      [
        'rows type',
        (m) => ({ ...m, files: [{ path: 'exchanges.jsonl', sha256: 'x', rows: 'all' }] }),
        /\/files\/0\/rows must be a list, found "all"/,
      ],
      ['no files', (m) => ({ ...m, files: undefined }), /missing "files"/],
    ];
    for (const [, edit, message] of cases) {
      const { cwd, dir } = await pack();
      forge(dir, edit);
      const verified = await kontrak(['evidence', 'verify', 'pack'], cwd);
      expect([verified.code, verified.stderr]).toEqual([
        2,
        expect.stringMatching(/^\S*\/pack\/manifest\.json:\d+:\d+ error\[E_EVIDENCE\] /),
      ]);
      expect(verified.stderr).toMatch(message);
      expect(verified.stderr).not.toMatch(/E_INTERNAL/);
    }
  });

  it('fails a manifest that covers no row, even over an edited file', async () => {
    const { cwd, dir } = await pack();
    forge(dir, (m) => ({ ...m, files: [] }));
    writeFileSync(join(dir, 'generic', 'evidence.csv'), 'Provider,Sheet\r\nforged,row\r\n');
    const verified = await kontrak(['evidence', 'verify', 'pack'], cwd);
    expect(verified.code).not.toBe(0);
    expect(verified.stderr).toMatch(/manifest\.json:\d+:\d+ error\[E_EVIDENCE\] the manifest covers no row/);
    expect(verified.stdout).not.toMatch(/intact/);
  });

  it('names a file in the pack that its manifest does not list', async () => {
    const { cwd, dir } = await pack(['bri']);
    execFileSync('mkdir', ['-p', join(dir, 'generic')]);
    writeFileSync(join(dir, 'generic', 'evidence.csv'), 'Provider,Sheet,No\r\nsnap,Transfer,1\r\n');
    const added = await kontrak(['evidence', 'verify', 'pack'], cwd);
    expect(added.code).toBe(1);
    expect(added.stdout).toMatch(/^CHANGED generic\/evidence\.csv is in the pack but not in its manifest$/m);

    // Dropping a file from the manifest (and rehashing it) names that file too.
    const other = await pack();
    forge(other.dir, (m) => ({
      ...m,
      files: (m.files as Manifest['files']).filter((f) => f.path !== 'bri/snap.xlsx'),
    }));
    const dropped = await kontrak(['evidence', 'verify', 'pack'], other.cwd);
    expect(dropped.code).toBe(1);
    expect(dropped.stdout).toMatch(/^CHANGED bri\/snap\.xlsx is in the pack but not in its manifest$/m);
  });

  it('shows a file name or manifest text with escape codes inert, never acting on the console', async () => {
    const { cwd, dir } = await pack();
    writeFileSync(join(dir, 'x\u001b[2K\r\u001b[32mintact.csv'), 'forged');
    forge(dir, (m) => ({
      ...m,
      files: (m.files as Manifest['files']).map((f) =>
        f.path === 'exchanges.jsonl'
          ? { ...f, rows: f.rows.map((r) => ({ ...r, label: '\u001b[2Kfake' })) }
          : f,
      ),
    }));
    const jsonl = join(dir, 'exchanges.jsonl');
    writeFileSync(jsonl, readFileSync(jsonl, 'utf8').replace('"passed":false', '"passed":true'));
    const verified = await kontrak(['evidence', 'verify', 'pack'], cwd);
    expect(verified.code).toBe(1);
    // eslint-disable-next-line no-control-regex -- control characters are what must not reach the console
    expect(verified.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(verified.stdout).toContain(
      'CHANGED x\\x1b[2K\\x0d\\x1b[32mintact.csv is in the pack but not in its manifest',
    );
    expect(verified.stdout).toContain('(\\x1b[2Kfake) changed');
  });

  it('refuses a manifest path holding a control character', async () => {
    const { cwd, dir } = await pack();
    forge(dir, (m) => ({
      ...m,
      files: [...(m.files as unknown[]), { path: 'a\u001b[2K.csv', sha256: sha256(''), rows: [] }],
    }));
    const verified = await kontrak(['evidence', 'verify', 'pack'], cwd);
    expect(verified.code).toBe(2);
    expect(verified.stderr).toMatch(/error\[E_EVIDENCE\] "a\\u001b\[2K\.csv" is not a path inside the pack/);
  });

  it('prints the pack hash, when the pack is written and when it is verified', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kontrak-verify-'));
    dirs.push(cwd);
    const out: string[] = [];
    const io = {
      out: (l: string) => out.push(l),
      err: (l: string) => out.push(l),
      cwd,
      env: {},
      isTty: false,
    };
    const refused = await writeEvidence(io, evidenceRun(), {
      outDir: join(cwd, 'pack'),
      banks: ['generic'],
      meta: {},
      secrets: [],
    });
    expect(refused).toBeUndefined();
    const hash = manifestOf(join(cwd, 'pack')).sha256;
    expect(out).toContain(
      `evidence: pack hash ${hash} (keep it where the bank can see it; evidence verify prints it again)`,
    );
    const verified = await kontrak(['evidence', 'verify', 'pack'], cwd);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`evidence verify: pack hash ${hash}`);
  });
});
