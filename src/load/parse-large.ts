/**
 * A large suite file parsed one request at a time. The `yaml` library holds a whole file's syntax
 * tree and document at once while it parses: for a 6.4 MB file of 10,000 requests that is 340 MB
 * live. Here the YAML lexer finds where each item of `suite.requests` starts; the rest of the
 * file is parsed with that list blanked out (offsets unchanged), each item on its own, and the
 * item nodes, their offsets moved to the file's, become the list. The document is the same, node
 * for node and offset for offset, as a whole-file parse (test/load/parse-large.test.ts).
 *
 * Only plain files take this path: no anchors, aliases, tags, directives or document markers, a
 * block `requests:` list under a top-level `suite:`. Anything else, or any error in a piece, goes
 * back to the whole-file parse, which reports errors with their exact places.
 */
import { Lexer, LineCounter, parseDocument, visit, YAMLSeq, isSeq, type Document, type Node } from 'yaml';
import { must } from '../must.ts';

/** Where the items of `suite.requests` are. */
export interface RequestsSplit {
  /** Offset of the first character of each item's first line (its indentation). */
  itemStarts: number[];
  /** Offset just past the list. */
  end: number;
  /** Column of the items' `-`. */
  indent: number;
}

/** Lexer markers that stand for no source text (document start, scalar start, flow error end). */
const isMarker = (lexeme: string): boolean =>
  lexeme.length === 1 && lexeme.charCodeAt(0) < 0x20 && !'\t\n\r'.includes(lexeme);
/** What this path does not handle: anchors, aliases, tags, directives, document markers, complex keys. */
const UNSUPPORTED = /^(?:[&*!%?]|---|\.\.\.)/;

interface Line {
  start: number;
  indent: number;
  /** The line's first significant lexemes (no indentation, markers, spaces or comments), at most 3. */
  tokens: string[];
  depthAtStart: number;
}

/** The lines of a file, from its lexemes; undefined when a lexeme is unsupported or does not match the text. */
function linesOf(text: string): Line[] | undefined {
  const lines: Line[] = [];
  let offset = 0;
  let depth = 0;
  let line: Line = { start: 0, indent: 0, tokens: [], depthAtStart: 0 };
  let atStart = true;
  const newLine = (at: number): void => {
    lines.push(line);
    line = { start: at, indent: 0, tokens: [], depthAtStart: depth };
    atStart = true;
  };
  for (const lexeme of new Lexer().lex(text)) {
    if (isMarker(lexeme)) continue;
    if (!text.startsWith(lexeme, offset) || UNSUPPORTED.test(lexeme)) return undefined;
    offset += lexeme.length;
    if (lexeme === '\n' || lexeme === '\r\n') {
      newLine(offset);
    } else if (atStart && /^ +$/.test(lexeme)) {
      line.indent = lexeme.length;
      atStart = false;
    } else if (lexeme.includes('\n')) {
      // The text of a block scalar or of a multi-line string: it starts no structure.
      if (lexeme.endsWith('\n')) newLine(offset);
      else atStart = false;
    } else {
      atStart = false;
      if (/^[ \t]+$/.test(lexeme) || lexeme.startsWith('#')) continue;
      if (line.tokens.length < 3) line.tokens.push(lexeme); // enough for `-`, `suite:` and `requests:`
      if (lexeme === '{' || lexeme === '[') depth++;
      if (lexeme === '}' || lexeme === ']') depth--;
    }
  }
  if (offset !== text.length) return undefined;
  lines.push(line);
  return lines;
}

/** Finds the items of a block `requests:` list under a top-level `suite:`; undefined when the file is not shaped so. */
/** The index of the suite's `requests:` line, or where the suite's keys end. */
function requestsKeyIndex(lines: readonly Line[], from: number, keyIndent: number): number {
  let i = from;
  for (let line = lines[i]; line && line.indent >= keyIndent; line = lines[++i]) {
    if (line.indent === keyIndent && line.tokens.join('') === 'requests:') break;
  }
  return i;
}

export function splitRequests(text: string): RequestsSplit | undefined {
  const lines = linesOf(text)?.filter((l) => l.tokens.length > 0);
  if (!lines) return undefined;
  const suite = lines.findIndex(
    (l) => l.indent === 0 && l.depthAtStart === 0 && l.tokens.join('') === 'suite:',
  );
  if (suite < 0) return undefined;
  const keyIndent = lines[suite + 1]?.indent ?? 0;
  const i = requestsKeyIndex(lines, suite + 1, keyIndent);
  const first = lines[i + 1];
  if (
    i >= lines.length ||
    !first ||
    first.tokens[0] !== '-' ||
    first.indent < keyIndent ||
    first.depthAtStart !== 0
  )
    return undefined;
  const indent = first.indent;
  const itemStarts: number[] = [];
  let end = text.length;
  for (const line of lines.slice(i + 1)) {
    if (line.depthAtStart !== 0) continue;
    if (line.indent < indent || (line.indent === indent && line.tokens[0] !== '-')) {
      end = line.start;
      break;
    }
    if (line.indent === indent) itemStarts.push(line.start);
  }
  return { itemStarts, end, indent };
}

/**
 * The file with the list replaced by `[]` and blanks, every other character where it was. `[]`
 * goes one column right of the items' `-`, which may stand at the key's own column.
 */
function withEmptyList(text: string, split: RequestsSplit): string {
  const start = must(split.itemStarts[0], 'first request');
  const list = text.slice(start, split.end);
  const blank = `${' '.repeat(split.indent + 1)}[]${list.slice(split.indent + 3).replace(/[^\n]/g, ' ')}`;
  return text.slice(0, start) + blank.slice(0, list.length) + text.slice(split.end);
}

/** Parses the file piece by piece; undefined (parse it whole) when any piece does not parse cleanly. */
export function parseSplit(
  text: string,
  split: RequestsSplit,
  releaseMemory?: () => void,
): { document: Document.Parsed; lines: LineCounter } | undefined {
  const document = parseDocument(withEmptyList(text, split), { uniqueKeys: true });
  if (document.errors.length || document.warnings.length) return undefined;
  const items: Node[] = [];
  for (const [k, start] of split.itemStarts.entries()) {
    const piece = parseDocument(text.slice(start, split.itemStarts[k + 1] ?? split.end), {
      uniqueKeys: true,
    });
    const contents = piece.contents;
    if (piece.errors.length || piece.warnings.length || !isSeq(contents) || contents.items.length !== 1)
      return undefined;
    const item = contents.items[0] as Node;
    visit(item, {
      Node(_key, node) {
        if (node.range) node.range = [node.range[0] + start, node.range[1] + start, node.range[2] + start];
      },
    });
    items.push(item);
    // Each piece leaves its syntax tree behind; collected as it adds up, not all at the end.
    if (k % 100 === 99) releaseMemory?.();
  }
  const list = new YAMLSeq(document.schema);
  list.items = items;
  list.range = [must(split.itemStarts[0], 'first request') + split.indent, split.end, split.end];
  document.setIn(['suite', 'requests'], list);
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines.addNewLine(at + 1);
  return { document, lines };
}
