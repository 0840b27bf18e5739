import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { releaseGarbage, thresholdCollector } from '../src/cli/heap.ts';

describe('thresholdCollector', () => {
  function fakeHeap() {
    const heap = { used: 0, collections: 0, live: 0 };
    const release = thresholdCollector(
      () => heap.used,
      () => {
        heap.collections++;
        heap.used = heap.live;
        return true;
      },
    );
    return { heap, release };
  }

  it('collects only once the heap grew by the threshold since the last collection', () => {
    const { heap, release } = fakeHeap();
    heap.live = 10;
    heap.used = 63;
    release(64);
    expect(heap.collections).toBe(0);
    heap.used = 64;
    release(64);
    expect(heap.collections).toBe(1);
    // The collection left the live 10: growth is counted from there.
    expect(heap.used).toBe(10);
    release(64);
    heap.used = 73;
    release(64);
    expect(heap.collections).toBe(1);
    heap.used = 74;
    release(64);
    expect(heap.collections).toBe(2);
  });

  it('counts from the heap left by the last collection', () => {
    const { heap, release } = fakeHeap();
    heap.live = 50;
    heap.used = 100;
    release(64);
    expect(heap.collections).toBe(1);
    heap.used = 113; // 63 above the 50 that stayed live
    release(64);
    expect(heap.collections).toBe(1);
  });

  it('keeps asking while no collector is available', () => {
    let asked = 0;
    const release = thresholdCollector(
      () => 100,
      () => {
        asked++;
        return false;
      },
    );
    release(64);
    release(64);
    expect(asked).toBe(2);
  });
});

describe('releaseGarbage', () => {
  it('runs a full collection: an object nothing refers to is gone afterwards', async () => {
    // Nothing but the WeakRef refers to the object once this returns.
    const weakly = (): WeakRef<object> => new WeakRef({ payload: 'x'.repeat(1024) });
    const ref = weakly();
    // A WeakRef keeps its target until the current job ends.
    await nextTurn();
    releaseGarbage(0);
    expect(ref.deref()).toBeUndefined();
  });
});
