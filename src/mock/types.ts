/**
 * Route tables: how a provider's endpoints plug into the mock bank. A provider module exports
 * a {@link ProviderRoutes}; the server registers every route and answers 404/405 around them.
 */
import type { KeyObject } from 'node:crypto';
import type { MockReply } from './snap-errors.ts';
import type { MockState } from './state.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A registered partner with its public key already parsed. */
export interface ResolvedPartner {
  provider: string;
  clientId: string;
  clientSecret: string;
  publicKey: KeyObject;
}

/** Settings of one running mock bank shared by all routes. */
export interface MockSettings {
  tokenTtlSeconds: number;
  timestampSkewSeconds: number;
  /** The mock's clock (epoch ms); injectable so tests can move time. */
  now: () => number;
}

/** A request as route handlers see it. Header names are lower-case. */
export interface MockRequest {
  method: string;
  /** The request target as sent: path plus query, not decoded. */
  rawUrl: string;
  headers: Record<string, string | undefined>;
  /** The body exactly as received ("" when none). */
  rawBody: string;
  /** The parsed JSON body; `{}` when the body is empty. Always an object. */
  body: Record<string, unknown>;
}

/** Everything a handler may use. */
export interface RouteContext {
  request: MockRequest;
  state: MockState;
  settings: MockSettings;
  /** Finds a registered partner of a provider by client id. */
  findPartner(provider: string, clientId: string): ResolvedPartner | undefined;
  /** The time of this request (epoch ms), read once from `settings.now`. */
  nowMs: number;
}

/** One endpoint of a provider. */
export interface MockRoute {
  method: HttpMethod;
  /** Full request path, including the provider's context root (`/nicepay/v1.0/access-token/b2b`). */
  path: string;
  /** SNAP service code (2 digits), used for every response code of this endpoint. */
  serviceCode: string;
  handle(context: RouteContext): MockReply;
}

/** A provider's route table. */
export interface ProviderRoutes {
  provider: string;
  routes: MockRoute[];
}
