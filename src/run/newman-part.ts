/**
 * One newman run over a part of a collection (newman-run.ts sends a long collection in parts):
 * wires newman's events into exchanges, signs in Node when asked, guards the wire, and hands
 * back the variable scopes where the next part starts.
 */
import newman from 'newman';
import type { RetryCause } from '../model/types.ts';
import { RETRY_LOG_PREFIX } from '../render/retry-script.ts';
import type { SandboxLease } from './sandbox-pool.ts';
import type { createRunCookieJar } from './cookie-jar.ts';
import { signInNode, type SdkRequest as SignableRequest, type VariableView } from './node-signer.ts';
import {
  abortRun,
  createRequestGuard,
  limitResponses,
  RESPONSE_LIMIT_MESSAGE,
  type GuardedRequest,
  type Hop,
} from './request-guard.ts';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  type NewmanRunOptions,
  type NewmanRunOutput,
  type RawExchange,
  type WireFailure,
} from './newman-types.ts';
import { toText } from '../to-text.ts';

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

/**
 * Whether the request failed because the answer could not be read as HTTP: node's HTTP parser
 * names its errors `HPE_*` (a missing or malformed status line, bad headers).
 */
function isUnreadableAnswer(err: Error | null): boolean {
  const code: unknown = err && 'code' in err ? err.code : undefined;
  return typeof code === 'string' && code.startsWith('HPE_');
}

/** What failed on the wire (the guard's verdict first, then the runtime's error), and the reason to report. */
function wireFailureOf(
  err: Error | null,
  wire: GuardedRequest,
  maxResponseBytes: number,
): { kind?: WireFailure; reason?: string } {
  if (wire.failure) return { kind: wire.failure.kind, reason: wire.failure.message };
  if (err?.message === RESPONSE_LIMIT_MESSAGE)
    return {
      kind: 'response-too-large',
      reason: `the response body exceeded ${maxResponseBytes} bytes (decoded); reading stopped there (--max-response-bytes raises the limit)`,
    };
  if (isUnreadableAnswer(err))
    return { kind: 'unreadable-response', reason: `the server answered, but not in HTTP (${err?.message})` };
  return err ? { reason: err.message } : {};
}

/** The redirects a request followed: every hop that answered 3xx and was followed by another. */
function followedRedirects(hops: Hop[]): NonNullable<RawExchange['redirects']> {
  return hops.slice(0, -1).map((hop, i) => ({
    status: hop.status ?? 0,
    from: hop.url,
    to: hops[i + 1]?.url ?? '',
  }));
}

/** What every newman run of one collection shares, and what it hands back. */
export interface CollectionRun {
  output: NewmanRunOutput;
  /**
   * The variables as the last script left them (the signer in Node signs with them, and the next
   * part starts from them: newman's summary does not keep collection variables up to date).
   */
  view: VariableView;
  cookieJar: ReturnType<typeof createRunCookieJar>;
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
 * newman merges /etc/postman/newmanrc, ~/.postman/newmanrc and ./.newmanrc into every run's
 * options, and newman.run had no way to skip them (patches/newman+6.2.2.patch passes this switch
 * to its config loader): a run of kontrak is what its own options say, and reads no file per run.
 */
const IGNORE_RC_FILES = { ignoreRcFile: true };

/** Runs `options.collection` (one part) in one newman run, keeping `shared.view` up to date. */
export function runPart(
  options: NewmanRunOptions,
  lease: SandboxLease | undefined,
  shared: CollectionRun,
): Promise<void> {
  const { collection } = options;
  const { exchanges, scriptErrors, reused } = shared.output;
  const { view } = shared;
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
        cookieJar: shared.cookieJar as never,
        environment: {
          values: options.values.map((v) => ({ key: v.key, value: v.value, enabled: true })),
        },
        timeoutRequest: options.timeoutRequest,
        ...(options.delayRequest ? { delayRequest: options.delayRequest } : {}),
        reporters: [],
        ...IGNORE_RC_FILES,
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
        else resolve();
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
      if (args.execution) Object.assign(view, pickScopes(args.execution));
    });
    if (options.signInNode) {
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
      const { kind: wireFailure, reason } = wireFailureOf(
        err,
        wire,
        options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      );
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
