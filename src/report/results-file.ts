/**
 * Reading a `results.json` back (merge, diff, evidence): JSON text in, a `RunResult` or positioned
 * diagnostics out, checked against schemas/results.schema.json, the one statement of its shape.
 */
import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import type { RunResult } from '../model/results.ts';
import { createAjv } from '../schemas/ajv.ts';
import { packagePath } from '../project/assets.ts';

const RESULTS_SCHEMA_FILE = packagePath('schemas', 'results.schema.json');
const HINT = 'merge, diff and evidence read the results.json files written by `kontrak run --reporters json`';
/** Past this many problems a file is plainly something else: the rest add nothing. */
const MAX_PROBLEMS = 10;

let validator: ValidateFunction<RunResult> | undefined;

/** The compiled results schema (compiled once per process). */
export function resultsValidator(): ValidateFunction<RunResult> {
  validator ??= createAjv().compile<RunResult>(
    JSON.parse(readFileSync(RESULTS_SCHEMA_FILE, 'utf8')) as object,
  );
  return validator;
}

const describe = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'a list'
      : typeof value === 'object'
        ? 'an object'
        : JSON.stringify(value);

const missing = (e: ErrorObject): string => (e.params as { missingProperty: string }).missingProperty;

/** Not a version-1 file at all: the one thing to say, every other error follows from it. */
const isVersionError = (e: ErrorObject): boolean =>
  (e.instancePath === '' &&
    (e.keyword === 'type' || (e.keyword === 'required' && missing(e) === 'kontrak'))) ||
  e.instancePath === '/kontrak';

/** One schema error in words, led by the JSON pointer of the value it is about. */
function problem(e: ErrorObject): string {
  const at = e.instancePath || '/';
  if (e.instancePath === '' && e.keyword === 'type') return 'is not a JSON object';
  if (e.instancePath === '/kontrak' && e.keyword === 'const')
    return `has results shape version ${JSON.stringify(e.data)}; this kontrak reads version 1`;
  if (e.instancePath === '' && e.keyword === 'required' && missing(e) === 'kontrak')
    return 'has no "kontrak" shape version; this kontrak reads version 1';
  if (e.keyword === 'required') return `at ${at}: missing "${missing(e)}"`;
  return `at ${at}: ${e.message ?? 'is invalid'}, found ${describe(e.data)}`;
}

/** Reads one `results.json`; `file` names it in diagnostics, each placed at the value it is about. */
export function parseResults(text: string, file: string): Outcome<RunResult> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // Where the parser stopped, never its message: that quotes the text of a file refused here
    // (a results.json linked to a token file would print the token).
    const at = /at position (\d+)/.exec((e as Error).message);
    const where = at ? offsetPosition(text, Number(at[1])) : undefined;
    return {
      diagnostics: [
        error('E_RESULTS_JSON', `${file} is ${text.trim() === '' ? 'empty, not JSON' : 'not valid JSON'}`, {
          file,
          ...where,
          hint: HINT,
        }),
      ],
    };
  }
  const validate = resultsValidator();
  if (validate(value)) return { value, diagnostics: [] };
  const all = validate.errors ?? [];
  const version = all.find(isVersionError);
  const errors = version ? [version] : all;
  const diagnostics: Diagnostic[] = errors.slice(0, MAX_PROBLEMS).map((e) =>
    error('E_RESULTS_SHAPE', `${file} ${problem(e)}`, {
      file,
      ...jsonPosition(text, e.instancePath),
      hint: HINT,
    }),
  );
  return { diagnostics };
}

/** JSON Pointer ("/suites/0/name") → its unescaped segments. */
function segmentsOf(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Line and column (1-based) where the value at `pointer` starts in JSON `text`, or where the
 * deepest part of the pointer that exists starts. A scan, not a parse: no copy of a 60 MB file.
 */
export function jsonPosition(text: string, pointer: string): { line: number; column: number } {
  return offsetPosition(text, new JsonScanner(text).offsetOf(segmentsOf(pointer)));
}

function offsetPosition(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

class JsonScanner {
  private i = 0;
  constructor(private readonly text: string) {}

  offsetOf(segments: readonly string[]): number {
    for (const segment of segments) {
      this.space();
      const start = this.i;
      const open = this.text[this.i];
      const found = open === '{' ? this.toKey(segment) : open === '[' ? this.toIndex(Number(segment)) : false;
      if (!found) return start;
    }
    this.space();
    return this.i;
  }

  private toKey(key: string): boolean {
    this.i++;
    for (;;) {
      this.space();
      if (this.text[this.i] !== '"') return false;
      const start = this.i;
      this.skipString();
      const name = JSON.parse(this.text.slice(start, this.i)) as string;
      this.space();
      this.i++; // the colon
      if (name === key) return true;
      this.skipValue();
      this.space();
      if (this.text[this.i] !== ',') return false;
      this.i++;
    }
  }

  private toIndex(index: number): boolean {
    this.i++;
    for (let k = 0; k < index; k++) {
      this.space();
      if (this.text[this.i] === ']') return false;
      this.skipValue();
      this.space();
      if (this.text[this.i] !== ',') return false;
      this.i++;
    }
    this.space();
    return this.text[this.i] !== ']' && this.i < this.text.length;
  }

  private space(): void {
    while (this.i < this.text.length && ' \t\r\n'.includes(this.text.charAt(this.i))) this.i++;
  }

  private skipString(): void {
    this.i++;
    while (this.i < this.text.length && this.text[this.i] !== '"')
      this.i += this.text[this.i] === '\\' ? 2 : 1;
    this.i++;
  }

  private skipValue(): void {
    this.space();
    let depth = 0;
    while (this.i < this.text.length) {
      const c = this.text.charAt(this.i);
      if (c === '"') {
        this.skipString();
        if (depth === 0) return;
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        if (depth === 0) return;
        depth--;
        if (depth === 0) {
          this.i++;
          return;
        }
      } else if (depth === 0 && (c === ',' || ' \t\r\n'.includes(c))) return;
      this.i++;
    }
  }
}
