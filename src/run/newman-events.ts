/**
 * The arguments of the newman events kontrak listens to, as far as it reads them, and the
 * adapters that turn them into kontrak's own records. The objects are postman-collection's
 * (newman/lib/run/index.js names each event's arguments).
 */
import type { GuardedRequest } from './request-guard.ts';
import type { SdkRequest as SignableRequest } from './node-signer.ts';
import type { ScriptExecution } from './script-result.ts';
import type { RawExchange } from './newman-types.ts';
import { toText } from '../to-text.ts';

interface SdkHeader {
  key: string;
  value: string;
  disabled?: boolean;
}
interface SdkHeaders {
  all(): SdkHeader[];
  /** The header's value, as a script's `headers.get` reads it. */
  get(key: string): unknown;
}

/** `start`: the run begins; `run` is postman-runtime's, whose state holds the live variable scopes. */
export interface StartArgs {
  run?: unknown;
}

/** `beforeItem`: an item is about to run. */
export interface BeforeItemArgs {
  item: { id: string };
}

/** `beforeRequest`: the resolved request, before it is sent; `abort` keeps it from going out. */
export interface BeforeRequestArgs {
  item: { id: string };
  request: SignableRequest;
  abort(): void;
}

/** `script`: a script ran (`event.listen` says which), with what it left behind. */
export interface ScriptEventArgs {
  item: { id: string };
  event: { listen: string };
  execution?: ScriptExecution;
}

/** `request`: the request as sent and the response, if one came. */
export interface RequestEventArgs {
  item: { id: string };
  request: {
    method: string;
    url: { toString(): string };
    headers: SdkHeaders;
    body?: { toString(): string; raw?: unknown } | null;
  };
  response?: {
    json(): unknown;
    code: number;
    status?: string;
    headers: SdkHeaders;
    stream?: Buffer;
    responseTime: number;
  };
}

function headerList(headers: SdkHeaders): Array<{ key: string; value: string }> {
  return headers
    .all()
    .filter((h) => !h.disabled)
    .map((h) => ({ key: h.key, value: toText(h.value) }));
}

/** The request as newman sent it. */
export function sentRequest({ request }: RequestEventArgs): RawExchange['request'] {
  return {
    method: request.method,
    url: request.url.toString(),
    headers: headerList(request.headers),
    body: request.body ? request.body.toString() : '',
  };
}

/** The response, when one came. */
export function receivedResponse({ response }: RequestEventArgs): Pick<RawExchange, 'response'> {
  if (!response) return {};
  return {
    response: {
      status: response.code,
      ...(response.status ? { statusText: response.status } : {}),
      headers: headerList(response.headers),
      body: response.stream ?? Buffer.alloc(0),
      timeMs: response.responseTime,
    },
  };
}

/** The redirects a request followed: every hop that answered 3xx and was followed by another. */
export function followedRedirects({ hops }: GuardedRequest): Pick<RawExchange, 'redirects'> {
  const redirects = hops.slice(0, -1).map((hop, i) => ({
    status: hop.status ?? 0,
    from: hop.url,
    to: hops[i + 1]?.url ?? '',
  }));
  return redirects.length ? { redirects } : {};
}

/** What newman's run summary keeps per request (newman/lib/run/summary.js). */
const EXECUTION_FIELDS = ['request', 'response', 'item', 'assertions'] as const;

/**
 * newman's summary keeps every request and response (bodies included) until the run ends, in
 * `summary.run.executions` and in a private cache holding the same objects (300 responses of
 * 1 MB: 319 MB kept alive; 21 MB with this release). kontrak takes what it needs from the
 * `request` event, so once an item is done its execution records are emptied in place, which
 * empties the private cache's copies too.
 */
export function releaseExecutions(emitter: object): void {
  const summary: unknown = Reflect.get(emitter, 'summary');
  const run: unknown =
    typeof summary === 'object' && summary !== null ? Reflect.get(summary, 'run') : undefined;
  const executions: unknown =
    typeof run === 'object' && run !== null ? Reflect.get(run, 'executions') : undefined;
  if (!Array.isArray(executions)) return;
  const records: unknown[] = executions;
  for (const execution of records)
    if (typeof execution === 'object' && execution !== null)
      for (const name of EXECUTION_FIELDS) Reflect.deleteProperty(execution, name);
  executions.length = 0;
}
