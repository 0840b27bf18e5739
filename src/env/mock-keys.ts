import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, writeCacheFile } from '../cache.ts';

/**
 * Throwaway RSA key pairs for the embedded mock bank's partners. Generating one costs about 100 ms
 * of CPU, on every run, for keys that only ever sign requests to a mock on loopback; so they are
 * generated once and kept in node_modules/.cache/kontrak/mock-keys.json (mode 0600, never in git,
 * never in a report: the run masks them like any private key). KONTRAK_CACHE_DIR moves the cache;
 * KONTRAK_CACHE_DIR=off generates fresh keys every run. Keys for real sandboxes never come here.
 */
export interface MockKeyPair {
  privatePem: string;
  publicPem: string;
}

const inProcess = new Map<number, MockKeyPair>();

function cacheFile(): string | undefined {
  const dir = cacheDir();
  return dir === undefined ? undefined : join(dir, 'mock-keys.json');
}

function generate(): MockKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A cached pair is used only if its public key is the private key's (a damaged file is replaced). */
function consistent(pair: unknown): pair is MockKeyPair {
  if (!pair || typeof pair !== 'object') return false;
  const { privatePem, publicPem } = pair as Partial<MockKeyPair>;
  if (typeof privatePem !== 'string' || typeof publicPem !== 'string') return false;
  try {
    const derived = createPublicKey(createPrivateKey(privatePem)).export({ type: 'spki', format: 'pem' });
    return derived.toString() === publicPem;
  } catch {
    return false;
  }
}

function readCache(file: string): MockKeyPair[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(parsed) ? (parsed as MockKeyPair[]) : [];
  } catch {
    return [];
  }
}

/** The mock key pair in `slot` (one slot per provider of a run): from memory, the cache, or new. */
export function mockKeyPair(slot: number): MockKeyPair {
  const known = inProcess.get(slot);
  if (known) return known;
  const file = cacheFile();
  const cached = file ? readCache(file) : [];
  let pair = cached[slot];
  if (!consistent(pair)) {
    pair = generate();
    if (file) {
      const fresh = readCache(file); // another run may have added slots meanwhile
      fresh[slot] = pair;
      for (let i = 0; i < fresh.length; i++) fresh[i] ??= generate();
      writeCacheFile(file, JSON.stringify(fresh));
    }
  }
  inProcess.set(slot, pair);
  return pair;
}
