/**
 * `kontrak evidence verify` checks what the manifest covers: a malformed manifest gets a
 * positioned diagnostic, one that covers no row fails, a file it leaves out is named, names
 * from the pack reach the console inert, and the pack hash to keep is printed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeEvidence } from '../../src/cli/evidence-output.ts';
import type { Manifest } from '../../src/report/evidence/manifest.ts';
import { evidenceRun } from '../report/_evidence-run.ts';
import { cleanupPacks, forge, kontrak, manifestOf, pack, sha256, tempFolder } from './_pack.ts';

afterAll(cleanupPacks);

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
    const cwd = tempFolder();
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
