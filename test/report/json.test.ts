import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.ts';
import { jsonChunks, renderJson } from '../../src/report/json.ts';
import { sampleRun } from './_fixtures.ts';

/** The same value with every object's keys in reverse insertion order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    );
  }
  return value;
}

describe('renderJson', () => {
  it('round-trips to the same object', () => {
    const run = sampleRun();
    expect(JSON.parse(renderJson(run))).toEqual(run);
  });

  it('is written one exchange at a time, exactly as JSON.stringify would write the whole run', () => {
    const run = sampleRun();
    const [first, second] = run.suites as [RunResult['suites'][0], RunResult['suites'][0]];
    const shapes: RunResult[] = [
      run,
      { ...run, suites: [] },
      { ...run, suites: [{ ...first, exchanges: [] }, second] },
      { ...run, suites: [first, { ...second, exchanges: [] }] },
    ];
    for (const shape of shapes) {
      const chunks = [...jsonChunks(shape)];
      expect(chunks.join('')).toBe(`${JSON.stringify(JSON.parse(chunks.join('')), null, 2)}\n`);
      expect(JSON.parse(chunks.join(''))).toEqual(shape);
    }
    // One chunk per exchange, plus a few per suite and for the run around them.
    const exchanges = run.suites.reduce((n, s) => n + s.exchanges.length, 0);
    expect([...jsonChunks(run)].length).toBe(exchanges + 3 * run.suites.length + 3);
  });

  it('is pretty-printed with two spaces and ends with a newline', () => {
    const json = renderJson(sampleRun());
    expect(json.startsWith('{\n  "kontrak": 1,\n  "environment": "mock",\n')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
  });

  it('is stable whatever order the producer wrote the keys in', () => {
    const run = sampleRun();
    expect(renderJson(reversedKeys(run) as RunResult)).toBe(renderJson(run));
  });

  it('keeps unknown keys (sorted, after the known ones) and drops undefined', () => {
    const run = { ...sampleRun(), commit: undefined, zeta: 1, alpha: 2 } as unknown as RunResult;
    const parsed = JSON.parse(renderJson(run)) as Record<string, unknown>;
    expect('commit' in parsed).toBe(false);
    expect(Object.keys(parsed).slice(-2)).toEqual(['alpha', 'zeta']);
  });
});
