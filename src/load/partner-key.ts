/**
 * Reading what a partners file points at: small regular files only (checked before the read,
 * since opening a FIFO waits for a writer forever), and a partner's RSA public key in PEM.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/** Largest publicKey file read: an RSA-16384 public key in PEM is under 3 KB. */
const KEY_FILE_MAX_BYTES = 64 * 1024;

export type SmallFile =
  | { ok: true; text: string }
  | { ok: false; why: 'missing'; code: string }
  | { ok: false; why: 'not-a-file' }
  | { ok: false; why: 'too-large'; size: number };

/** The text of `path` when it is a regular file of at most `limit` bytes. */
export function readSmallFile(path: string, limit: number): SmallFile {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return { ok: false, why: 'not-a-file' };
    if (stat.size > limit) return { ok: false, why: 'too-large', size: stat.size };
    return { ok: true, text: readFileSync(path, 'utf8') };
  } catch (e) {
    return { ok: false, why: 'missing', code: (e as NodeJS.ErrnoException).code ?? 'error' };
  }
}

/** The SPKI PEM of the RSA public key in `path` (named `file` in the partners file), or what is wrong. */
export function readPublicKeyPem(
  path: string,
  file: string,
): { ok: true; pem: string } | { ok: false; message: string; hint: string } {
  const read = readSmallFile(path, KEY_FILE_MAX_BYTES);
  if (!read.ok) {
    const hint = 'give a PEM file path relative to the partners file';
    if (read.why === 'missing')
      return { ok: false, message: `cannot read publicKey file ${path} (${read.code})`, hint };
    if (read.why === 'not-a-file')
      return { ok: false, message: `publicKey ${file} is not a regular file`, hint };
    return {
      ok: false,
      message: `publicKey ${file} is ${read.size} bytes, more than the ${KEY_FILE_MAX_BYTES} bytes a key file may have`,
      hint,
    };
  }
  if (/PRIVATE KEY-----/.test(read.text))
    return {
      ok: false,
      message: `${file} holds a private key; the mock needs only the public half`,
      hint: 'export it: openssl pkey -in private.pem -pubout -out public.pem',
    };
  try {
    const key = createPublicKey(read.text);
    if (key.asymmetricKeyType === 'rsa')
      return { ok: true, pem: key.export({ type: 'spki', format: 'pem' }).toString() };
    return {
      ok: false,
      message: `${file} is a ${key.asymmetricKeyType ?? 'non-RSA'} key; SNAP tokens are signed with RSA`,
      hint: 'register the public half of your RSA key pair',
    };
  } catch (e) {
    return {
      ok: false,
      message: `${file} is not a PEM public key (${(e as Error).message})`,
      hint: 'expected -----BEGIN PUBLIC KEY----- (SPKI) or -----BEGIN RSA PUBLIC KEY-----',
    };
  }
}
