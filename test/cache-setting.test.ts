/**
 * KONTRAK_CACHE_DIR is read by the CLI from the environment it is given and passed on as an
 * argument (src/cache.ts keeps no setting): calls in one process, each with its own setting,
 * write to their own cache, and `off` writes nowhere.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import type { Io } from '../src/cli/context.ts';
import { PROVIDER_YAML, SUITE_YAML, tempProject } from './support/project.ts';

const made: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of made.splice(0)) cleanup();
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kontrak-cache-setting-'));
  made.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function validate(env: Record<string, string>): Promise<number> {
  const project = tempProject({
    'collections/provider.yaml': PROVIDER_YAML,
    'collections/suite.yaml': SUITE_YAML,
  });
  made.push(project.cleanup);
  const err: string[] = [];
  const io: Io = { out: () => undefined, err: (l) => err.push(l), cwd: project.root, env, isTty: false };
  const code = await main(['validate'], io);
  expect(err.join('\n')).toBe('');
  return code;
}

const compiled = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith('schemas-'));

it('each CLI call keeps compiled schemas in its own KONTRAK_CACHE_DIR, and `off` keeps none', async () => {
  const first = folder();
  const second = folder();
  expect(await validate({ KONTRAK_CACHE_DIR: first })).toBe(0);
  expect(await validate({ KONTRAK_CACHE_DIR: 'off' })).toBe(0);
  expect(await validate({ KONTRAK_CACHE_DIR: second })).toBe(0);
  expect(compiled(first)).toHaveLength(1);
  expect(compiled(second)).toEqual(compiled(first));
});
