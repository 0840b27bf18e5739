import newman from 'newman';
import type { EnvValue } from '../env/values.ts';
import type { RetryCause } from '../model/types.ts';
import type { PostmanCollection } from '../render/postman-types.ts';
import { RETRY_LOG_PREFIX } from '../render/retry-script.ts';
import { useImmediateYields } from './runtime-yield.ts';
import { borrowSandbox, type SandboxLease } from './sandbox-pool.ts';
import { createRunCookieJar } from './cookie-jar.ts';
import {
  signInNode,
  variableView,
  type SdkRequest as SignableRequest,
  type VariableView,
} from './node-signer.ts';
import {
  abortRun,
  createRequestGuard,
  limitResponses,
  RESPONSE_LIMIT_MESSAGE,
  type Hop,
} from './request-guard.ts';

/** A failure kontrak itself detected on the wire, classified for the report. */
export type WireFailure = 'redirect' | 'response-too-large' | 'timeout';

/** Largest decoded response body by default (`--max-response-bytes`). */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
import { toText } from '../to-text.ts';

// kontrak's runs yield through setImmediate, not 1 ms timers (patches/postman-runtime+7.39.1.patch).
useImmediateYields();

/** One request as newman actually sent it, and what came back. */
export interface RawExchange {
  itemId: string;
  request: { method: string; url: string; headers: Array<{ key: string; value: string }>; body: string };
  response?: {
    status: number;
    /** The reason phrase of the status line (`OK`, `Unauthorized`). */
    statusText?: string;
    headers: Array<{ key: string; value: string }>;
    body: Buffer;
    timeMs: number;
  };
  /** Transport failure (refused, reset, timeout) or a script error that stopped the request. */
  error?: string;
  /** The string to sign the signer signed for this attempt, recorded when it signed (Node signing only). */
  stringToSign?: string;
  /** Set when this attempt failed and the request's retry policy sends it again. */
  retry?: { cause: RetryCause; attempt: number; waitMs: number };
  /** What stopped the request on the wire, when kontrak stopped it. */
  wireFailure?: WireFailure;
  /** Redirects followed (same origin only), in order: the answer that redirected, and where to. */
  redirects?: Array<{ status: number; from: string; to: string }>;
}

export interface NewmanRunOptions {
  collection: PostmanCollection;
  values: EnvValue[];
  /** Deadline of each request as a whole (connect, headers, body, redirects), ms. */
  timeoutRequest: number;
  /** Largest decoded response body (default 10 MB): past it the request fails as response-too-large. */
  maxResponseBytes?: number;
  /** Polled before each request: once true, nothing more is sent (the run was interrupted). */
  stopped?: () => boolean;
  /** Wait between requests, ms (newman's delayRequest). */
  delayRequest?: number;
  /** Global variables: the lowest scope, so whatever the run captures itself wins. */
  globals?: Record<string, string>;
  /**
   * Called once per request that was sent, in order. When given, exchanges are handed over here
   * and not collected (`exchanges` comes back empty), so a long suite holds no raw bodies.
   */
  onExchange?: (exchange: RawExchange) => void;
  /**
   * Empty newman's own record of each execution once its item is done (default true). false keeps
   * newman's behaviour, for the comparison in bench/memory.bench.ts.
   */
  releaseExecutions?: boolean;
  /**
   * Sign in Node, in newman's `beforeRequest` event (the collection then carries no signer script).
   * A request that cannot be signed is aborted, never sent unsigned.
   */
  signInNode?: boolean;
  /**
   * Run the scripts in a sandbox booted once per process and lent to one run at a time
   * (sandbox-pool.ts) instead of booting one for this run (default true).
   */
  reuseSandbox?: boolean;
}

/* Minimal shapes of the postman-collection objects handed out in newman's events. */
interface SdkHeader {
  key: string;
  value: string;
  disabled?: boolean;
}
interface SdkRequest {
  method: string;
  url: { toString(): string };
  headers: { all(): SdkHeader[] };
  body?: { toString(): string } | null;
}
interface SdkResponse {
  code: number;
  status?: string;
  headers: { all(): SdkHeader[] };
  stream?: Buffer;
  responseTime: number;
}
interface RequestEventArgs {
  item: { id: string };
  request: SdkRequest;
  response?: SdkResponse;
}
interface ScriptEventArgs {
  item: { id: string };
  event: { listen: string };
  execution?: Partial<VariableView>;
}
interface BeforeRequestArgs {
  item: { id: string };
  request: SignableRequest;
  abort(): void;
}

function headerList(headers: { all(): SdkHeader[] }): Array<{ key: string; value: string }> {
  return headers
    .all()
    .filter((h) => !h.disabled)
    .map((h) => ({ key: h.key, value: toText(h.value) }));
}

export interface NewmanRunOutput {
  /** Every exchange, unless `onExchange` took them. */
  exchanges: RawExchange[];
  /** Pre-request script failures by item id (the signer stops the request when it cannot sign). */
  scriptErrors: Map<string, string>;
  /** Token requests skipped because an earlier token was still valid, by item id. */
  reused: Map<string, string>;
}

/** What newman's run summary keeps per request (newman/lib/run/summary.js); we only need it gone. */
interface SummaryExecution {
  request?: unknown;
  response?: unknown;
  item?: unknown;
  assertions?: unknown;
}
interface RunEmitter {
  summary?: { run?: { executions?: SummaryExecution[] } };
}

/**
 * newman's summary keeps every request and response (bodies included) until the run ends, in
 * `summary.run.executions` and in a private cache holding the same objects (300 responses of
 * 1 MB: 319 MB kept alive; 21 MB with this release). kontrak takes what it needs from the
 * `request` event, so once an item is done its execution records are emptied in place, which
 * empties the private cache's copies too.
 */
function releaseExecutions(emitter: RunEmitter): void {
  const executions = emitter.summary?.run?.executions;
  if (!executions) return;
  for (const execution of executions) {
    delete execution.request;
    delete execution.response;
    delete execution.item;
    delete execution.assertions;
  }
  executions.length = 0;
}

function nodeVariables(collection: PostmanCollection, options: NewmanRunOptions): VariableView {
  const collectionVariables = Object.fromEntries(collection.variable.map((v) => [v.key, v.value]));
  return variableView(
    Object.fromEntries(options.values.map((v) => [v.key, v.value])),
    collectionVariables,
    options.globals ?? {},
  );
}

/** The variable scopes a script left behind (the runtime hands them over as postman-collection scopes). */
function pickScopes(execution: Partial<VariableView>): Partial<VariableView> {
  const picked: Partial<VariableView> = {};
  for (const name of ['environment', 'collectionVariables', 'globals'] as const) {
    const scope = execution[name];
    if (scope && typeof scope.has === 'function') picked[name] = scope;
  }
  return picked;
}

/** `kontrak-retry: <cause> <attempt>/<count> <wait ms>` (render/retry-script.ts). */
function parseRetryLine(text: string): NonNullable<RawExchange['retry']> {
  const [cause = 'transport', attempt = '1', wait = '0'] = text
    .slice(RETRY_LOG_PREFIX.length)
    .trim()
    .split(/\s+/);
  return { cause: cause as RetryCause, attempt: Number(attempt.split('/')[0]), waitMs: Number(wait) };
}

/** The redirects a request followed: every hop that answered 3xx and was followed by another. */
function followedRedirects(hops: Hop[]): NonNullable<RawExchange['redirects']> {
  return hops.slice(0, -1).map((hop, i) => ({
    status: hop.status ?? 0,
    from: hop.url,
    to: hops[i + 1]?.url ?? '',
  }));
}

/** Run one collection with newman, in-process, and hand back every exchange it made. */
export async function runNewman(options: NewmanRunOptions): Promise<NewmanRunOutput> {
  const lease = options.reuseSandbox === false ? undefined : await borrowSandbox();
  const output = await runWithSandbox(options, lease);
  // Only a run that ended normally hands its sandbox back: a failed one may have left a script running.
  lease?.release();
  return output;
}

function runWithSandbox(
  options: NewmanRunOptions,
  lease: SandboxLease | undefined,
): Promise<NewmanRunOutput> {
  const { collection } = options;
  const exchanges: RawExchange[] = [];
  const scriptErrors = new Map<string, string>();
  const reused = new Map<string, string>();
  // Sockets of its own, closed when the run ends: a pooled keep-alive socket keeps its last request,
  // and through it the whole finished run (every item and exchange), alive until it times out.
  // They also refuse cross-origin redirects and hold each request to its deadline.
  const guard = createRequestGuard(options.timeoutRequest);
  const agents = guard.agents;
  limitResponses(agents, options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
  const closeAgents = (): void => guard.destroy();
  let interrupted = false;
  return new Promise((resolve, reject) => {
    const emitter = newman.run(
      {
        collection: collection as never,
        requestAgents: agents,
        cookieJar: createRunCookieJar() as never,
        environment: {
          values: options.values.map((v) => ({ key: v.key, value: v.value, enabled: true })),
        },
        timeoutRequest: options.timeoutRequest,
        ...(options.delayRequest ? { delayRequest: options.delayRequest } : {}),
        reporters: [],
        ...(lease ? { host: { external: true, instance: lease.context } } : {}),
        ...(options.globals
          ? {
              globals: {
                values: Object.entries(options.globals).map(([key, value]) => ({
                  key,
                  value,
                  enabled: true,
                })),
              },
            }
          : {}),
      },
      (err) => {
        closeAgents();
        lease?.context.off('console', relayConsole);
        if (err) reject(err);
        else resolve({ exchanges, scriptErrors, reused });
      },
    );
    // A lent sandbox has no listeners from the runtime: its console reaches the run's emitter from here.
    function relayConsole(cursor: unknown, level: string, ...messages: unknown[]): void {
      emitter.emit('console', null, { cursor, level, messages });
    }
    lease?.context.on('console', relayConsole);
    // An exchange is handed over once its item is done: its test script may decide to retry it.
    let pending: RawExchange | undefined;
    const deliver = (): void => {
      if (!pending) return;
      if (options.onExchange) options.onExchange(pending);
      else exchanges.push(pending);
      pending = undefined;
    };
    emitter.on('item', () => {
      deliver();
      if (options.releaseExecutions !== false) releaseExecutions(emitter as unknown as RunEmitter);
    });
    emitter.on('done', deliver);
    let currentItem = '';
    emitter.on('beforeItem', (_err: Error | null, args: { item: { id: string } }) => {
      currentItem = args.item.id;
    });
    // What the scripts see after each script, for the signer in Node.
    const view = options.signInNode ? nodeVariables(collection, options) : undefined;
    emitter.on('beforeRequest', (_err: Error | null, args: BeforeRequestArgs) => {
      if (!interrupted && options.stopped?.()) {
        interrupted = true;
        abortRun(agents);
      }
      if (interrupted) {
        scriptErrors.set(args.item.id, 'not sent: the run was interrupted');
        args.abort();
        return;
      }
      guard.begin();
    });
    // What the signer signed, by item, until the request event hands it over with the exchange.
    const signed = new Map<string, string>();
    emitter.on('script', (err: Error | null, args: ScriptEventArgs) => {
      if (err && args.event.listen === 'prerequest')
        scriptErrors.set(args.item.id, `pre-request script failed: ${err.message}`);
      if (view && args.execution) Object.assign(view, pickScopes(args.execution));
    });
    if (view) {
      emitter.on('beforeRequest', (_err: Error | null, args: BeforeRequestArgs) => {
        if (scriptErrors.has(args.item.id)) return;
        try {
          const result = signInNode(args.request, view);
          if (result) signed.set(args.item.id, result.stringToSign);
          else signed.delete(args.item.id);
        } catch (e) {
          scriptErrors.set(args.item.id, `not sent: ${(e as Error).message}`);
          args.abort();
        }
      });
    }
    // The signer reports why it refused to sign on the console, then skips the request.
    emitter.on('console', (_err: Error | null, args: { level: string; messages: unknown[] }) => {
      const text = args.messages.map(String).join(' ');
      if (args.level === 'error' && text.startsWith('kontrak:'))
        scriptErrors.set(currentItem, `not sent: ${text}`);
      if (args.level === 'info' && text.startsWith('kontrak-reuse:'))
        reused.set(currentItem, text.slice('kontrak-reuse:'.length).trim());
      if (args.level === 'info' && text.startsWith(RETRY_LOG_PREFIX) && pending)
        pending.retry = parseRetryLine(text);
    });
    emitter.on('request', (err: Error | null, args: RequestEventArgs) => {
      const request = args.request;
      const exchange: RawExchange = {
        itemId: args.item.id,
        request: {
          method: request.method,
          url: request.url.toString(),
          headers: headerList(request.headers),
          body: request.body ? request.body.toString() : '',
        },
      };
      const wire = guard.end();
      const stringToSign = signed.get(args.item.id);
      if (stringToSign !== undefined) {
        exchange.stringToSign = stringToSign;
        signed.delete(args.item.id);
      }
      const scriptError = scriptErrors.get(args.item.id);
      const wireFailure: WireFailure | undefined =
        wire.failure?.kind ?? (err?.message === RESPONSE_LIMIT_MESSAGE ? 'response-too-large' : undefined);
      const reason =
        wire.failure?.message ??
        (wireFailure === 'response-too-large'
          ? `the response body exceeded ${options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES} bytes (decoded); reading stopped there (--max-response-bytes raises the limit)`
          : err?.message);
      if (err || scriptError) exchange.error = [scriptError, reason].filter(Boolean).join('; ');
      if (wireFailure) exchange.wireFailure = wireFailure;
      const redirects = followedRedirects(wire.hops);
      if (redirects.length) exchange.redirects = redirects;
      if (args.response) {
        exchange.response = {
          status: args.response.code,
          ...(args.response.status ? { statusText: args.response.status } : {}),
          headers: headerList(args.response.headers),
          body: args.response.stream ?? Buffer.alloc(0),
          timeMs: args.response.responseTime,
        };
      }
      deliver();
      pending = exchange;
    });
  });
}
