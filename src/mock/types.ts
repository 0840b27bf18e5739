/**
 * Route tables: how a provider's endpoints plug into the mock bank. A provider module exports
 * a {@link ProviderRoutes}; the server registers every route and answers 404/405 around them.
 */
import type { KeyObject } from 'node:crypto';
import type { SigningPolicy } from '../../scripts/signing-contract.ts';
import type { MockReply } from './snap-errors.ts';
import type { MockState } from './books/state.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Shape of the errors of an endpoint: SNAP `{responseCode, responseMessage}` or the BRI API gateway `{status: {code, desc}}`. */
export type ErrorStyle = 'snap' | 'bri';

/** A registered partner with its public key already parsed. */
export interface ResolvedPartner {
  provider: string;
  clientId: string;
  clientSecret: string;
  /** Verifies SNAP access-token signatures; undefined for BRI API v2 partners without a key. */
  publicKey: KeyObject | undefined;
  /** BRI API v2: API products a token of this partner covers (undefined: all of the mock's). */
  products: readonly string[] | undefined;
  /** How this partner's provider signs (its profile's knobs); undefined: the emulation's own. */
  signing: SigningPolicy | undefined;
  /** What this partner's X-PARTNER-ID carries when it is not the client id. */
  partnerId?: string;
  /** The CHANNEL-ID registered for this partner. */
  channelId?: string;
}

/** Settings of one running mock bank shared by all routes. */
export interface MockSettings {
  tokenTtlSeconds: number;
  timestampSkewSeconds: number;
  /** The mock's clock (epoch ms); injectable so tests can move time. */
  now: () => number;
  /** Latency added to every response (ms). */
  latencyMs: number;
  /** Fault specs (`X-Kontrak-Fault` syntax) applied to every request of a path. */
  faults: Readonly<Record<string, string>>;
  /** The project whose schemas/ (and banks/) join the shipped ones; undefined: the shipped ones only. */
  projectRoot?: string;
  /** KONTRAK_CACHE_DIR as the caller read it (src/cache.ts); undefined: the default cache. */
  cacheDir?: string;
  /** How long a request body may take to arrive (ms); then 408 and the connection closed. */
  bodyDeadlineMs: number;
}

/** A request as route handlers see it. Header names are lower-case. */
export interface MockRequest {
  method: string;
  /** The request target as sent: path plus query, not decoded. */
  rawUrl: string;
  headers: Record<string, string | undefined>;
  /** The body exactly as received ("" when none). */
  rawBody: string;
  /** The parsed body: JSON object (`{}` when empty), or the fields of a form-encoded body. */
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
  /** How the body is parsed; default `json` (an object, `{}` when empty). */
  body?: 'json' | 'form';
  /** Shape of protocol errors around the handler (malformed body, 405, 413…); default `snap`. */
  errorStyle?: ErrorStyle;
  handle(context: RouteContext): MockReply;
}

/** A provider's route table. */
export interface ProviderRoutes {
  provider: string;
  routes: MockRoute[];
  /** Path prefixes owned by this provider whose unknown paths get its error style (404). */
  ownedPrefixes?: { prefix: string; errorStyle: ErrorStyle }[];
}
