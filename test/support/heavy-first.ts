/**
 * The order vitest starts test files in. vitest sorts by the durations it cached from the last
 * run, and without that cache (a fresh clone, CI) by file size: then a short file that takes two
 * minutes (an npm install, a whole-suite run) can start last and leave the other worker idle
 * while it finishes. The files below took longest in a measured `npm test` run; they start first,
 * longest first, and the others follow in vitest's own order.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Slowest first, as measured (a file's place only matters for the tail of the run). */
export const HEAVY_FILES = [
  'test/e2e/readme.test.ts',
  'test/e2e/postman-door.test.ts',
  'test/load/mutations.test.ts',
  'test/e2e/package.test.ts',
  'test/e2e/parity.test.ts',
  'test/e2e/cli.test.ts',
  'test/e2e/evidence.test.ts',
  'test/e2e/hostile-mistakes.test.ts',
  'test/golden/golden.test.ts',
  'test/partner/inbound.test.ts',
  'test/scripts/property.test.ts',
  'test/e2e/interrupt.test.ts',
  'test/e2e/hostile-console.test.ts',
  'test/e2e/mock-cli.test.ts',
  'test/e2e/hostile-refusals.test.ts',
  'test/e2e/hostile-secrets.test.ts',
  'test/partner/cli.test.ts',
  'test/e2e/hostile-signals.test.ts',
  'test/e2e/scale.test.ts',
  'test/e2e/signing-contract.test.ts',
];

export default class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const i = HEAVY_FILES.findIndex((f) => spec.moduleId.endsWith(`/${f}`));
      return i === -1 ? HEAVY_FILES.length : i;
    };
    // Array.prototype.sort is stable: the other files keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
