import { createRequire } from 'node:module';

/**
 * postman-runtime 7.39.1 yields between instructions with setTimeout(fn, 0), which Node clamps to
 * 1 ms: about 7 ms of idle time per request. patches/postman-runtime+7.39.1.patch (applied by
 * patch-package on install) routes those yields through lib/runner/yield.js, which kontrak's runs
 * switch to setImmediate. The exported Postman collections are not affected.
 */
interface RuntimeYield {
  patchedBy: string;
  useImmediate(on: boolean): void;
  usingImmediate(): boolean;
}

const require = createRequire(import.meta.url);

/** The patched runtime's switch, or undefined when the patch is not applied. */
export function runtimeYield(): RuntimeYield | undefined {
  try {
    const runtimeDir = require.resolve('postman-runtime/package.json', {
      paths: [require.resolve('newman/package.json')],
    });
    const module = require(runtimeDir.replace(/package\.json$/, 'lib/runner/yield.js')) as RuntimeYield;
    return module.patchedBy === 'kontrak' ? module : undefined;
  } catch {
    return undefined;
  }
}

/** Turns immediate yields on for this process; false when the patch is missing (runs work, slower). */
export function useImmediateYields(on = true): boolean {
  const yielder = runtimeYield();
  yielder?.useImmediate(on);
  return yielder !== undefined;
}
