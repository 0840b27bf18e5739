#!/usr/bin/env node
// Compiles src/ and scripts/ into dist/lib with tsc (tsconfig.build.json): what the installed
// package runs, and what bin/kontrak.js runs in a checkout. `npm run build` always compiles;
// bin/kontrak.js (and `node bin/build.js --if-changed`) compiles first only when a source changed
// since dist/lib was built (the record of that is dist/lib.inputs). Builds are serialised by a lock, compiled into a temporary folder and
// put in place whole, so a CLI started meanwhile never reads half a build.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const LIB = join(DIST, 'lib');
const RECORD = join(DIST, 'lib.inputs');
const LOCK = join(DIST, '.build-lock');
const INPUT_DIRS = ['src', 'scripts'];
const INPUT_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];
const LOCK_WAIT_MS = 10 * 60 * 1000;

function files(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|json)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** A digest of every input's path, size and time: any edit, new file or removed one changes it. */
function inputsDigest() {
  const hash = createHash('sha256');
  const all = [...INPUT_DIRS.flatMap((d) => files(join(ROOT, d))), ...INPUT_FILES.map((f) => join(ROOT, f))];
  for (const file of all.sort()) {
    try {
      const s = statSync(file);
      hash.update(`${relative(ROOT, file)}\0${s.size}\0${s.mtimeMs}\n`);
    } catch {
      hash.update(`${relative(ROOT, file)}\0missing\n`);
    }
  }
  return hash.digest('hex');
}

function recorded() {
  try {
    return readFileSync(RECORD, 'utf8');
  } catch {
    return undefined;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Holds the build lock while `work` runs; a lock left by a process that is gone is taken over. */
function withLock(work) {
  mkdirSync(DIST, { recursive: true });
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner;
      try {
        owner = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
      } catch {
        owner = undefined; // being created or removed right now
      }
      if (owner && !alive(owner)) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > until) throw new Error(`${LOCK} has been held for ${LOCK_WAIT_MS} ms`);
      else sleep(100);
    }
  }
  try {
    return work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Compiles into a temporary folder, then puts it in place of dist/lib; the tsc output when it fails.
 * `check: false` emits the same files without type-checking, in half the time: a checkout's runs
 * leave the checking to `tsc --noEmit` (npm test), as tsx did.
 */
function compile(check) {
  const digest = inputsDigest();
  const temporary = join(DIST, `lib.${process.pid}.tmp`);
  rmSync(temporary, { recursive: true, force: true });
  const tsc = createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
  const args = [tsc, '-p', 'tsconfig.build.json', '--outDir', temporary, ...(check ? [] : ['--noCheck'])];
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    rmSync(temporary, { recursive: true, force: true });
    return `kontrak: compiling the sources into dist/lib failed (npx tsc -p tsconfig.build.json):\n${result.stdout}${result.stderr}`;
  }
  const old = join(DIST, `lib.${process.pid}.old`);
  rmSync(RECORD, { force: true });
  try {
    renameSync(LIB, old);
  } catch {
    // no earlier build
  }
  renameSync(temporary, LIB);
  rmSync(old, { recursive: true, force: true });
  writeFileSync(RECORD, digest);
  return undefined;
}

/** Compiles unless dist/lib was built from the sources as they are; the failure's text if it fails. */
export function ensureBuilt() {
  const digest = inputsDigest();
  if (recorded() === digest) return undefined;
  return withLock(() => (recorded() === inputsDigest() ? undefined : compile(false)));
}

/** `npm run build` (and so `npm pack`): type-checks and compiles, whatever dist/lib holds. */
export function build() {
  return withLock(() => compile(true));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // --if-changed: only when a source changed since the last build (what bin/kontrak.js does).
  const failure = process.argv.includes('--if-changed') ? ensureBuilt() : build();
  if (failure) {
    process.stderr.write(failure);
    process.exitCode = 1;
  }
}
