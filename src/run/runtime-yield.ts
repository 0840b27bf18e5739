import { engine } from './engine.ts';

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

/** The patched runtime's switch, or undefined when the patch is not applied. */
export function runtimeYield(): RuntimeYield | undefined {
  const module = engine.runtimeYield as Partial<RuntimeYield> | undefined;
  return module?.patchedBy === 'kontrak' ? (module as RuntimeYield) : undefined;
}

/** Turns immediate yields on for this process; false when the patch is missing (runs work, slower). */
export function useImmediateYields(on = true): boolean {
  const yielder = runtimeYield();
  yielder?.useImmediate(on);
  return yielder !== undefined;
}
