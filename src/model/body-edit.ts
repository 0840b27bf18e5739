/**
 * Copy-on-write edits of a JSON request body by dotted path (`totalAmount.value`), for derived
 * negatives: drop a field, set one, or find which of several is present.
 */

type Node = Record<string, unknown>;

function parentOf(root: Node, path: string): [Node | undefined, string] {
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  let node: Node | undefined = root;
  for (const key of keys) node = node?.[key] as Node | undefined;
  return [node && typeof node === 'object' ? node : undefined, last];
}

export function hasField(body: unknown, path: string): boolean {
  return valueAt(body, path) !== undefined;
}

export function valueAt(body: unknown, path: string): unknown {
  let node = body;
  for (const key of path.split('.')) {
    if (!node || typeof node !== 'object' || !(key in node)) return undefined;
    node = (node as Node)[key];
  }
  return node;
}

export function withoutField(body: unknown, path: string): unknown {
  const copy = structuredClone(body) as Node;
  const [parent, key] = parentOf(copy, path);
  if (parent) Reflect.deleteProperty(parent, key);
  return copy;
}

export function withField(body: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(body) as Node;
  const [parent, key] = parentOf(copy, path);
  if (parent) parent[key] = value;
  return copy;
}

export function firstPresent(body: unknown, paths: readonly string[]): string | undefined {
  return paths.find((p) => hasField(body, p));
}

const SNAP_AMOUNT = /^\d+\.\d{2}$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;

/**
 * A value of the right type in the wrong format: an amount with one decimal (`10.0`), a
 * timestamp without its offset, letters in a numeric id. Undefined when the format is unknown.
 */
export function badFormatValue(path: string, body: unknown): string | undefined {
  const value = valueAt(body, path);
  if (typeof value !== 'string') return undefined;
  const name = path.split('.').pop() ?? path;
  if (SNAP_AMOUNT.test(value) || (name === 'value' && value.includes('{{'))) return '10.0';
  if (ISO_WITH_OFFSET.test(value) || /date|time/i.test(name)) return '2024-01-01T10:00:00';
  if (/^\s*\d+$/.test(value)) return value.replace(/\d/g, (d) => String.fromCharCode(65 + Number(d)));
  if (/\{\{\$(timestamp|randomInt|kontrakId)\}\}/.test(value) || /no$|id$/i.test(name)) return `X${value}`;
  return undefined;
}

/** Another amount than the one at `path`, in the same SNAP format (one rupiah more). */
export function changedAmount(body: unknown, path: string): string {
  const value = Number(valueAt(body, path));
  return Number.isFinite(value) ? (value + 1).toFixed(2) : '1.00';
}
