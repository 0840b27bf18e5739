/**
 * What kontrak enforces on every request newman sends, below newman: the sockets are ours.
 *
 * - Redirects: a cross-origin hop is refused before a single byte goes out (the runtime would
 *   re-send the body, the credentials and the signature headers to the other host).
 * - Deadline: `--timeout` bounds the whole request (connect, headers, body, every hop); the
 *   runtime's own timeout only bounds idle time, which one byte a second defeats.
 * - Every hop is recorded, so the report lists the redirects that were taken.
 */
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';

/** One request on the wire: the first one, then one per redirect followed. */
export interface Hop {
  method: string;
  url: string;
  status?: number;
  location?: string;
}

/** Why the guard stopped a request. */
export interface GuardFailure {
  kind: 'redirect' | 'timeout';
  message: string;
}

export interface GuardedRequest {
  hops: Hop[];
  failure?: GuardFailure;
}

/** `http://host:port` with the default port spelled out, for comparing origins. */
export function originOf(url: string): string {
  try {
    const u = new URL(url);
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    return `${u.protocol}//${u.hostname.toLowerCase()}:${port}`;
  } catch {
    return url;
  }
}

/** An origin as a person writes it: no default port. */
function shownOrigin(origin: string): string {
  return origin.replace(/^(http:\/\/.*):80$|^(https:\/\/.*):443$/, '$1$2');
}

interface AgentRequestOptions {
  host?: string | null;
  hostname?: string | null;
  port?: number | string | null;
  path?: string | null;
}

export interface RequestGuard {
  agents: { http: http.Agent; https: https.Agent };
  /** A new item is about to be sent: its first hop sets the origin every later hop must keep. */
  begin(): void;
  /** The item's request is done (answered or failed): what happened on the wire. */
  end(): GuardedRequest;
  /** Close every socket (the run is over). */
  destroy(): void;
}

export function createRequestGuard(deadlineMs: number): RequestGuard {
  let origin: string | undefined;
  let current: GuardedRequest = { hops: [] };
  let timer: NodeJS.Timeout | undefined;
  let live: http.ClientRequest | undefined;

  const fail = (failure: GuardFailure, req: http.ClientRequest | undefined, hasSocket = true): void => {
    current.failure ??= failure;
    const error = new Error(`kontrak-${failure.kind}: ${failure.message}`);
    if (hasSocket) {
      req?.destroy(error);
      return;
    }
    // Refused before it had a socket: no connection is opened, and node would hold the error
    // until a socket came; the client hears of it on the next tick, as of any failed connect.
    req?.destroy();
    process.nextTick(() => req?.emit('error', error));
  };

  const intercept = (
    protocol: 'http:' | 'https:',
    req: http.ClientRequest,
    o: AgentRequestOptions,
  ): boolean => {
    const host = (o.hostname ?? o.host ?? '').replace(/^\[|\]$/g, '');
    const url = `${protocol}//${host.includes(':') ? `[${host}]` : host}${o.port ? `:${String(o.port)}` : ''}${o.path ?? '/'}`;
    const target = originOf(url);
    origin ??= target;
    if (target !== origin) {
      fail(
        {
          kind: 'redirect',
          message: `${shownOrigin(origin)} redirected to ${shownOrigin(target)}; a cross-origin redirect is never followed (the request, its credentials and signature would go to another host)`,
        },
        req,
        false,
      );
      return false;
    }
    const hop: Hop = { method: req.method, url };
    current.hops.push(hop);
    req.once('response', (res: http.IncomingMessage) => {
      hop.status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (location) hop.location = location;
    });
    live = req;
    timer ??= setTimeout(() => {
      fail(
        {
          kind: 'timeout',
          message: `no complete response within ${deadlineMs} ms (--timeout bounds the whole request)`,
        },
        live,
      );
    }, deadlineMs);
    timer.unref();
    return true;
  };

  // Agents of this run only (newman's requestAgents option): nothing global is patched.
  class GuardedHttpAgent extends http.Agent {
    override addRequest(req: http.ClientRequest, options: AgentRequestOptions): void {
      if (intercept('http:', req, options)) super.addRequest(req, options);
    }
  }
  class GuardedHttpsAgent extends https.Agent {
    override addRequest(req: http.ClientRequest, options: AgentRequestOptions): void {
      if (intercept('https:', req, options)) super.addRequest(req, options);
    }
  }
  const agents = {
    http: new GuardedHttpAgent({ keepAlive: true }),
    https: new GuardedHttpsAgent({ keepAlive: true }),
  };

  return {
    agents,
    begin() {
      clearTimeout(timer);
      timer = undefined;
      live = undefined;
      origin = undefined;
      current = { hops: [] };
    },
    end() {
      clearTimeout(timer);
      timer = undefined;
      live = undefined;
      const done = current;
      current = { hops: [] };
      origin = undefined;
      return done;
    },
    destroy() {
      clearTimeout(timer);
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

declare module 'http' {
  interface Agent {
    /**
     * Node's Agent takes each request here (lib/_http_agent.js), before a socket is chosen: the
     * one point where an agent sees every request and every redirect hop with its target, in time
     * to refuse it. It is not in Node's documented API (nor its typings); the documented hooks
     * come too late or not per request (`createConnection` only for a new socket, without the
     * request; `reuseSocket` only for a kept-alive one), and the `http.client.request.*`
     * diagnostics channels are process-wide, not per run.
     */
    addRequest(req: ClientRequest, options: AgentRequestOptions): void;
  }
}

/* The decoded-size limit. newman hands the runtime a fixed set of requester options, without the
 * runtime's own `maxResponseSize` (counted on the decoded body, so it stops gzip and deflate bombs
 * while they inflate). It is added here, per run, keyed by the run's agents. */
const responseLimits = new WeakMap<object, number>();
/** The runtime's run of each newman run (keyed by its agents), so that it can be stopped. */
const runs = new WeakMap<object, { abort(): void }>();
type RunCallback = (err: Error | null, run?: { abort(): void }) => void;
interface RuntimeRunner {
  prototype: {
    run(
      collection: unknown,
      options: { requester?: { agents?: { http?: object }; maxResponseSize?: number } },
      cb: RunCallback,
    ): unknown;
  };
}
let patched = false;
function patchRuntime(): void {
  if (patched) return;
  patched = true;
  // newman's own copy of the runtime: resolved from newman, so a second copy can never slip in.
  const requireFromNewman = createRequire(createRequire(import.meta.url).resolve('newman'));
  const { Runner } = requireFromNewman('postman-runtime') as { Runner: RuntimeRunner };
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the runner as `this` below
  const run = Runner.prototype.run;
  Runner.prototype.run = function (collection, options, cb) {
    // Keyed by the http agent itself: newman copies the options object that holds it.
    const agents = options.requester?.agents?.http;
    const limit = agents ? responseLimits.get(agents) : undefined;
    if (limit !== undefined && options.requester) options.requester.maxResponseSize = limit;
    return run.call(this, collection, options, (err, started) => {
      if (agents && started) runs.set(agents, started);
      cb(err, started);
    });
  };
}

/** Make newman's runtime stop reading any response of this run past `bytes` decoded bytes. */
export function limitResponses(agents: { http: object }, bytes: number): void {
  patchRuntime();
  responseLimits.set(agents.http, bytes);
}

/** Stop the run of these agents after the request in flight (nothing more is sent). */
export function abortRun(agents: { http: object }): void {
  runs.get(agents.http)?.abort();
}

/** The runtime's message when it stopped reading at the limit. */
export const RESPONSE_LIMIT_MESSAGE = 'Maximum response size reached';
