/** The SNAP coverage matrix: from the exchanges' service codes into results.json, the HTML report and the console. */
import { describe, expect, it } from 'vitest';
import type { SuiteResult } from '../../src/model/results.ts';
import { coverageOf } from '../../src/model/coverage.ts';
import { coverageText } from '../../src/report/coverage.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderJson } from '../../src/report/json.ts';
import { defined } from '../support/defined.ts';
import { failingSuite, passingSuite, sampleRun } from './_fixtures.ts';

const withServices = (suite: SuiteResult, provider: string, codes: string[]): SuiteResult => ({
  ...suite,
  provider,
  exchanges: suite.exchanges.map((x, i) => ({ ...x, service: codes[i % codes.length] ?? '73' })),
});

describe('coverage matrix', () => {
  const suites = [
    withServices(failingSuite, 'dana', ['12', '54']),
    withServices(passingSuite, 'snap', ['54']),
  ];
  const coverage = defined(coverageOf(suites));

  it('counts passed and failed requests per service and provider', () => {
    expect([coverage.catalogue, coverage.tested, coverage.providers]).toEqual([81, 2, ['dana', 'snap']]);
    const debit = defined(coverage.services.find((s) => s.code === '54'));
    expect(debit.name).toBe('Direct debit payment host-to-host');
    expect(Object.keys(debit.providers)).toEqual(['dana', 'snap']);
    const danaCells = coverage.services.map((s) => s.providers['dana']);
    const total = danaCells.reduce((n, c) => n + (c?.passed ?? 0) + (c?.failed ?? 0), 0);
    expect(total).toBe(failingSuite.exchanges.length);
    expect(danaCells.some((c) => (c?.failed ?? 0) > 0)).toBe(true);
  });

  it('is absent when no request called a catalogue service', () => {
    expect(coverageOf([passingSuite])).toBeUndefined();
  });

  it('prints one line per service, ✓ / ✗ / · per provider', () => {
    const lines = coverageText(coverage).split('\n');
    expect(lines[0]).toBe('2 of 81 SNAP services tested across 2 providers');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^54 +Direct debit payment host-to-host +[✓✗] +✓$/);
  });

  it('goes into results.json after the totals, and into a compact HTML section', () => {
    const run = { ...sampleRun(), coverage };
    const json = JSON.parse(renderJson(run)) as Record<string, unknown>;
    expect(Object.keys(json).slice(5, 7)).toEqual(['totals', 'coverage']);
    const html = renderHtml(run);
    expect(html).toContain('data-testid="coverage" data-tested="2" data-providers="2"');
    expect(html).toContain('<td>Direct debit payment host-to-host</td>');
    expect(renderHtml(sampleRun())).not.toContain('data-testid="coverage"');
  });
});
