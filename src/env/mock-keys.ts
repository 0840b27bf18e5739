import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, writeCacheFile } from '../cache.ts';
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import type { EnvValue, MockCredentials } from './values.ts';

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

function cacheFile(setting: string | undefined): string | undefined {
  const dir = cacheDir(setting);
  return dir === undefined ? undefined : join(dir, 'mock-keys.json');
}

/** A new pair, never cached: for the standalone mock, which keeps its own keys. */
export function newMockKeyPair(): MockKeyPair {
  return generate();
}

function generate(): MockKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * A cached pair is used only if it is whole: its checksum, written with it once the public key was
 * derived from the private key, still matches (a damaged or hand-edited file is replaced). Checking
 * the checksum costs microseconds; deriving the public key again cost several ms per provider.
 */
function consistent(pair: unknown): pair is MockKeyPair {
  if (!pair || typeof pair !== 'object') return false;
  const { privatePem, publicPem, checksum } = pair as Partial<CachedKeyPair>;
  if (typeof privatePem !== 'string' || typeof publicPem !== 'string') return false;
  return checksum === checksumOf({ privatePem, publicPem });
}

/** What the cache file holds per slot. */
interface CachedKeyPair extends MockKeyPair {
  checksum: string;
}

function checksumOf(pair: MockKeyPair): string {
  return createHash('sha256').update(pair.privatePem).update('\n').update(pair.publicPem).digest('hex');
}

/** A new pair as cached, checked once: its public key is the private key's. */
function generateCached(): CachedKeyPair {
  const pair = generate();
  const derived = createPublicKey(createPrivateKey(pair.privatePem)).export({ type: 'spki', format: 'pem' });
  if (derived.toString() !== pair.publicPem) throw new Error('mock keys: generated pair does not match');
  return { ...pair, checksum: checksumOf(pair) };
}

function readCache(file: string): CachedKeyPair[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(parsed) ? (parsed as CachedKeyPair[]) : [];
  } catch {
    return [];
  }
}

/**
 * The mock key pair in `slot` (one slot per provider of a run): from memory, the cache, or new.
 * `cache` is KONTRAK_CACHE_DIR as the caller read it (cache.ts).
 */
export function mockKeyPair(slot: number, cache?: string): MockKeyPair {
  const known = inProcess.get(slot);
  if (known) return known;
  const file = cacheFile(cache);
  const cached = file ? readCache(file) : [];
  const cachedPair = cached[slot];
  let pair: MockKeyPair;
  if (consistent(cachedPair)) pair = cachedPair;
  else {
    const made = generateCached();
    pair = made;
    if (file) {
      const fresh = readCache(file); // another run may have added slots meanwhile
      fresh[slot] = made;
      for (let i = 0; i < fresh.length; i++) if (!consistent(fresh[i])) fresh[i] = generateCached();
      writeCacheFile(file, JSON.stringify(fresh));
    }
  }
  const kept = { privatePem: pair.privatePem, publicPem: pair.publicPem };
  inProcess.set(slot, kept);
  return kept;
}

/** What the standalone mock keeps in .kontrak/mock-credentials.json: its values and partners. */
export interface StoredCredentials {
  values: EnvValue[];
  partners: MockCredentials[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const strings = (v: unknown, keys: readonly string[]): boolean =>
  isObject(v) && keys.every((k) => typeof v[k] === 'string');

/** Why `parsed` is not what `kontrak mock` writes, or undefined when it is. */
function storedProblem(parsed: unknown): string | undefined {
  if (!isObject(parsed)) return 'it is not a JSON object';
  const { values, partners } = parsed;
  if (!Array.isArray(values)) return '"values" is not a list';
  if (!Array.isArray(partners)) return '"partners" is not a list';
  const value = values.findIndex((v) => !strings(v, ['key', 'value']));
  if (value !== -1) return `values[${value}] has no string "key" and "value"`;
  const partner = partners.findIndex(
    (p) => !strings(p, ['provider', 'clientId', 'clientSecret', 'publicKeyPem']),
  );
  if (partner !== -1)
    return `partners[${partner}] has no string "provider", "clientId", "clientSecret" and "publicKeyPem"`;
  return undefined;
}

/**
 * The standalone mock's stored credentials (none yet when the file is missing), or the diagnostic
 * saying the file is damaged. Its text is never quoted: it holds private keys.
 */
export function readStoredCredentials(path: string, shown: string): Outcome<StoredCredentials> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return { value: { values: [], partners: [] }, diagnostics: [] };
    return {
      diagnostics: [damaged(shown, `it cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`)],
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { diagnostics: [damaged(shown, 'it is not JSON')] };
  }
  const problem = storedProblem(parsed);
  if (problem !== undefined) return { diagnostics: [damaged(shown, problem)] };
  return { value: parsed as StoredCredentials, diagnostics: [] };
}

function damaged(shown: string, why: string): Diagnostic {
  return error('E_MOCK_CREDENTIALS', `${shown} is not what kontrak mock writes: ${why}`, {
    file: shown,
    hint: `remove ${shown} and start kontrak mock again: it makes new throwaway keys (import its Postman environment again; partners you added to the file by hand must be added again)`,
  });
}
