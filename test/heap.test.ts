import v8 from 'node:v8';
import { expect, it } from 'vitest';
import { releaseGarbage } from '../src/heap.ts';

const used = (): number => v8.getHeapStatistics().used_heap_size;
const MB = 1024 * 1024;

it('collects the garbage of a phase once the heap grew by the threshold, and not before', () => {
  releaseGarbage(0); // start from a collected heap
  let garbage: string[] | undefined = Array.from({ length: 200_000 }, (_, i) => `garbage ${i} `.repeat(8));
  const grown = used();
  garbage = undefined;
  expect(garbage).toBeUndefined();
  releaseGarbage(1024 * MB); // grew by far less than 1 GB: nothing happens
  expect(used()).toBeGreaterThan(grown - 5 * MB);
  releaseGarbage(8 * MB);
  expect(used()).toBeLessThan(grown - 20 * MB);
});
