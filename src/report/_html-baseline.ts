/**
 * The HTML report's view of a baseline comparison (`kontrak run --baseline`): the "changed since
 * baseline" section and each suite's response-time chart (an inline SVG: no network, nothing the
 * CSP forbids, presentation attributes only). Internal to `src/report/`.
 */
import type { FieldChangeKind } from '../diff/drift.ts';
import { changeLines, driftSummary } from '../diff/format.ts';
import type { SuiteResult } from '../model/results.ts';
import { formatDuration } from './_format.ts';
import { timeKey, type BaselineComparison } from './baseline.ts';

export interface DriftView {
  label: string;
  startedAt: string;
  commit: string | null;
  summary: string;
  count: number;
  requests: Array<{
    suite: string;
    suiteId: string;
    requestId: string;
    name: string;
    source: string;
    lines: Array<{ kind: 'added' | 'removed' | 'changed'; line: string }>;
  }>;
  notes: string[];
}

export interface ChartView {
  width: number;
  height: number;
  /** Where the bars start (after the labels). */
  x0: number;
  caption: string;
  rows: Array<{
    label: string;
    title: string;
    /** Baseline bar, then this run's bar, and the label's baseline. */
    y: number;
    y2: number;
    ty: number;
    baseW: number;
    nowW: number;
    tx: number;
    nowText: string;
    color: string;
  }>;
}

const LINE_KIND: Record<string, 'added' | 'removed' | 'changed'> = { '+': 'added', '-': 'removed' };

export function driftView(comparison: BaselineComparison, suiteIds: Map<string, string>): DriftView {
  const { drift } = comparison;
  return {
    label: comparison.label,
    startedAt: comparison.startedAt,
    commit: comparison.commit ?? null,
    summary: driftSummary(drift),
    count: drift.requests.length,
    requests: drift.requests.map((d) => ({
      suite: d.suite,
      suiteId: suiteIds.get(d.suite) ?? '',
      requestId: d.requestId,
      name: d.name,
      source: `${d.source.file}:${d.source.line}`,
      lines: changeLines(d).map((line) => ({ kind: LINE_KIND[line.charAt(0)] ?? 'changed', line })),
    })),
    notes: drift.notes,
  };
}

/** Rows beyond this are the ones that slowed down most (a 10,000-request suite gets a readable chart). */
const MAX_ROWS = 40;
const ROW = 18;
const LABEL_W = 260;
const BAR_W = 360;
/** Slower by half and by 100 ms: the bar turns red. */
const slower = (base: number, now: number): boolean => now > base * 1.5 && now - base > 100;

export function chartView(comparison: BaselineComparison, suite: SuiteResult): ChartView | null {
  let pairs: Array<{ name: string; base: number; now: number; order: number }> = [];
  const seen = new Set<string>();
  suite.exchanges.forEach((x, order) => {
    const base = comparison.timesMs.get(timeKey(suite.name, x.requestId));
    if (base === undefined || !x.response || seen.has(x.requestId)) return;
    seen.add(x.requestId);
    pairs.push({ name: x.name, base, now: x.response.timeMs, order });
  });
  if (pairs.length === 0) return null;
  const total = pairs.length;
  if (pairs.length > MAX_ROWS)
    pairs = pairs
      .sort((a, b) => b.now - b.base - (a.now - a.base))
      .slice(0, MAX_ROWS)
      .sort((a, b) => a.order - b.order);
  const max = Math.max(1, ...pairs.flatMap((p) => [p.base, p.now]));
  const scale = (ms: number): number => Math.max(1, Math.round((ms / max) * BAR_W));
  const label = (name: string): string => (name.length > 40 ? `${name.slice(0, 39)}…` : name);
  return {
    width: LABEL_W + BAR_W + 70,
    height: pairs.length * ROW + 4,
    x0: LABEL_W,
    caption: `response time, baseline (grey) and this run${total > pairs.length ? ` — the ${pairs.length} of ${total} requests that slowed down most` : ''}`,
    rows: pairs.map((p, i) => ({
      label: label(p.name),
      title: `${p.name}: ${formatDuration(p.base)} in the baseline, ${formatDuration(p.now)} now`,
      y: i * ROW + 3,
      y2: i * ROW + 9,
      ty: i * ROW + 13,
      baseW: scale(p.base),
      nowW: scale(p.now),
      tx: LABEL_W + Math.max(scale(p.base), scale(p.now)) + 6,
      nowText: `${formatDuration(p.base)} → ${formatDuration(p.now)}`,
      color: slower(p.base, p.now) ? '#d92d20' : '#2e90fa',
    })),
  };
}

export type { FieldChangeKind };
