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
  const { mockKeyPair } = await import('../../src/env/mock-keys.ts');
  return (slot: number) => mockKeyPair(slot, setting);
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

it('replaces a pair whose halves no longer belong together (one key edited in the file)', async () => {
  const first = (await load())(0);
  const other = (await load())(1);
  const file = join(dir, 'mock-keys.json');
  const stored = JSON.parse(readFileSync(file, 'utf8')) as Array<Record<string, string>>;
  stored[0] = { ...stored[0], publicPem: other.publicPem };
  writeFileSync(file, JSON.stringify(stored));
  vi.resetModules();
  const pair = (await load())(0);
  expect(pair.privatePem).not.toBe(first.privatePem);
  const derived = createPublicKey(createPrivateKey(pair.privatePem)).export({ type: 'spki', format: 'pem' });
  expect(derived.toString()).toBe(pair.publicPem);
});

it('KONTRAK_CACHE_DIR=off generates fresh pairs and writes nothing', async () => {
  setting = 'off';
  const pair = (await load())(0);
  expect(pair.publicPem).toContain('BEGIN PUBLIC KEY');
  expect(() => statSync(join(dir, 'mock-keys.json'))).toThrow();
});
