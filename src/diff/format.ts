/** Drift as text, one line per change, for the console (`kontrak diff`, `kontrak run --baseline`). */
import type { Drift, FieldChange, RequestDrift } from './drift.ts';

const FIELD_MARK: Record<FieldChange['kind'], string> = {
  added: '+',
  removed: '-',
  retyped: '~',
  'now-optional': '?',
  'now-always': '!',
};

/** `+ field $.a (string)`, `~ field $.b: string → number`… */
export function fieldLine(f: FieldChange): string {
  switch (f.kind) {
    case 'added':
      return `${FIELD_MARK.added} field ${f.path} (${f.after ?? ''})`;
    case 'removed':
      return `${FIELD_MARK.removed} field ${f.path} (${f.before ?? ''})`;
    case 'retyped':
      return `${FIELD_MARK.retyped} field ${f.path}: ${f.before ?? ''} → ${f.after ?? ''}`;
    case 'now-optional':
      return `${FIELD_MARK['now-optional']} field ${f.path} is no longer always present`;
    case 'now-always':
      return `${FIELD_MARK['now-always']} field ${f.path} is now always present`;
  }
}

/** Every change of one request, one line each. */
export function changeLines(d: RequestDrift): string[] {
  return [
    ...d.fields.map(fieldLine),
    ...d.codes.added.map((c) => `+ code ${c}`),
    ...d.codes.removed.map((c) => `- code ${c}`),
    ...d.headers.added.map((h) => `+ header ${h}`),
    ...d.headers.removed.map((h) => `- header ${h}`),
  ];
}

/** A count of what changed, for the last line. */
export function driftSummary(drift: Drift): string {
  if (drift.requests.length === 0) return `no drift: ${drift.compared} request(s) compared, nothing changed`;
  const suites = new Set(drift.requests.map((d) => d.suite)).size;
  const count = (kind: FieldChange['kind']): number =>
    drift.requests.reduce((n, d) => n + d.fields.filter((f) => f.kind === kind).length, 0);
  const codes = drift.requests.reduce((n, d) => n + d.codes.added.length + d.codes.removed.length, 0);
  const headers = drift.requests.reduce((n, d) => n + d.headers.added.length + d.headers.removed.length, 0);
  const parts = [
    `${count('added')} field(s) added`,
    `${count('removed')} removed`,
    `${count('retyped')} retyped`,
    `${count('now-optional') + count('now-always')} changed presence`,
    `${codes} code change(s)`,
    `${headers} header change(s)`,
  ];
  return `drift: ${drift.requests.length} of ${drift.compared} request(s) in ${suites} suite(s) changed — ${parts.join(', ')}`;
}

/** The whole report: per suite and request (with where it is defined), then notes, then the count. */
export function formatDrift(drift: Drift): string[] {
  const lines: string[] = [];
  let suite = '';
  for (const d of drift.requests) {
    if (d.suite !== suite) {
      suite = d.suite;
      lines.push(`suite ${suite}`);
    }
    lines.push(`  ${d.name} (${d.requestId})  ${d.source.file}:${d.source.line}`);
    for (const line of changeLines(d)) lines.push(`    ${line}`);
  }
  for (const note of drift.notes) lines.push(`note: ${note}`);
  lines.push(driftSummary(drift));
  return lines;
}
