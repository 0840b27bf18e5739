/**
 * One newman run over a part of a collection (newman-run.ts sends a long collection in parts):
 * newman's options from kontrak's, the wire guarded, and the events handed to the listeners
 * (newman-listeners.ts), which keep the shared variable view up to date for the next part.
 */
import newman, { type NewmanRunOptions as NewmanOptions } from 'newman';
import type { CollectionDefinition } from 'postman-collection';
import type { PostmanCollection } from '../render/postman-types.ts';
import type { SandboxLease } from './sandbox-pool.ts';
import type { RunCookieJar } from './cookie-jar.ts';
import type { VariableView } from './node-signer.ts';
import { createRequestGuard, limitResponses, type RequestGuard } from './request-guard.ts';
import { listen, type Part } from './newman-listeners.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, type NewmanRunOptions, type NewmanRunOutput } from './newman-types.ts';
import { toText } from '../to-text.ts';

/** What every newman run of one collection shares, and what it hands back. */
export interface CollectionRun {
  output: NewmanRunOutput;
  /**
   * The variables as the last script left them (the signer in Node signs with them, and the next
   * part starts from them: newman's summary does not keep collection variables up to date).
   */
  view: VariableView;
  cookieJar: RunCookieJar;
}

/** The variable scopes as a run left them: where the next run of the same collection starts. */
export interface Scopes {
  environment: Record<string, string>;
  collectionVariables: Record<string, string>;
  globals: Record<string, string>;
}

const texts = (scope: VariableView[keyof VariableView]): Record<string, string> =>
  Object.fromEntries(
    Object.entries(scope.toObject(false, true) as Record<string, unknown>).map(([key, value]) => [
      key,
      toText(value),
    ]),
  );

/** Where the next part starts: the scopes of `view`, as plain text values. */
export function scopesOf(view: VariableView): Scopes {
  return {
    environment: texts(view.environment),
    collectionVariables: texts(view.collectionVariables),
    globals: texts(view.globals),
  };
}

/**
 * The collection as newman's typings spell Collection v2.1: they give `info.description` only its
 * object form, `{ content }`, which the format allows beside the plain string kontrak writes.
 */
function collectionDefinition(collection: PostmanCollection): CollectionDefinition {
  const { description, ...info } = collection.info;
  return { ...collection, info: { ...info, description: { content: description } } };
}

const variables = (
  entries: Array<[string, string]>,
): { values: Array<{ key: string; value: string; enabled: boolean }> } => ({
  values: entries.map(([key, value]) => ({ key, value, enabled: true })),
});

/**
 * newman's options for one part. newman merges /etc/postman/newmanrc, ~/.postman/newmanrc and
 * ./.newmanrc into every run's options, and newman.run had no way to skip them
 * (patches/newman+6.2.2.patch passes `ignoreRcFile` to its config loader): a run of kontrak is
 * what its own options say, and reads no file per run. `host` lends the booted sandbox (the same
 * patch passes it on to postman-runtime).
 */
function newmanOptions(
  options: NewmanRunOptions,
  guard: RequestGuard,
  cookieJar: RunCookieJar,
  lease: SandboxLease | undefined,
): NewmanOptions & { ignoreRcFile: true; host?: { external: true; instance: object } } {
  return {
    collection: collectionDefinition(options.collection),
    requestAgents: guard.agents,
    cookieJar,
    environment: variables(options.values.map((v) => [v.key, v.value])),
    timeoutRequest: options.timeoutRequest,
    ...(options.delayRequest ? { delayRequest: options.delayRequest } : {}),
    reporters: [],
    ignoreRcFile: true,
    ...(lease ? { host: { external: true, instance: lease.context } } : {}),
    ...(options.globals ? { globals: variables(Object.entries(options.globals)) } : {}),
  };
}

/** Runs `options.collection` (one part) in one newman run, keeping `shared.view` up to date. */
export function runPart(
  options: NewmanRunOptions,
  lease: SandboxLease | undefined,
  shared: CollectionRun,
): Promise<void> {
  // Sockets of its own, closed when the run ends: a pooled keep-alive socket keeps its last request,
  // and through it the whole finished run (every item and exchange), alive until it times out.
  // They also refuse cross-origin redirects and hold each request to its deadline.
  const guard = createRequestGuard(options.timeoutRequest);
  limitResponses(guard.agents, options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
  const part: Part = {
    options,
    output: shared.output,
    view: shared.view,
    guard,
    signed: new Map(),
    pending: undefined,
    interrupted: false,
  };
  return new Promise((resolve, reject) => {
    const emitter = newman.run(newmanOptions(options, guard, shared.cookieJar, lease), (err) => {
      guard.destroy();
      if (err) reject(err);
      else resolve();
    });
    listen(emitter, part);
  });
}
