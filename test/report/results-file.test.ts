import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/json.ts';
import { jsonPosition, parseResults } from '../../src/report/results-file.ts';
import { resultsProblems } from '../support/results-schema.ts';
import { realisticRun, sampleRun } from './_fixtures.ts';

const schema = JSON.parse(
  readFileSync(new URL('../../schemas/results.schema.json', import.meta.url), 'utf8'),
) as { additionalProperties?: unknown; $defs: Record<string, unknown> };

describe('schemas/results.schema.json', () => {
  it('describes what the JSON reporter writes, key for key', () => {
    for (const run of [sampleRun(), realisticRun(30, 4)])
      expect(resultsProblems(JSON.parse(renderJson(run)))).toEqual([]);
  });

  it('names every key the writer may write: one it does not know fails the closed check', () => {
    const run = JSON.parse(renderJson(sampleRun())) as { suites: Array<{ exchanges: object[] }> };
    Object.assign(run.suites[0]!.exchanges[0]!, { surprise: true });
    expect(resultsProblems(run).join('\n')).toMatch(
      /^\/suites\/0\/exchanges\/0 must NOT have additional properties/,
    );
  });

  it('lets a reader accept keys added later within version 1', () => {
    expect(schema.additionalProperties).toBeUndefined();
    const text = renderJson(sampleRun()).replace('"kontrak": 1,', '"kontrak": 1,\n  "addedLater": {"x": 1},');
    expect(parseResults(text, 'results.json').diagnostics).toEqual([]);
  });
});

describe('parseResults', () => {
  it('reads back what the JSON reporter wrote', () => {
    const run = sampleRun();
    expect(parseResults(renderJson(run), 'r.json')).toEqual({
      value: JSON.parse(renderJson(run)),
      diagnostics: [],
    });
  });

  it('places each problem at its value: JSON pointer in the message, line and column in the file', () => {
    const good = renderJson(sampleRun());
    const text = good.replace(/"passed": true,/, '"passed": "yes",');
    const outcome = parseResults(text, 'shard/results.json');
    expect(outcome.value).toBeUndefined();
    const [first] = outcome.diagnostics;
    expect(first).toMatchObject({ code: 'E_RESULTS_SHAPE', file: 'shard/results.json' });
    expect(first!.message).toMatch(
      /^shard\/results\.json at \/suites\/\d+\/exchanges\/\d+\/passed: must be boolean, found "yes"$/,
    );
    const lines = text.split('\n');
    expect(lines[first!.line! - 1]!.slice(first!.column! - 1)).toMatch(/^"yes",/);
  });

  it('names a missing key at the object that lacks it', () => {
    const run = JSON.parse(renderJson(sampleRun())) as {
      suites: Array<{ exchanges: Array<Record<string, unknown>> }>;
    };
    delete run.suites[1]!.exchanges[0]!['requestId'];
    const text = JSON.stringify(run, null, 2);
    const [first] = parseResults(text, 'r.json').diagnostics;
    expect(first!.message).toBe('r.json at /suites/1/exchanges/0: missing "requestId"');
    expect(text.split('\n')[first!.line! - 1]!.slice(first!.column! - 1)).toBe('{');
  });

  it('says only that the version is wrong when it is, not every consequence', () => {
    for (const [text, message] of [
      ['[]', 'r.json is not a JSON object'],
      ['{ "suites": 3 }', 'r.json has no "kontrak" shape version; this kontrak reads version 1'],
      [
        JSON.stringify({ ...sampleRun(), kontrak: 2 }),
        'r.json has results shape version 2; this kontrak reads version 1',
      ],
    ] as const) {
      const outcome = parseResults(text, 'r.json');
      expect(outcome.diagnostics.map((d) => d.message)).toEqual([message]);
    }
  });

  it('refuses a start time that is not a date', () => {
    const text = JSON.stringify({ ...sampleRun(), startedAt: 'yesterday' });
    expect(parseResults(text, 'r.json').diagnostics[0]!.message).toBe(
      'r.json at /startedAt: must match format "date-time", found "yesterday"',
    );
  });
});

describe('jsonPosition', () => {
  const text = '{\n  "a": [1, {"b": "x\\"y"}, 3],\n  "c/d": {"e~f": null}\n}';
  it('finds the value a pointer names, through strings with escapes, lists and escaped keys', () => {
    expect(jsonPosition(text, '')).toEqual({ line: 1, column: 1 });
    expect(jsonPosition(text, '/a')).toEqual({ line: 2, column: 8 });
    expect(jsonPosition(text, '/a/2')).toEqual({ line: 2, column: 27 });
    expect(jsonPosition(text, '/a/1/b')).toEqual({ line: 2, column: 18 });
    expect(jsonPosition(text, '/c~1d/e~0f')).toEqual({ line: 3, column: 18 });
  });
  it('stops at the deepest part that exists', () => {
    expect(jsonPosition(text, '/a/7')).toEqual({ line: 2, column: 8 });
    expect(jsonPosition(text, '/nope/x')).toEqual({ line: 1, column: 1 });
  });
});
