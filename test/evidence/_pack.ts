/** Evidence packs to verify, written to a temp folder beside a file outside them, and forged as a forger would. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { wholeHash, type Manifest } from '../../src/report/evidence/manifest.ts';
import { writeEvidencePack } from '../../src/report/evidence/pack.ts';
import { evidenceRun } from '../report/_evidence-run.ts';

const dirs: string[] = [];
/** Removes every folder made here (call from afterAll). */
export function cleanupPacks(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A temp folder removed by `cleanupPacks`. */
export function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kontrak-verify-'));
  dirs.push(dir);
  return dir;
}

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
export const OUTSIDE_TEXT = 'outside-the-pack-CONTENT-4242';

/** A working folder holding a file outside the pack, and a pack written in `pack/`. */
export async function pack(
  banks: Array<'bri' | 'generic'> = ['bri', 'generic'],
): Promise<{ cwd: string; dir: string }> {
  const cwd = tempFolder();
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

export const manifestOf = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

/** Rewrites the manifest as a forger would: edited, with its whole hash recomputed. */
export function forge(dir: string, edit: (body: Record<string, unknown>) => Record<string, unknown>): void {
  const { sha256: _recorded, ...body } = manifestOf(dir);
  const edited = edit(body);
  writeFileSync(
    join(dir, 'manifest.json'),
    `${JSON.stringify({ ...edited, sha256: wholeHash(edited as unknown as Omit<Manifest, 'sha256'>) }, null, 2)}\n`,
  );
}

/** `kontrak …` in this process; a command still running after `ms` counts as hung. */
export async function kontrak(args: string[], cwd: string, ms = 20_000) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), cwd, env: {}, isTty: false };
  const hung = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms).unref());
  const code = await Promise.race([main(args, io), hung]);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
