/**
 * Reading the project's input files, with the limits hostile input needs: regular files only, a
 * size limit, strict UTF-8, and symlinks that stay inside the project (a loop or a link out is a
 * diagnostic). A refused file is named, never shown: its diagnostics quote none of its bytes,
 * and `acceptedText` (the only source of excerpts) gives nothing of a file this gate refuses.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { error, type Diagnostic } from './diagnostics/diagnostic.ts';

/**
 * Largest input file by default: the 10,000-request single-file benchmark suite is about 7 MB;
 * a YAML file takes 20× its size in memory while it is parsed.
 */
export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;
/** The option that raises it, named in the diagnostic. */
export const MAX_FILE_BYTES_FLAG = '--max-file-bytes';

let maxFileBytes = DEFAULT_MAX_FILE_BYTES;
/** Set by the CLI from --max-file-bytes. */
export function setMaxFileBytes(bytes: number): void {
  maxFileBytes = bytes;
}

/** A path as diagnostics show it: relative to the directory kontrak was started in. */
const shownFrom = (cwd: string, path: string): string => relative(cwd, path) || path;

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

/**
 * Files under `dir` whose names match `pattern`, sorted, walking into subfolders. A symlink is
 * followed only when its target lies inside `root`; a loop or a link out is reported, its path
 * shown relative to `cwd`.
 */
export function walkFiles(
  root: string,
  dir: string,
  pattern: RegExp,
  cwd = root,
): { files: string[]; diagnostics: Diagnostic[] } {
  const shown = (path: string): string => shownFrom(cwd, path);
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return { files, diagnostics };
  }
  const seen = new Set<string>();
  const walk = (folder: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(folder).sort();
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry);
      const link = lstatSync(path);
      if (link.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(path);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          diagnostics.push(
            error(
              code === 'ELOOP' ? 'E_SYMLINK_LOOP' : 'E_SYMLINK_BROKEN',
              code === 'ELOOP' ? 'symlink loop' : 'symlink to nothing',
              {
                file: shown(path),
                line: 1,
                column: 1,
                hint: 'remove the link or point it at a file in the project',
              },
            ),
          );
          continue;
        }
        if (!inside(realRoot, target)) {
          diagnostics.push(
            error('E_SYMLINK_OUTSIDE', `symlink leads out of the project, to ${target}`, {
              file: shown(path),
              line: 1,
              column: 1,
              hint: 'copy the file into the project instead; kontrak reads nothing outside it',
            }),
          );
          continue;
        }
      }
      const stat = statSync(path);
      if (stat.isDirectory()) {
        const real = realpathSync(path);
        // A link back to a folder already walked would walk it forever.
        if (seen.has(real)) {
          diagnostics.push(
            error('E_SYMLINK_LOOP', 'symlink loop: this folder is already part of the walk', {
              file: shown(path),
              line: 1,
              column: 1,
              hint: 'remove the link',
            }),
          );
          continue;
        }
        seen.add(real);
        walk(path);
      } else if (pattern.test(entry)) files.push(path);
    }
  };
  seen.add(realpathSync(dir));
  walk(dir);
  return { files, diagnostics };
}

/** Offset of the first byte that is not valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Line and column (1-based, in characters) of a byte offset. */
function position(bytes: Buffer, offset: number): { line: number; column: number } {
  const before = bytes.subarray(0, offset);
  let line = 1;
  let lineStart = 0;
  for (let i = before.indexOf(0x0a); i !== -1; i = before.indexOf(0x0a, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: before.subarray(lineStart).toString('utf8').length + 1 };
}

/** What the gate found: the bytes of a regular file within the limit, or why not. */
type Gated = { bytes: Buffer } | { refused: 'not-a-file' | 'too-large'; size: number };

/**
 * The bytes of a regular file of at most `limit` bytes. Opened without blocking and checked on the
 * open descriptor: a FIFO, a device or a folder is never read (a FIFO would block, /dev/zero never
 * ends), even one swapped in after a path was walked.
 */
function gate(path: string, limit: number): Gated {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { refused: 'not-a-file', size: 0 };
    if (stat.size > limit) return { refused: 'too-large', size: stat.size };
    // Read to the limit and one byte past it: a file growing meanwhile is refused, not cut.
    const bytes = Buffer.alloc(stat.size + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < bytes.length; length += n)
      n = readSync(fd, bytes, length, bytes.length - length, null);
    if (length > limit) return { refused: 'too-large', size: length };
    return { bytes: bytes.subarray(0, length) };
  } finally {
    closeSync(fd);
  }
}

/** A file's text, or why it cannot be read as input: not a regular file, too large, or not UTF-8 (shown relative to `cwd`). */
export function readInputFile(path: string, cwd: string): { text?: string; diagnostics: Diagnostic[] } {
  const file = shownFrom(cwd, path);
  const gated = gate(path, maxFileBytes);
  if ('refused' in gated && gated.refused === 'not-a-file') {
    return {
      diagnostics: [
        error('E_NOT_A_FILE', 'not a regular file (a FIFO, a device or a socket): kontrak does not read it', {
          file,
          hint: 'input files are plain files; remove this one or replace it with a file',
        }),
      ],
    };
  }
  if ('refused' in gated) {
    return {
      diagnostics: [
        error(
          'E_FILE_TOO_LARGE',
          `${gated.size} bytes is more than the ${maxFileBytes} bytes an input file may have`,
          {
            file,
            line: 1,
            column: 1,
            hint: `split the file, or raise the limit with ${MAX_FILE_BYTES_FLAG} <bytes>`,
          },
        ),
      ],
    };
  }
  const { bytes } = gated;
  const bad = firstInvalidUtf8(bytes);
  if (bad !== -1) {
    // The position only: the byte itself is part of a file kontrak refuses.
    return {
      diagnostics: [
        error('E_NOT_UTF8', `byte ${bad} is not valid UTF-8`, {
          file,
          ...position(bytes, bad),
          hint: 'save the file as UTF-8',
        }),
      ],
    };
  }
  return { text: bytes.toString('utf8'), diagnostics: [] };
}

/**
 * The text of `path` when it is a file the gate accepts as project input (a regular file inside
 * `root`, within the size limit, valid UTF-8), else undefined: what a diagnostic's excerpt may
 * quote. A link out of the project, /proc/self/environ, a file too large or not UTF-8 give nothing.
 */
export function acceptedText(path: string, root: string): string | undefined {
  try {
    if (!inside(realpathSync(root), realpathSync(path))) return undefined;
    const gated = gate(path, maxFileBytes);
    if ('refused' in gated || firstInvalidUtf8(gated.bytes) !== -1) return undefined;
    return gated.bytes.toString('utf8');
  } catch {
    return undefined;
  }
}

/** Where diagnostics' excerpts come from: each file named read once, through `acceptedText`. */
export function excerptSource(cwd: string): (file: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (!cache.has(file)) cache.set(file, acceptedText(resolve(cwd, file), cwd));
    return cache.get(file);
  };
}
