import { engine } from './engine.ts';

/**
 * Script sandboxes reused across kontrak's newman runs. postman-runtime boots a fresh
 * postman-sandbox context for every run, about 200 ms of CPU evaluating its boot code, once per
 * suite even when the suite's scripts are three lines. Here a context is booted once and lent to
 * one run at a time (runs in parallel each hold their own), then handed back when the run ends.
 *
 * newman 6.2.2 does not pass postman-runtime's `host` option through;
 * patches/newman+6.2.2.patch (applied by patch-package on install) does. With an external host
 * the runtime attaches no listeners of its own: its console goes nowhere, and kontrak reads what
 * scripts tell it from their results (render/script-signals.ts), not from the console.
 */

/** A booted postman-sandbox context: kontrak only hands it to the runtime. */
export type SandboxContext = object;

interface SandboxModule {
  createContext(
    options: { timeout?: number },
    callback: (error: Error | null, context: SandboxContext) => void,
  ): void;
}

function sandboxModule(): SandboxModule {
  // The postman-sandbox the runtime under newman loads itself.
  return engine.Sandbox as SandboxModule;
}

/** Whether newman hands the `host` option to the runtime (the patch is applied). */
export function newmanPassesHost(): boolean {
  return engine.passesHost;
}

const idle: SandboxContext[] = [];
/** Idle contexts kept for later runs; more than this many borrowed at once are dropped on return. */
const MAX_IDLE = 8;
let hostSupported: boolean | undefined;

/** A booted context: an idle one, or a new one (the run's timeouts apply per request, not here). */
function boot(): Promise<SandboxContext> {
  const ready = idle.pop();
  if (ready) return Promise.resolve(ready);
  return new Promise((resolve, reject) => {
    // No dispatch timeout: what newman's runs get without --timeout-script or --timeout
    // (postman-runtime turns their 0 into Infinity and passes no finite timeout on).
    sandboxModule().createContext({}, (error, context) => {
      if (error) reject(error);
      else resolve(context);
    });
  });
}

/** A context lent to one run; `release` hands it back (call it once, when the run has ended). */
export interface SandboxLease {
  context: SandboxContext;
  release(): void;
}

/**
 * The host of a run whose collection has no script at all (kontrak's runs sign, check, reuse
 * tokens and capture in Node): postman-runtime boots a sandbox for every run unless it is handed
 * one, and touches it only to run a script, so such a run gets this instead of a booted context
 * (about 200 ms of CPU the first time). Should a script reach it all the same, it fails loudly.
 */
class ScriptlessHost {
  private refuse(method: string): never {
    throw new Error(`kontrak: a script ran in a run without scripts (host.${method})`);
  }
  on(): never {
    return this.refuse('on');
  }
  once(): never {
    return this.refuse('once');
  }
  execute(): never {
    return this.refuse('execute');
  }
  dispatch(): never {
    return this.refuse('dispatch');
  }
}
const SCRIPTLESS_HOST: SandboxContext = new ScriptlessHost();

/** Whether a collection (Collection v2.1 JSON) carries any script, at its own level or an item's. */
export function hasScripts(collection: { event?: unknown[]; item: Array<{ event?: unknown[] }> }): boolean {
  return Boolean(collection.event?.length) || collection.item.some((item) => Boolean(item.event?.length));
}

/** What a run of `collection` is lent: the scriptless host when it has no script, else a booted sandbox. */
export async function hostFor(
  collection: Parameters<typeof hasScripts>[0],
): Promise<SandboxLease | undefined> {
  if (!hasScripts(collection) && newmanPassesHost()) return { context: SCRIPTLESS_HOST, release: () => {} };
  return borrowSandbox();
}

/**
 * Lends a booted sandbox, or undefined when newman cannot take one (the patch is missing: runs
 * then boot their own, as stock newman does).
 */
export async function borrowSandbox(): Promise<SandboxLease | undefined> {
  hostSupported ??= newmanPassesHost();
  if (!hostSupported) return undefined;
  const context = await boot();
  let released = false;
  return {
    context,
    release: () => {
      if (released) return;
      released = true;
      if (idle.length < MAX_IDLE) idle.push(context);
    },
  };
}
