import { describe, expect, it } from 'vitest';
import {
  assignShards,
  parseShard,
  runPool,
  selectForEnvironment,
  selectShard,
} from '../../src/run/schedule.ts';

const suites = (weights: number[]) =>
  weights.map((weight, i) => ({ name: `suite-${String.fromCharCode(97 + i)}`, weight }));

describe('--shard i/n', () => {
  it('parses i/n with 1 ≤ i ≤ n and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '1/0', '2', 'a/b', '1/2/3', '-1/2', '1.5/2', ''])
      expect(parseShard(bad), bad).toBeUndefined();
  });

  it('puts every suite in exactly one shard, for every shard count', () => {
    const all = suites([3, 9, 1, 4, 4, 12, 7, 2, 2, 5, 1]);
    for (let count = 1; count <= 13; count++) {
      const picked = Array.from({ length: count }, (_, i) =>
        selectShard(all, { index: i + 1, count }).map((s) => s.name),
      );
      expect(picked.flat().sort()).toEqual(all.map((s) => s.name).sort());
    }
  });

  it('is deterministic whatever order the suites were loaded in, and keeps their order within a shard', () => {
    const all = suites([3, 9, 1, 4, 4, 12, 7, 2]);
    const shuffled = [all[5]!, all[0]!, all[7]!, all[2]!, all[6]!, all[1]!, all[4]!, all[3]!];
    expect([...assignShards(shuffled, 3)].sort()).toEqual([...assignShards(all, 3)].sort());
    const shard = selectShard(shuffled, { index: 2, count: 3 });
    const positions = shard.map((s) => shuffled.indexOf(s));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('balances shards by requests: the heaviest shard is at most the lightest plus the largest suite', () => {
    const all = suites([30, 1, 1, 1, 10, 10, 10, 2, 2, 2, 8, 8]);
    const loads = [1, 2, 3].map((index) =>
      selectShard(all, { index, count: 3 }).reduce((n, s) => n + s.weight, 0),
    );
    expect(loads.reduce((a, b) => a + b)).toBe(85);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(30);
    expect(Math.max(...loads)).toBe(30); // the 30-request suite alone: nothing else fits beside it
  });

  it('gives extra shards nothing rather than failing', () => {
    expect(selectShard(suites([1, 1]), { index: 3, count: 3 })).toEqual([]);
  });
});

describe('runPool', () => {
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('runs at most n tasks at once, starts them in order and returns results in input order', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const results = await runPool([5, 1, 4, 2, 3, 1, 2], 3, async (ticks, i) => {
      started.push(i);
      running++;
      most = Math.max(most, running);
      for (let t = 0; t < ticks; t++) await tick();
      running--;
      return `r${i}`;
    });
    expect(results).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(3);
  });

  it('with one worker runs strictly one after another', async () => {
    const log: string[] = [];
    await runPool(['a', 'b', 'c'], 1, async (x) => {
      log.push(`start ${x}`);
      await tick();
      log.push(`end ${x}`);
    });
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('rejects with the first error after running tasks settle, and starts no new ones', async () => {
    const started: number[] = [];
    let settled = 0;
    const pool = runPool([0, 1, 2, 3, 4], 2, async (_x, i) => {
      started.push(i);
      await tick();
      if (i === 0) throw new Error('boom');
      await tick();
      settled++;
    });
    await expect(pool).rejects.toThrow('boom');
    expect(started).toEqual([0, 1]);
    expect(settled).toBe(1);
  });

  it('handles no items', async () => {
    expect(await runPool([], 4, () => Promise.resolve(1))).toEqual([]);
  });
});

describe('selectForEnvironment', () => {
  const r = (name: string, environments?: string[]) => ({ name, ...(environments ? { environments } : {}) });
  const all = [
    { name: 'everywhere', requests: [r('a'), r('b', ['mock']), r('c', ['sandbox', 'mock'])] },
    { name: 'mock-only', environments: ['mock'], requests: [r('x')] },
    { name: 'sandbox-only-requests', requests: [r('y', ['sandbox'])] },
  ];

  it('keeps suites and requests that run in the environment, and names the suites left out', () => {
    const sandbox = selectForEnvironment(all, 'sandbox');
    expect(sandbox.suites.map((s) => [s.name, s.requests.map((x) => x.name)])).toEqual([
      ['everywhere', ['a', 'c']],
      ['sandbox-only-requests', ['y']],
    ]);
    expect(sandbox.skipped).toEqual(['mock-only']);
    const mock = selectForEnvironment(all, 'mock');
    expect(mock.suites.map((s) => s.name)).toEqual(['everywhere', 'mock-only']);
    expect(mock.suites[0]).toBe(all[0]); // untouched suites are the same objects
    expect(mock.skipped).toEqual(['sandbox-only-requests']);
  });
});
