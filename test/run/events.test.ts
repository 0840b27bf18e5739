import { describe, expect, it } from 'vitest';
import { RunEvents } from '../../src/run/events.ts';
import type { ExchangeResult, RunResult } from '../../src/model/results.ts';

const counts = { suite: 'a', total: 2, done: 0, failed: 0 };
const result = { suites: [], totals: { requests: 0 } } as unknown as RunResult;
const exchange = { passed: true } as unknown as ExchangeResult;

describe('RunEvents', () => {
  it('hands each event to the listeners of its type, synchronously while they are synchronous', () => {
    const events = new RunEvents();
    const seen: string[] = [];
    events.on('suite-started', (e) => {
      seen.push(`started ${e.suite}`);
    });
    events.on('exchange', (e) => {
      seen.push(`exchange ${e.done}/${e.total}`);
    });
    events.emit({ type: 'suite-started', ...counts });
    events.emit({ type: 'exchange', ...counts, done: 1, exchange });
    events.emit({ type: 'run-finished', result });
    expect(seen).toEqual(['started a', 'exchange 1/2']);
  });

  it('holds later listeners and events back until an asynchronous listener has settled', async () => {
    const events = new RunEvents();
    const seen: string[] = [];
    let release = (): void => undefined;
    events.on('run-finished', async () => {
      await new Promise<void>((resolve) => (release = resolve));
      seen.push('reports written');
    });
    events.on('run-finished', () => {
      seen.push('after reports');
    });
    events.on('exchange', () => {
      seen.push('late exchange');
    });
    events.emit({ type: 'run-finished', result });
    events.emit({ type: 'exchange', ...counts, exchange });
    expect(seen).toEqual([]);
    const settled = events.settled();
    release();
    await settled;
    expect(seen).toEqual(['reports written', 'after reports', 'late exchange']);
  });

  it('keeps the first listener error from the emitter and throws it from settled()', async () => {
    const events = new RunEvents();
    const seen: string[] = [];
    events.on('suite-started', () => {
      throw new Error('display broke');
    });
    events.on('suite-started', () => {
      seen.push('second');
    });
    expect(() => {
      events.emit({ type: 'suite-started', ...counts });
    }).not.toThrow();
    await expect(events.settled()).rejects.toThrow('display broke');
    expect(seen).toEqual([]);
  });

  it('rejects settled() with an asynchronous listener’s error', async () => {
    const events = new RunEvents();
    events.on('run-interrupted', () => Promise.reject(new Error('disk full')));
    events.emit({ type: 'run-interrupted', result, signal: 'SIGINT' });
    await expect(events.settled()).rejects.toThrow('disk full');
  });

  it('stops calling a listener once it unsubscribed', () => {
    const events = new RunEvents();
    let calls = 0;
    const off = events.on('suite-started', () => {
      calls++;
    });
    events.emit({ type: 'suite-started', ...counts });
    off();
    events.emit({ type: 'suite-started', ...counts });
    expect(calls).toBe(1);
  });
});
