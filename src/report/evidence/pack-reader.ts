/**
 * Reading an evidence pack someone else may have handed over: only regular files inside it,
 * each within a size limit and the whole within another. A path that leaves the pack, a symlink
 * leading out, a FIFO or a device is refused before a byte of it is read, and nothing of it is shown.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface PackLimits {
  /** Largest pack file read (hashed in chunks). */
  fileBytes: number;
  /** Most bytes read from one pack in all. */
  packBytes: number;
  /** Largest file held in memory to name its changed rows. */
  comparedBytes: number;
  /** Largest total a changed workbook may inflate to and still be compared row by row. */
  xlsxUncompressedBytes: number;
  /** Most files and folders a pack may hold. */
  entries: number;
}

/**
 * Bounds far above any pack kontrak writes (results cut each body at 16 KB), far below what
 * would exhaust a CI runner. Files up to `comparedBytes` are held to name their rows; larger
 * ones are hashed in chunks. exceljs takes up to 15 times a workbook's inflated size to load it
 * (measured: 60 MB of small cells, 850 MB), so a changed workbook is compared row by row up to
 * 16 MiB inflated, a few thousand rows of evidence.
 */
export const DEFAULT_PACK_LIMITS: PackLimits = {
  fileBytes: 1024 * 1024 * 1024,
  packBytes: 4 * 1024 * 1024 * 1024,
  comparedBytes: 64 * 1024 * 1024,
  xlsxUncompressedBytes: 16 * 1024 * 1024,
  entries: 10_000,
};

/** Why a path from a manifest is not a plain path inside the pack, or undefined when it is. */
export function packPathProblem(path: string): string | undefined {
  const segments = path.split('/');
  if (
    path === '' ||
    path.includes('\\') ||
    // eslint-disable-next-line no-control-regex -- kontrak names no file with a control character
    /[\u0000-\u001f\u007f-\u009f]/.test(path) ||
    segments.some((s) => s === '' || s === '.' || s === '..')
  )
    return 'is not a path inside the pack (relative, with / between names, no "." or "..", no backslash or control character)';
  return undefined;
}

export type PackRead =
  | { sha256: string; size: number; /** The bytes, when no more than `comparedBytes`. */ bytes?: Buffer }
  | { missing: true }
  | { refused: string };

const KINDS: Array<[(s: import('node:fs').Stats) => boolean, string]> = [
  [(s) => s.isFIFO(), 'a FIFO'],
  [(s) => s.isCharacterDevice(), 'a character device'],
  [(s) => s.isBlockDevice(), 'a block device'],
  [(s) => s.isSocket(), 'a socket'],
  [(s) => s.isDirectory(), 'a folder'],
];

const kindOf = (s: import('node:fs').Stats): string => KINDS.find(([is]) => is(s))?.[1] ?? 'not a file';

const errnoOf = (e: unknown): { failed: string } => ({
  failed: (e as NodeJS.ErrnoException).code ?? 'error',
});

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep);
}

/**
 * One pack file (`path` as the manifest names it, already checked by `packPathProblem`), read by
 * a pack reader that counts what the whole pack has read.
 */
export class PackReader {
  private read = 0;
  private constructor(
    private readonly realRoot: string,
    readonly limits: PackLimits,
  ) {}

  /** A reader of the pack at `dir`; undefined when there is no such folder. */
  static async of(dir: string, limits: PackLimits): Promise<PackReader | undefined> {
    const realRoot = await realpath(dir).catch(() => undefined);
    return realRoot === undefined ? undefined : new PackReader(realRoot, limits);
  }

  /** True once the pack has read more than its total allows. */
  get overTotal(): boolean {
    return this.read > this.limits.packBytes;
  }

  /** `keep`: hold the bytes whatever their size (else only up to `comparedBytes`). */
  async file(path: string, options: { maxBytes?: number; keep?: boolean } = {}): Promise<PackRead> {
    const maxBytes = options.maxBytes ?? this.limits.fileBytes;
    const full = join(this.realRoot, ...path.split('/'));
    const real = await realpath(full).catch(errnoOf);
    if (typeof real !== 'string') {
      if (real.failed === 'ENOENT') {
        // A symlink whose target is missing is still a link out of (or within) the pack, not a missing file.
        const link = await lstat(full).catch(() => undefined);
        return link?.isSymbolicLink() ? { refused: `${path} is a symlink to nothing` } : { missing: true };
      }
      return { refused: `${path} cannot be read (${real.failed})` };
    }
    if (!inside(this.realRoot, real))
      return { refused: `${path} leads out of the pack (a symlink); not read` };
    // O_NONBLOCK: opening a FIFO that slipped in after the checks above does not wait for a writer.
    const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW).catch(
      errnoOf,
    );
    if ('failed' in handle) return { refused: `${path} cannot be read (${handle.failed})` };
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) return { refused: `${path} is not a regular file (${kindOf(stats)}); not read` };
      if (stats.size > maxBytes)
        return {
          refused: `${path} is ${stats.size} bytes, more than the ${maxBytes} bytes a pack file may have`,
        };
      this.read += stats.size;
      if (this.overTotal)
        return { refused: `the pack holds more than ${this.limits.packBytes} bytes; ${path} not read` };
      return await hashed(
        handle,
        stats.size,
        options.keep === true || stats.size <= this.limits.comparedBytes,
      );
    } finally {
      await handle.close();
    }
  }

  /**
   * Every file of the pack (anything but a folder: symlinks, FIFOs and devices included, none
   * followed or opened), as paths relative to it with /; refused past `entries` or when a
   * folder cannot be listed.
   */
  async entries(): Promise<string[] | { refused: string }> {
    const found: string[] = [];
    let seen = 0;
    const walk = async (folder: string, prefix: string): Promise<string | undefined> => {
      const listed = await readdir(folder, { withFileTypes: true }).catch(errnoOf);
      if ('failed' in listed) return `${prefix || 'the pack'} cannot be listed (${listed.failed})`;
      for (const entry of listed.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (++seen > this.limits.entries)
          return `the pack holds more than ${this.limits.entries} files and folders`;
        const path = `${prefix}${entry.name}`;
        if (!entry.isDirectory()) {
          found.push(path);
          continue;
        }
        const problem = await walk(join(folder, entry.name), `${path}/`);
        if (problem) return problem;
      }
      return undefined;
    };
    const problem = await walk(this.realRoot, '');
    return problem ? { refused: problem } : found;
  }
}

/** Reads `size` bytes at most in chunks, hashing them; keeps them when asked. */
async function hashed(
  handle: import('node:fs/promises').FileHandle,
  size: number,
  keep: boolean,
): Promise<PackRead> {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(Math.min(size, 1024 * 1024) || 1);
  const kept: Buffer[] = [];
  let total = 0;
  while (total < size) {
    const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, size - total), total);
    if (bytesRead === 0) break;
    const part = chunk.subarray(0, bytesRead);
    hash.update(part);
    if (keep) kept.push(Buffer.from(part));
    total += bytesRead;
  }
  return { sha256: hash.digest('hex'), size: total, ...(keep ? { bytes: Buffer.concat(kept) } : {}) };
}
