/** Throwaway mock keys are generated once and reused from a private cache file. */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

let dir: string;
/** KONTRAK_CACHE_DIR as the CLI passes it on. */
let setting: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kontrak-keys-'));
  setting = dir;
  vi.resetModules();
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const load = async () => {
  (await import('../../src/cache.ts')).setCacheDir(setting);
  return (await import('../../src/env/mock-keys.ts')).mockKeyPair;
};

it('writes generated pairs to a file only its owner can read, and a new process reuses them', async () => {
  const first = (await load())(1);
  const file = join(dir, 'mock-keys.json');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const derived = createPublicKey(createPrivateKey(first.privatePem)).export({ type: 'spki', format: 'pem' });
  expect(derived.toString()).toBe(first.publicPem);
  vi.resetModules(); // as a later run would: nothing in memory
  const again = await load();
  expect(again(1)).toEqual(first);
  expect(again(0).privatePem).not.toBe(first.privatePem); // one pair per provider slot
});

it('replaces a damaged cache instead of using it', async () => {
  writeFileSync(join(dir, 'mock-keys.json'), JSON.stringify([{ privatePem: 'nope', publicPem: 'nope' }]));
  const pair = (await load())(0);
  expect(pair.privatePem).toContain('BEGIN PRIVATE KEY');
  const stored = JSON.parse(readFileSync(join(dir, 'mock-keys.json'), 'utf8')) as Array<{
    privatePem: string;
  }>;
  expect(stored[0]?.privatePem).toBe(pair.privatePem);
});

it('KONTRAK_CACHE_DIR=off generates fresh pairs and writes nothing', async () => {
  setting = 'off';
  const pair = (await load())(0);
  expect(pair.publicPem).toContain('BEGIN PUBLIC KEY');
  expect(() => statSync(join(dir, 'mock-keys.json'))).toThrow();
});
