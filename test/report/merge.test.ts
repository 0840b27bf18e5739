import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.ts';
import { renderJson } from '../../src/report/json.ts';
import { mergeResults, parseResults } from '../../src/report/merge.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { sampleRun } from './_fixtures.ts';
import { parseXml } from './_xml.ts';

/** The sample run split like two CI shards: one suite each, started 10 s apart. */
function shards(): [RunResult, RunResult] {
  const run = sampleRun();
  const [failing, passing] = run.suites;
  const one: RunResult = { ...run, suites: [failing!], durationMs: 3000, totals: { ...run.totals } };
  const two: RunResult = {
    ...run,
    suites: [passing!],
    startedAt: '2024-03-05T10:37:26.000Z',
    durationMs: 5000,
    commit: '1970700abc',
  };
  return [one, two];
}

describe('mergeResults', () => {
  it('combines suites in input order and recounts totals from them (not from the inputs)', () => {
    const [one, two] = shards();
    one.totals.requests = 999; // a stale total must not leak into the merge
    const merged = mergeResults([one, two]).value!;
    expect(merged.suites.map((s) => s.name)).toEqual(['nicepay-va', 'bri-mpn']);
    expect(merged.totals).toEqual(sampleRun().totals);
    expect(merged.totals).toEqual({
      suites: 2,
      requests: 7,
      passedRequests: 4,
      failedRequests: 3,
      flakyRequests: 0,
      checks: 11,
      failedChecks: 3,
    });
  });

  it('spans the earliest start to the latest end, keeps environment and commit when they agree', () => {
    const merged = mergeResults(shards()).value!;
    expect(merged.startedAt).toBe('2024-03-05T10:37:16.000Z');
    expect(merged.durationMs).toBe(15_000); // 10 s later + 5 s
    expect(merged.environment).toBe('mock');
    expect(merged.commit).toBe('1970700abc');
    expect(merged.kontrak).toBe(1);
  });

  it('lists differing environments and commits instead of picking one', () => {
    const [one, two] = shards();
    const merged = mergeResults([one, { ...two, environment: 'sandbox', commit: 'beef' }]).value!;
    expect(merged.environment).toBe('mock, sandbox');
    expect(merged.commit).toBe('1970700abc, beef');
  });

  it('warns when a suite comes twice, and keeps both', () => {
    const [one] = shards();
    const merged = mergeResults([one, one]);
    expect(merged.value!.suites).toHaveLength(2);
    expect(merged.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning W_DUPLICATE_SUITE']);
  });

  it('merged JUnit counts equal the sum of the shards’ counts', () => {
    const [one, two] = shards();
    const count = (r: RunResult) => {
      const root = parseXml(renderJunit(r));
      return [Number(root.attrs.tests), Number(root.attrs.failures)];
    };
    const merged = count(mergeResults([one, two]).value!);
    expect(merged).toEqual([count(one)[0]! + count(two)[0]!, count(one)[1]! + count(two)[1]!]);
  });

  it('round-trips: a merge of one results.json is that run', () => {
    const run = sampleRun();
    const parsed = parseResults(renderJson(run), 'results.json').value!;
    expect(renderJson(mergeResults([parsed]).value!)).toBe(renderJson(run));
  });
});

describe('parseResults', () => {
  it('names the file and the problem for input that is not a version-1 results.json', () => {
    const cases: Array<[string, RegExp]> = [
      ['{', /shard\/results\.json is not valid JSON/],
      ['[]', /is not a JSON object/],
      [
        JSON.stringify({ ...sampleRun(), kontrak: 2 }),
        /has results shape version 2; this kontrak reads version 1/,
      ],
      [JSON.stringify({ ...sampleRun(), suites: 'x' }), /at \/suites: must be array, found "x"/],
      [
        JSON.stringify({ ...sampleRun(), startedAt: 'yesterday' }),
        /at \/startedAt: must match format "date-time", found "yesterday"/,
      ],
      [
        JSON.stringify({ ...sampleRun(), suites: [{ name: 'a', exchanges: [{ name: 'x' }] }] }),
        /at \/suites\/0: missing "provider"/,
      ],
    ];
    for (const [text, message] of cases) {
      const outcome = parseResults(text, 'shard/results.json');
      expect(outcome.value, text.slice(0, 40)).toBeUndefined();
      expect(outcome.diagnostics[0]!.message).toMatch(message);
      expect(outcome.diagnostics[0]!.file).toBe('shard/results.json');
    }
  });
});
