/**
 * The embedded mock bank: a fastify server that speaks the providers' protocols and really
 * verifies signatures. Every answer, including framework and connection errors, is SNAP JSON
 * `{responseCode, responseMessage}` with the matching HTTP status.
 */
import { createPublicKey } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  dispatch,
  internalError,
  methodNotAllowedReply,
  notFoundReply,
  partnerKey,
  type DispatchEnvironment,
} from './dispatch.ts';
import { MOCK_PROVIDERS } from './routes/index.ts';
import { NO_SERVICE, snapCaseForStatus, snapReply, type MockReply } from './snap-errors.ts';
import { MockState } from './state.ts';
import { formatJakartaTimestamp } from './time.ts';
import type { MockRoute, MockSettings, ProviderRoutes, ResolvedPartner } from './types.ts';

/** A partner (merchant) registered at the mock bank. */
export interface MockPartner {
  /** Provider whose endpoints the partner may call, e.g. `nicepay`. */
  provider: string;
  /** X-CLIENT-KEY / X-PARTNER-ID. */
  clientId: string;
  /** HMAC key of transactional signatures (UTF-8 string, used as is). */
  clientSecret: string;
  /** SPKI PEM of the partner's RSA key; verifies access-token signatures. */
  publicKeyPem: string;
}

/** Options of {@link startMockBank}. */
export interface MockOptions {
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Port; default 0 (a free port). */
  port?: number;
  partners: MockPartner[];
  /** Lifetime of issued access tokens; default 900. */
  tokenTtlSeconds?: number;
  /** Allowed difference between X-TIMESTAMP and the server clock; default 300. */
  timestampSkewSeconds?: number;
  /** The mock's clock in epoch ms; default `Date.now`. For tests of expiry and skew. */
  now?: () => number;
}

/** A started mock bank. */
export interface RunningMock {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** Largest request body accepted (bytes); larger bodies get a SNAP 413. */
const BODY_LIMIT = 1024 * 1024;

/** Starts the mock bank and resolves once it listens. Rejects on an unusable partner key. */
export async function startMockBank(options: MockOptions): Promise<RunningMock> {
  const host = options.host ?? '127.0.0.1';
  const env: DispatchEnvironment = {
    state: new MockState(),
    settings: resolveSettings(options),
    partners: resolvePartners(options.partners),
  };
  const app = buildMockApp(env, MOCK_PROVIDERS);
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${hostInUrl}:${address.port}`,
    close: () => app.close(),
  };
}

function resolveSettings(options: MockOptions): MockSettings {
  return {
    tokenTtlSeconds: options.tokenTtlSeconds ?? 900,
    timestampSkewSeconds: options.timestampSkewSeconds ?? 300,
    now: options.now ?? Date.now,
  };
}

function resolvePartners(partners: MockPartner[]): Map<string, ResolvedPartner> {
  const resolved = new Map<string, ResolvedPartner>();
  for (const partner of partners) {
    const key = partnerKey(partner.provider, partner.clientId);
    if (resolved.has(key)) throw new Error(`mock bank: partner ${partner.provider}/${partner.clientId} is registered twice`);
    let publicKey;
    try {
      publicKey = createPublicKey(partner.publicKeyPem);
    } catch (error) {
      throw new Error(`mock bank: public key of partner ${partner.provider}/${partner.clientId} is not a usable PEM: ${(error as Error).message}`);
    }
    resolved.set(key, { provider: partner.provider, clientId: partner.clientId, clientSecret: partner.clientSecret, publicKey });
  }
  return resolved;
}

/** Builds (without starting) the fastify app serving the given route tables. */
export function buildMockApp(env: DispatchEnvironment, providers: readonly ProviderRoutes[]): FastifyInstance {
  const byPath = routesByPath(providers);
  const serviceOf = (url: string | undefined): string =>
    (url === undefined ? undefined : byPath.get(url)?.values().next().value?.serviceCode) ?? NO_SERVICE;
  const send = (reply: FastifyReply, result: MockReply): FastifyReply => sendSnap(reply, result, env.settings.now());
  const onError = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    void send(reply, frameworkErrorReply(error, serviceOf(request.routeOptions.url)));
  };

  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    frameworkErrors: onError,
    clientErrorHandler: (error, socket) => writeClientError(error, socket, env.settings.now()),
  });

  // Keep the body as received: signatures are over raw bytes, and malformed JSON must get a SNAP answer.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.setErrorHandler(onError);
  app.setNotFoundHandler((request, reply) => send(reply, notFoundReply(request.method, request.raw.url ?? request.url)));

  for (const [path, methods] of byPath) {
    app.all(path, (request, reply) => {
      const route = methods.get(request.method);
      if (route === undefined) {
        const first = methods.values().next().value as MockRoute;
        return send(reply, methodNotAllowedReply({ method: request.method, serviceCode: first.serviceCode, allowed: [...methods.keys()] }));
      }
      return send(reply, dispatch(route, receivedRequest(request), env));
    });
  }
  return app;
}

function routesByPath(providers: readonly ProviderRoutes[]): Map<string, Map<string, MockRoute>> {
  const byPath = new Map<string, Map<string, MockRoute>>();
  for (const { routes } of providers) {
    for (const route of routes) {
      const methods = byPath.get(route.path) ?? new Map<string, MockRoute>();
      if (methods.has(route.method)) throw new Error(`mock bank: ${route.method} ${route.path} is defined twice`);
      methods.set(route.method, route);
      byPath.set(route.path, methods);
    }
  }
  return byPath;
}

function receivedRequest(request: FastifyRequest) {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: request.method,
    rawUrl: request.raw.url ?? request.url,
    headers,
    rawBody: typeof request.body === 'string' ? request.body : '',
  };
}

function sendSnap(reply: FastifyReply, result: MockReply, nowMs: number): FastifyReply {
  return reply
    .code(result.status)
    .headers({ ...result.headers, 'X-TIMESTAMP': formatJakartaTimestamp(nowMs) })
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(result.body));
}

/** The SNAP reply for an error raised by fastify itself (bad URL, body too large, bad content type). */
function frameworkErrorReply(error: FastifyError, serviceCode: string): MockReply {
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 500) return internalError(serviceCode, error);
  const snapCase = snapCaseForStatus(status);
  return snapReply(serviceCode, snapCase, { message: `${snapCase.message}. ${error.message}` });
}

/** Answers a request Node's HTTP parser rejected (before fastify sees it), then closes the socket. */
function writeClientError(error: Error & { code?: string }, socket: Socket, nowMs: number): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify({
    responseCode: `${status}${NO_SERVICE}00`,
    responseMessage: tooLarge ? 'Request Header Fields Too Large' : 'Bad Request. Malformed HTTP request',
  });
  // Like Node's default: answer only if nothing was written yet (else it would corrupt a response).
  if (socket.writable && socket.bytesWritten === 0) {
    socket.write(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-TIMESTAMP: ${formatJakartaTimestamp(nowMs)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
