/**
 * kontrak's newman runs: a collection is sent in parts of ITEMS_PER_NEWMAN_RUN items, one newman
 * run each (newman-part.ts), with the sandbox, cookies and variables carried from one to the next.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { useImmediateYields } from './runtime-yield.ts';
import { hostFor } from './sandbox-pool.ts';
import { createRunCookieJar } from './cookie-jar.ts';
import { variableView } from './node-signer.ts';
import { runPart, scopesOf, type CollectionRun } from './newman-part.ts';
import type { NewmanRunOptions, NewmanRunOutput } from './newman-types.ts';

export * from './newman-types.ts';

// kontrak's runs yield through setImmediate, not 1 ms timers (patches/postman-runtime+7.39.1.patch).
useImmediateYields();

/**
 * Items per newman run. newman holds every item of its collection as postman-collection objects
 * (~2.3 KB each) until the run ends, and each item it sent keeps its resolved request: a suite is
 * sent in runs of this many items, one after another, with the variables, cookies and sandbox
 * carried from one to the next, so a 10,000-request suite holds a few hundred at a time.
 */
export const ITEMS_PER_NEWMAN_RUN = 500;

/** Run one collection with newman, in-process, and hand back every exchange it made. */
export async function runNewman(options: NewmanRunOptions): Promise<NewmanRunOutput> {
  const lease = options.reuseSandbox === false ? undefined : await hostFor(options.collection);
  const { collection } = options;
  const shared: CollectionRun = {
    output: { exchanges: [], scriptErrors: new Map(), reused: new Map() },
    view: variableView(
      Object.fromEntries(options.values.map((v) => [v.key, v.value])),
      Object.fromEntries(collection.variable.map((v) => [v.key, v.value])),
      options.globals ?? {},
    ),
    cookieJar: createRunCookieJar(),
  };
  const secrets = new Set(options.values.filter((v) => v.secret).map((v) => v.key));
  const items = collection.item;
  const size = Math.max(1, options.itemsPerRun ?? ITEMS_PER_NEWMAN_RUN);
  for (let from = 0; from === 0 || from < items.length; from += size) {
    if (from > 0 && options.stopped?.()) break;
    // newman waits only between the requests of one run.
    if (from > 0 && options.delayRequest) await sleep(options.delayRequest);
    const scopes = scopesOf(shared.view);
    await runPart(
      {
        ...options,
        collection: {
          ...collection,
          item: items.slice(from, from + size),
          variable: Object.entries(scopes.collectionVariables).map(([key, value]) => ({
            key,
            value,
            type: 'string' as const,
          })),
        },
        values: Object.entries(scopes.environment).map(([key, value]) => ({
          key,
          value,
          secret: secrets.has(key),
        })),
        globals: scopes.globals,
      },
      lease,
      shared,
    );
  }
  // Only a run that ended normally hands its sandbox back: a failed one may have left a script running.
  lease?.release();
  return shared.output;
}
