/**
 * The README works as written: its ```sh installed blocks (the install from the packed tarball
 * and the commands of an installed project), run in order in one shell, in a fresh temporary
 * folder, with the tarball `npm run pack` makes where the README says it is (beside the clone).
 * Slow (a build and an install), and it needs the npm cache or the registry.
 */
import { mkdirSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/project.ts';
import { packInto, run, userEnv } from './_packed.ts';

const MINUTES = 60_000;

/** The lines of the README's ```sh installed blocks, in order. */
function installedLines(readme: string): string[] {
  return [...readme.matchAll(/^```sh installed\n([\s\S]*?)^```$/gm)].flatMap((m) =>
    (m[1] ?? '').split('\n').filter((line) => line.trim() !== ''),
  );
}

let work = '';
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
}, 3 * MINUTES);

it(
  "runs the README's install and command lines for installed projects in a fresh folder",
  async () => {
    const lines = installedLines(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));
    expect(lines.some((l) => /npm i -D \S+\.tgz/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('npx kontrak '))).toBe(true);

    work = realpathSync(mkdtempSync(join(tmpdir(), 'kontrak-readme-')));
    const packed = await packInto(work);
    expect(packed.tarball, packed.output).toBeDefined();
    // The README's tarball name is the one `npm run pack` writes.
    expect(lines.join('\n')).toContain(`../${basename(packed.tarball ?? '')}`);
    const clone = join(work, 'kontrak'); // where the README's reader stands: in the checkout
    mkdirSync(clone);
    const script = ['set -e', ...lines.map((l) => `echo "+ ${l.replace(/["$`\\]/g, '\\$&')}"; ${l}`)].join(
      '\n',
    );
    const shell = await run('bash', ['-c', script], clone, userEnv({}));
    expect(shell.code, shell.output).toBe(0);
    expect(shell.output).toMatch(/PASS nicepay-va/);
  },
  15 * MINUTES,
);
