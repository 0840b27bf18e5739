/**
 * Contract drift between two runs: per suite and request, what changed in the responses' shapes
 * (fields, their types and presence, response codes, header names). Pure: two `RunResult`s in,
 * a `Drift` out. Values are never compared, only what `ResponseShape` records.
 */
import type { ExchangeResult, RunResult } from '../model/results.ts';

export type FieldChangeKind = 'added' | 'removed' | 'retyped' | 'now-optional' | 'now-always';

export interface FieldChange {
  kind: FieldChangeKind;
  /** JSON path (`$.virtualAccountData.totalAmount.value`). */
  path: string;
  /** Type(s) before and after (`string`, `string|null`). */
  before?: string;
  after?: string;
}

export interface RequestDrift {
  suite: string;
  requestId: string;
  name: string;
  source: { file: string; line: number; column: number };
  fields: FieldChange[];
  codes: { added: string[]; removed: string[] };
  headers: { added: string[]; removed: string[] };
}

export interface Drift {
  /** Requests whose responses changed, in the new run's order. */
  requests: RequestDrift[];
  /** Requests compared (a response with a shape on both sides). */
  compared: number;
  /** What could not be compared, and why (new or vanished requests, no response). */
  notes: string[];
}

/** Transport headers that change with the connection, not with the contract. */
const TRANSPORT_HEADERS = new Set([
  'connection',
  'content-length',
  'date',
  'keep-alive',
  'transfer-encoding',
]);

/** Every exchange of one request in one run, merged. */
interface MergedShape {
  /** Path → types seen (`string|null`). */
  fields: Map<string, string>;
  /** Paths missing from some exchanges or some array elements. */
  optional: Set<string>;
  codes: Set<string>;
  headers: Set<string>;
  name: string;
  source: ExchangeResult['source'];
}

const key = (suite: string, requestId: string): string => `${suite}\u0000${requestId}`;

/** The shapes of a run by suite and request; exchanges without a recorded shape are left out. */
function shapesOf(run: RunResult): Map<string, MergedShape> {
  const merged = new Map<string, MergedShape & { exchanges: number; present: Map<string, number> }>();
  for (const suite of run.suites) {
    for (const x of suite.exchanges) {
      const shape = x.response?.shape;
      if (!x.response || !shape) continue;
      const k = key(suite.name, x.requestId);
      let m = merged.get(k);
      if (!m) {
        m = {
          fields: new Map(),
          optional: new Set(),
          codes: new Set(),
          headers: new Set(),
          name: x.name,
          source: x.source,
          exchanges: 0,
          present: new Map(),
        };
        merged.set(k, m);
      }
      m.exchanges++;
      m.codes.add(shape.responseCode ?? `HTTP ${x.response.status}`);
      for (const h of shape.headers) if (!TRANSPORT_HEADERS.has(h)) m.headers.add(h);
      for (const [path, types] of Object.entries(shape.fields ?? {})) {
        const before = m.fields.get(path);
        m.fields.set(
          path,
          before ? [...new Set([...before.split('|'), ...types.split('|')])].sort().join('|') : types,
        );
        m.present.set(path, (m.present.get(path) ?? 0) + 1);
      }
      for (const path of shape.optional ?? []) m.optional.add(path);
    }
  }
  // A path missing from some of the request's exchanges is not always present either.
  for (const m of merged.values())
    for (const [path, n] of m.present) if (n < m.exchanges) m.optional.add(path);
  return merged;
}

/** Leaves out paths under another listed path: a removed object implies its removed fields. */
function topmost(paths: string[]): string[] {
  const set = new Set(paths);
  return paths.filter((p) => {
    for (let i = p.length - 1; i > 0; i--) {
      if ((p[i] === '.' || p[i] === '[') && set.has(p.slice(0, i))) return false;
    }
    return true;
  });
}

function fieldChanges(before: MergedShape, after: MergedShape): FieldChange[] {
  const changes: FieldChange[] = [];
  const added = topmost([...after.fields.keys()].filter((p) => !before.fields.has(p)));
  const removed = topmost([...before.fields.keys()].filter((p) => !after.fields.has(p)));
  for (const path of added) changes.push({ kind: 'added', path, after: after.fields.get(path) ?? '' });
  for (const path of removed) changes.push({ kind: 'removed', path, before: before.fields.get(path) ?? '' });
  for (const [path, was] of before.fields) {
    const now = after.fields.get(path);
    if (now === undefined) continue;
    if (now !== was) changes.push({ kind: 'retyped', path, before: was, after: now });
    if (!before.optional.has(path) && after.optional.has(path))
      changes.push({ kind: 'now-optional', path, after: now });
    if (before.optional.has(path) && !after.optional.has(path))
      changes.push({ kind: 'now-always', path, after: now });
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const minus = (a: Set<string>, b: Set<string>): string[] => [...a].filter((x) => !b.has(x)).sort();

/** What changed from `baseline` to `current`. */
export function driftBetween(baseline: RunResult, current: RunResult): Drift {
  const before = shapesOf(baseline);
  const after = shapesOf(current);
  const requests: RequestDrift[] = [];
  const notes: string[] = [];
  let compared = 0;
  const baselineSuites = new Set(baseline.suites.map((s) => s.name));
  for (const suite of current.suites) {
    if (!baselineSuites.has(suite.name)) {
      notes.push(`suite ${suite.name} is not in the baseline`);
      continue;
    }
    const seen = new Set<string>();
    for (const x of suite.exchanges) {
      const k = key(suite.name, x.requestId);
      if (seen.has(k)) continue;
      seen.add(k);
      const was = before.get(k);
      const now = after.get(k);
      if (!was && !now) continue;
      if (!was) {
        notes.push(`${suite.name} › ${x.name}: no response in the baseline to compare with`);
        continue;
      }
      if (!now) {
        notes.push(`${suite.name} › ${x.name}: no response in this run to compare with`);
        continue;
      }
      compared++;
      const drift: RequestDrift = {
        suite: suite.name,
        requestId: x.requestId,
        name: x.name,
        source: x.source,
        fields: fieldChanges(was, now),
        codes: { added: minus(now.codes, was.codes), removed: minus(was.codes, now.codes) },
        headers: { added: minus(now.headers, was.headers), removed: minus(was.headers, now.headers) },
      };
      if (changed(drift)) requests.push(drift);
    }
  }
  const currentSuites = new Set(current.suites.map((s) => s.name));
  for (const name of baselineSuites)
    if (!currentSuites.has(name)) notes.push(`suite ${name} did not run this time`);
  return { requests, compared, notes };
}

export function changed(d: RequestDrift): boolean {
  return (
    d.fields.length +
      d.codes.added.length +
      d.codes.removed.length +
      d.headers.added.length +
      d.headers.removed.length >
    0
  );
}

/** Changes that break a partner's parser: a field, code or header gone, a type changed, a field now optional. */
export function breaking(d: RequestDrift): boolean {
  return (
    d.fields.some((f) => f.kind !== 'added' && f.kind !== 'now-always') ||
    d.codes.removed.length > 0 ||
    d.headers.removed.length > 0
  );
}
