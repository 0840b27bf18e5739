import { LineCounter, parseDocument, isMap, isScalar, isSeq, visit, type Document, type Node } from 'yaml';
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { CODES } from '../diagnostics/codes.ts';
import { parseSplit, splitRequests } from './parse-large.ts';
import type { SourceRef } from '../model/types.ts';

/** A parsed YAML file that can still answer "where is this value?". */
export interface ParsedFile {
  file: string;
  document: Document.Parsed;
  lines: LineCounter;
  /** The plain JS value (undefined when the YAML could not be parsed). */
  data: unknown;
}

/** Files from this size on are parsed a request at a time when they can be (parse-large.ts). */
export const LARGE_FILE_BYTES = 1024 * 1024;

/** Aliases a file may expand in all: past it, a "billion laughs" file is refused, not expanded. */
export const MAX_ALIAS_COUNT = 100;

/**
 * The document as plain data, or a positioned diagnostic: no YAML tags (`!!binary`, `!custom`:
 * kontrak's format has none, and each would mean something else to another tool), and no more
 * alias expansions than MAX_ALIAS_COUNT.
 */
function toData(
  file: string,
  document: Document.Parsed,
  lines: LineCounter,
): { data?: unknown; diagnostics: Diagnostic[] } {
  const at = (node: Node | undefined): { file: string; line: number; column: number } => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    return { file, line, column: col };
  };
  const diagnostics: Diagnostic[] = [];
  let firstAlias: Node | undefined;
  visit(document, {
    Alias(_key, node) {
      firstAlias ??= node;
    },
    Node(_key, node) {
      if (node.tag && diagnostics.length < 20)
        diagnostics.push(
          error('E_YAML_TAG', `YAML tag ${node.tag.replace(/^tag:yaml\.org,2002:/, '!!')} is not allowed`, {
            ...at(node),
            hint: 'remove the tag; write the value as plain YAML (quote it to make it a string)',
          }),
        );
    },
  });
  if (diagnostics.length) return { diagnostics };
  try {
    return { data: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), diagnostics };
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    return {
      diagnostics: [
        error('E_YAML_ALIAS_LIMIT', `aliases expand too far: ${e.message}`, {
          ...at(firstAlias),
          hint: `at most ${MAX_ALIAS_COUNT} alias expansions per file; write the values out instead of nesting aliases`,
        }),
      ],
    };
  }
}

/**
 * Parse one YAML file, turning syntax errors into positioned diagnostics. `releaseMemory` is
 * called now and then while a large file is parsed piece by piece.
 */
export function parseYaml(
  file: string,
  text: string,
  largeFileBytes = LARGE_FILE_BYTES,
  releaseMemory?: () => void,
): { parsed: ParsedFile; diagnostics: Diagnostic[] } {
  if (text.length >= largeFileBytes) {
    const split = splitRequests(text);
    const parts = split && parseSplit(text, split, releaseMemory);
    // Parsed cleanly (the piecewise path takes no file with an error or a warning).
    if (parts) {
      const { data, diagnostics } = toData(file, parts.document, parts.lines);
      return { parsed: { file, ...parts, data }, diagnostics };
    }
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const diagnostics = [...document.errors, ...document.warnings].map((e) => {
    const [start] = e.linePos ?? [];
    const firstLine = e.message.split('\n')[0] ?? e.message;
    return error(
      `E_YAML_${e.code}`,
      `invalid YAML: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`,
      {
        severity: document.errors.includes(e) ? 'error' : 'warning',
        file,
        line: start?.line ?? 1,
        column: start?.col ?? 1,
        hint: CODES[`E_YAML_${e.code}`].hint,
      },
    );
  });
  if (document.errors.length) return { parsed: { file, document, lines, data: undefined }, diagnostics };
  const converted = toData(file, document, lines);
  return {
    parsed: { file, document, lines, data: converted.data },
    diagnostics: [...diagnostics, ...converted.diagnostics],
  };
}

/** JSON Pointer ("/suite/requests/0") → path segments with numeric indexes. */
export function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The YAML node at a path, walking as deep as the document goes. */
function nodeAt(document: Document.Parsed, path: ReadonlyArray<string | number>): Node | undefined {
  let node: Node | undefined = document.contents ?? undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return node;
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}

/** Where a value lives; with `key`, where that key of the mapping at `path` is written. */
export function locate(parsed: ParsedFile, path: ReadonlyArray<string | number>, key?: string): SourceRef {
  let node = nodeAt(parsed.document, path);
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (pair && isScalar(pair.key)) node = pair.key;
  }
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = parsed.lines.linePos(offset);
  return { file: parsed.file, line, column: col };
}
