/**
 * A `capture:` path checked against the request's response schema: `virtualAccountData.trxid`
 * where the schema says `trxId` would capture nothing, and every later request would send the
 * variable literally. Only what the schema declares is judged: a level the schema leaves open
 * (no `properties`) accepts any name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { closest } from '../diagnostics/suggest.ts';
import type { Project } from '../model/types.ts';
import { schemaPathProblem } from './lint-requests.ts';

type SchemaNode = Record<string, unknown>;
/** A schema node and the schemas/ file it was read from (its $refs resolve against it). */
interface Located {
  node: SchemaNode;
  file: string;
}

const isNode = (v: unknown): v is SchemaNode => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads schema files once per check, by their path under schemas/. */
function schemaReader(schemaDirs: readonly string[]): (file: string) => SchemaNode | undefined {
  const cache = new Map<string, SchemaNode | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      // The project's schemas/ first, then the shipped ones (the same order the compiler uses).
      const path = schemaDirs.map((dir) => join(dir, file)).find((p) => existsSync(p)) ?? '';
      let parsed: unknown;
      try {
        parsed = path && existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
      } catch {
        parsed = undefined; // an unreadable schema is reported where schemas are compiled
      }
      cache.set(file, isNode(parsed) ? parsed : undefined);
    }
    return cache.get(file);
  };
}

/** Follows `$ref` (file-relative, with an optional JSON Pointer) until a node without one. */
function deref(at: Located, read: (file: string) => SchemaNode | undefined): Located | undefined {
  let current: Located | undefined = at;
  for (let hops = 0; current && typeof current.node['$ref'] === 'string' && hops < 20; hops++) {
    const ref: string = current.node['$ref'];
    const [target = '', pointer = ''] = ref.split('#');
    const file: string = target ? normalize(join(dirname(current.file), target)) : current.file;
    let node: unknown = read(file);
    for (const key of pointer.split('/').filter(Boolean))
      node = isNode(node) ? node[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    current = isNode(node) ? { node, file } : undefined;
  }
  return current;
}

/** The node itself and every branch of its allOf / anyOf / oneOf, dereferenced. */
function branches(at: Located, read: (file: string) => SchemaNode | undefined): Located[] {
  const resolved = deref(at, read);
  if (!resolved) return [];
  const out = [resolved];
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = resolved.node[key];
    if (Array.isArray(list))
      for (const sub of list)
        if (isNode(sub)) out.push(...branches({ node: sub, file: resolved.file }, read));
  }
  return out;
}

/**
 * Walks `path` through the schema. Returns the first segment no branch declares (with the names
 * that are declared there), or undefined when the path fits or the schema leaves it open.
 */
export function undeclaredSegment(
  root: Located,
  path: string,
  read: (file: string) => SchemaNode | undefined,
): { segment: string; declared: string[] } | undefined {
  let level: Located[] = [root];
  for (const segment of path.split(/\.|\[|\]/).filter(Boolean)) {
    const nodes = level.flatMap((at) => branches(at, read));
    if (/^\d+$/.test(segment)) {
      level = nodes.flatMap((at) =>
        isNode(at.node['items']) ? [{ node: at.node['items'], file: at.file }] : [],
      );
    } else {
      const withProperties = nodes.filter((at) => isNode(at.node['properties']));
      // Some branch says nothing about its properties: any name may be there.
      if (withProperties.length === 0 || withProperties.length < nodes.length) return undefined;
      const declared = [
        ...new Set(withProperties.flatMap((at) => Object.keys(at.node['properties'] as SchemaNode))),
      ];
      if (!declared.includes(segment)) return { segment, declared };
      level = withProperties.flatMap((at) => {
        const sub = (at.node['properties'] as SchemaNode)[segment];
        return isNode(sub) ? [{ node: sub, file: at.file }] : [];
      });
    }
    if (level.length === 0) return undefined;
  }
  return undefined;
}

/** Every capture path of the project that its request's response schema does not declare. */
export function checkCapturePaths(project: Project, schemaDirs: readonly string[]): Diagnostic[] {
  const read = schemaReader(schemaDirs);
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const suite of project.suites)
    for (const request of suite.requests) {
      const schema = request.expect.schema;
      if (!schema || schemaPathProblem(schema)) continue;
      const node = read(schema);
      if (!node) continue;
      for (const [variable, path] of Object.entries(request.capture)) {
        const miss = undeclaredSegment({ node, file: schema }, path, read);
        const at = request.places?.[`capture.${variable}`] ?? request.source;
        const key = `${at.file}:${at.line}:${at.column}`;
        if (!miss || seen.has(key)) continue;
        seen.add(key);
        const guess = closest(miss.segment, miss.declared);
        diagnostics.push(
          error(
            'E_CAPTURE_PATH',
            `capture ${variable}: "${path}" is not in the response schema ${schema} ("${miss.segment}" is not declared there)`,
            {
              ...at,
              hint: guess
                ? `did you mean "${guess}"?`
                : `the schema declares ${miss.declared.map((d) => `"${d}"`).join(', ')} there; if the bank sends the field, add it to the schema`,
            },
          ),
        );
      }
    }
  return diagnostics;
}
