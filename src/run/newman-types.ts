/**
 * What a newman run of kontrak takes and hands back: the options, and each request as newman
 * actually sent it with what came back.
 */
import type { EnvValue } from '../env/values.ts';
import type { RetryCause } from '../model/types.ts';
import type { PostmanCollection } from '../render/postman-types.ts';
import type { ItemSteps } from '../render/item-steps.ts';

/** A failure kontrak itself detected on the wire, classified for the report. */
export type WireFailure = 'redirect' | 'response-too-large' | 'timeout' | 'unreadable-response';

/** Largest decoded response body by default (`--max-response-bytes`). */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

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
  /**
   * Item steps performed in Node, by item id (src/run/node-steps.ts): the collection was rendered
   * with `stepsInNode`, so these items carry no script of their own for them.
   */
  steps?: ReadonlyMap<string, ItemSteps>;
  /** Items per newman run (default ITEMS_PER_NEWMAN_RUN); the variables and cookies carry over. */
  itemsPerRun?: number;
}

export interface NewmanRunOutput {
  /** Every exchange, unless `onExchange` took them. */
  exchanges: RawExchange[];
  /** Pre-request script failures by item id (the signer stops the request when it cannot sign). */
  scriptErrors: Map<string, string>;
  /** Token requests skipped because an earlier token was still valid, by item id. */
  reused: Map<string, string>;
}
