/** Places in an import's source: a JSON pointer or a text offset as line and column. */
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';

export type Place = Pick<Diagnostic, 'file' | 'line' | 'column'>;

/** Line and column (1-based) of an offset into `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** `/item/0/request` → ['item', 0, 'request'] (RFC 6901 escapes undone). */
function segments(pointer: string): Array<string | number> {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Escape one key for a JSON pointer. */
export const pointerKey = (key: string | number): string =>
  String(key).replace(/~/g, '~0').replace(/\//g, '~1');

/** Locates JSON pointers in one JSON text: the place of the value (or of its nearest parent). */
export function jsonPlaces(file: string, text: string): (pointer: string) => Place {
  const tree: Node | undefined = parseTree(text);
  return (pointer) => {
    if (!tree) return { file };
    let path = segments(pointer);
    for (;;) {
      const node = findNodeAtLocation(tree, path);
      // A property's value: point at its key, where a reader looks for it.
      const at = node?.parent?.type === 'property' ? node.parent : node;
      if (at) return { file, ...lineColumn(text, at.offset) };
      if (!path.length) return { file };
      path = path.slice(0, -1);
    }
  };
}
