import type { ResponseShape } from '../model/results.ts';
import { responseCodeOf } from '../check/response.ts';

/** Enough for any real bank response; a body with more paths (a map keyed by ids) is cut here. */
const MAX_PATHS = 2000;
const MAX_DEPTH = 32;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value; // JSON has only these
}

const child = (path: string, key: string): string =>
  IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

/** Per path: its types, how often it occurred, how often it was an object, and its parent object path. */
class Walk {
  readonly types = new Map<string, Set<string>>();
  readonly count = new Map<string, number>();
  readonly objects = new Map<string, number>();
  readonly parent = new Map<string, string>();

  visit(value: unknown, path: string, depth: number): void {
    if (this.types.size >= MAX_PATHS && !this.types.has(path)) return;
    const type = typeOf(value);
    const types = this.types.get(path) ?? new Set<string>();
    types.add(type);
    this.types.set(path, types);
    this.count.set(path, (this.count.get(path) ?? 0) + 1);
    if (depth >= MAX_DEPTH) return;
    if (type === 'array') {
      for (const item of value as unknown[]) this.visit(item, `${path}[]`, depth + 1);
    } else if (type === 'object') {
      this.objects.set(path, (this.objects.get(path) ?? 0) + 1);
      for (const [key, item] of Object.entries(value as object)) {
        const at = child(path, key);
        this.parent.set(at, path);
        this.visit(item, at, depth + 1);
      }
    }
  }

  /** Keys missing from some of the objects they belong to (elements of an array that differ). */
  optional(): string[] {
    return [...this.parent]
      .filter(([path, parent]) => (this.count.get(path) ?? 0) < (this.objects.get(parent) ?? 0))
      .map(([path]) => path);
  }
}

/**
 * The shape of one response: types, key names, header names and the response code, never a value.
 * `redact` masks any secret that shows up in a key or header name.
 */
export function responseShape(
  headers: Array<{ key: string }>,
  body: Buffer,
  redact: (text: string) => string,
): ResponseShape {
  const names = [...new Set(headers.map((h) => redact(h.key.toLowerCase())))].sort();
  let parsed: unknown;
  try {
    parsed = body.length ? JSON.parse(body.toString('utf8')) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) return interned({ headers: names });
  const walk = new Walk();
  walk.visit(parsed, '$', 0);
  const fields: Record<string, string> = {};
  for (const [path, types] of walk.types) fields[redact(path)] = [...types].sort().join('|');
  const optional = walk.optional().map(redact).sort();
  const code = responseCodeOf(parsed);
  return interned({
    fields,
    ...(optional.length ? { optional } : {}),
    headers: names,
    ...(code !== undefined ? { responseCode: redact(code) } : {}),
  });
}

/**
 * The same request answers with the same shape thousands of times in a long suite: one shared
 * (read-only) object per distinct shape instead of a copy per exchange.
 */
const seenShapes = new Map<string, ResponseShape>();
const MAX_SHAPES = 2000;
function interned(shape: ResponseShape): ResponseShape {
  const key = JSON.stringify(shape);
  const known = seenShapes.get(key);
  if (known) return known;
  if (seenShapes.size >= MAX_SHAPES) seenShapes.clear();
  seenShapes.set(key, shape);
  return shape;
}
