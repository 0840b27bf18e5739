/**
 * Where a schema's `$ref`s lead, by schema key (`snap/money.json`), and how to move a schema to
 * another key without breaking them. Schemas name each other by relative paths from their own
 * key (`../money.json#/$defs/rupiah`), as ajv resolves them against each `$id`.
 */
import { posix } from 'node:path';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isObject = (node: Json | undefined): node is JsonObject =>
  node !== null && typeof node === 'object' && !Array.isArray(node);

/** A ref split into the key it leads to (undefined: this document) and its fragment. */
export function refTarget(ref: string, fromKey: string): { key: string | undefined; fragment: string } {
  const [path = '', fragment = ''] = ref.split('#');
  if (path === '') return { key: undefined, fragment };
  if (/^[a-z]+:/i.test(path)) {
    const marker = '/schemas/';
    const at = path.indexOf(marker);
    return { key: at >= 0 ? path.slice(at + marker.length) : path, fragment };
  }
  return { key: posix.normalize(posix.join(posix.dirname(fromKey), path)), fragment };
}

/** Every `$ref` in a schema, each with the object holding it. */
export function eachRef(node: Json, visit: (holder: JsonObject, ref: string) => void): void {
  if (Array.isArray(node)) for (const item of node) eachRef(item, visit);
  else if (isObject(node)) {
    if (typeof node.$ref === 'string') visit(node, node.$ref);
    for (const [key, value] of Object.entries(node))
      if (key !== 'const' && key !== 'enum' && key !== 'default' && key !== 'examples') eachRef(value, visit);
  }
}

/** The keys a document's refs lead to. */
export function referencedKeys(document: Json, key: string): Set<string> {
  const keys = new Set<string>();
  eachRef(document, (_holder, ref) => {
    const target = refTarget(ref, key).key;
    if (target !== undefined) keys.add(target);
  });
  return keys;
}

/** The keys reachable from `roots` through refs. */
export function closure(roots: Iterable<string>, documents: ReadonlyMap<string, Json>): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
    const document = documents.get(key);
    if (seen.has(key) || document === undefined) continue;
    seen.add(key);
    queue.push(...referencedKeys(document, key));
  }
  return seen;
}

/**
 * A copy of a schema node taken from `fromKey`, its refs rewritten to work from `toKey`:
 * `redirect` may send a ref to another key (a response-side copy), and a local ref (`#/$defs/x`)
 * keeps leading into `fromKey`.
 */
export function rebase(
  node: Json,
  fromKey: string,
  toKey: string,
  redirect: (key: string) => string = (key) => key,
): Json {
  const copy = structuredClone(node);
  eachRef(copy, (holder, ref) => {
    const { key, fragment } = refTarget(ref, fromKey);
    const target = redirect(key ?? fromKey);
    if (key === undefined && target === toKey) return;
    const relative = posix.relative(posix.dirname(toKey), target);
    holder.$ref = `${relative}${fragment ? `#${fragment}` : ''}`;
  });
  return copy;
}

/** The `$id` a schema gets at another key: its old id with the key swapped, or none. */
export function movedId(id: Json | undefined, fromKey: string, toKey: string): string | undefined {
  return typeof id === 'string' && id.endsWith(fromKey)
    ? `${id.slice(0, -fromKey.length)}${toKey}`
    : undefined;
}

/** The node a JSON pointer fragment (`/$defs/rupiah`) names in a document. */
export function atFragment(document: Json, fragment: string): Json | undefined {
  let node: Json | undefined = document;
  for (const token of fragment.split('/').slice(1)) {
    const name = token.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[name] : Array.isArray(node) ? node[Number(name)] : undefined;
  }
  return node;
}
