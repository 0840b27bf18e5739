/**
 * The fastify app of the mock bank: registers the route tables, keeps bodies raw (signatures
 * are over raw bytes), applies fault injection to every request, and turns every answer,
 * including framework and connection errors, into a protocol-shaped JSON reply.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  dispatch,
  internalError,
  methodNotAllowedReply,
  notFoundReply,
  protocolError,
  type DispatchEnvironment,
} from './dispatch.ts';
import {
  createFaultCounter,
  FAULT_HEADER,
  faultPlanFor,
  malformJson,
  truncatedResponse,
  type FaultPlan,
} from './faults.ts';
import { NO_SERVICE, type MockReply } from './snap-errors.ts';
import { decodeBody, jsonDepth, MAX_JSON_DEPTH } from './body-limits.ts';
import { formatJakartaTimestamp } from './time.ts';
import type { ErrorStyle, MockRoute, ProviderRoutes } from './types.ts';

/** Largest request body accepted (bytes); larger bodies get a 413. */
export const BODY_LIMIT = 1024 * 1024;

/** A 400 raised while reading a body: answered as the endpoint's 400xx00 by frameworkErrorReply. */
function badRequest(reason: string): FastifyError {
  return Object.assign(new Error(reason), { statusCode: 400, code: 'KONTRAK_BAD_BODY', name: 'BadBody' });
}

/** Of a body over the limit, this much more is read and thrown away so the client hears the 413. */
export const DISCARD_LIMIT = 8 * 1024 * 1024;

/**
 * Read and discard what is left of an oversized request (at most DISCARD_LIMIT bytes), then
 * call `answer`: a client still writing would otherwise get a reset instead of the 413.
 */
function drainThen(request: IncomingMessage, answer: () => void): void {
  let answered = false;
  let discarded = 0;
  const once = (): void => {
    if (answered) return;
    answered = true;
    request.off('data', onData);
    answer();
  };
  const onData = (chunk: Buffer): void => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT) once();
  };
  if (request.readableEnded || request.destroyed) {
    once();
    return;
  }
  request.on('data', onData);
  request.once('end', once);
  request.once('error', once);
  request.resume();
}

/** Service code and error style of whatever answers a request. */
interface Answering {
  serviceCode: string;
  style: ErrorStyle;
}

/** Builds (without starting) the fastify app serving the given route tables. */
export function buildMockApp(
  env: DispatchEnvironment,
  providers: readonly ProviderRoutes[],
): FastifyInstance {
  const byPath = routesByPath(providers);
  const owned = providers.flatMap((p) => p.ownedPrefixes ?? []);
  const plans = new WeakMap<IncomingMessage, FaultPlan>();
  const pastTimes = createFaultCounter();
  const answering = (request: FastifyRequest): Answering => {
    const path = request.raw.url ?? '';
    const first = byPath.get(routePath(path))?.values().next().value;
    if (first !== undefined) return { serviceCode: first.serviceCode, style: first.errorStyle ?? 'snap' };
    return {
      serviceCode: NO_SERVICE,
      style: owned.find((o) => path.startsWith(o.prefix))?.errorStyle ?? 'snap',
    };
  };
  const send = (reply: FastifyReply, result: MockReply): FastifyReply =>
    sendReply(reply, result, { nowMs: env.settings.now(), plan: plans.get(reply.request.raw) });
  const onError = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const result = frameworkErrorReply(error, answering(request));
    if (result.status !== 413) {
      void send(reply, result);
      return;
    }
    // Too large: read (a bounded amount of) the rest, answer, close the connection.
    drainThen(request.raw, () => {
      void send(reply, { ...result, headers: { ...result.headers, Connection: 'close' } });
    });
  };

  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    frameworkErrors: onError,
    clientErrorHandler: (error, socket) => writeClientError(error, socket, env.settings.now()),
    // No route declares a fastify schema (bodies are checked against the request schemas by
    // dispatch): without these, fastify loads its ajv and fast-json-stringify compilers at start.
    schemaController: {
      compilersFactory: { buildValidator: noSchemaCompiler, buildSerializer: noSchemaCompiler },
    },
  });

  // Keep the body as received: signatures are over raw bytes, and malformed JSON must get a protocol answer.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const decoded = decodeBody(body as Buffer, request.headers['content-type']);
    if (!decoded.ok) {
      done(badRequest(decoded.reason));
      return;
    }
    if (jsonDepth(decoded.text) > MAX_JSON_DEPTH) {
      done(badRequest(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`));
      return;
    }
    done(null, decoded.text);
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    const decoded = decodeBody(body as Buffer, request.headers['content-type']);
    if (!decoded.ok) {
      done(badRequest(decoded.reason));
      return;
    }
    done(null, decoded.text);
  });

  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers[FAULT_HEADER];
    const parsed = faultPlanFor({
      header: Array.isArray(header) ? header.join(', ') : header,
      configured: env.settings.faults[(request.raw.url ?? '').split('?')[0] ?? ''],
      baseLatencyMs: env.settings.latencyMs,
    });
    const { serviceCode, style } = answering(request);
    if (!parsed.ok)
      return send(reply, protocolError({ style, serviceCode, status: 400, reason: parsed.reason }));
    const h = request.headers;
    const key = [
      request.method,
      (request.raw.url ?? '').split('?')[0],
      header,
      h['x-external-id'] ?? h['bri-external-id'] ?? '',
    ].join(' ');
    const plan = pastTimes(key, parsed.plan) ? { latencyMs: env.settings.latencyMs } : parsed.plan;
    plans.set(request.raw, plan);
    if (plan.latencyMs > 0) await sleep(plan.latencyMs);
    if (plan.reset === true) {
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (plan.status !== undefined) {
      const headers =
        plan.retryAfterSeconds !== undefined ? { 'Retry-After': String(plan.retryAfterSeconds) } : undefined;
      return send(
        reply,
        protocolError({
          style,
          serviceCode,
          status: plan.status,
          reason: 'Fault injected (X-Kontrak-Fault)',
          ...(headers ? { headers } : {}),
        }),
      );
    }
    return undefined;
  });

  app.setErrorHandler(onError);
  app.setNotFoundHandler((request, reply) =>
    send(reply, notFoundReply(request.method, request.raw.url ?? request.url, answering(request).style)),
  );

  // One wildcard route and a Map of exact paths: registering each of the ~110 paths for every
  // HTTP method cost a third of a second of start-up in find-my-way, on every embedded run.
  app.all('/*', (request, reply) => {
    const methods = byPath.get(routePath(request.raw.url ?? request.url));
    if (methods === undefined)
      return send(
        reply,
        notFoundReply(request.method, request.raw.url ?? request.url, answering(request).style),
      );
    const route = methods.get(request.method);
    if (route === undefined) {
      const first = methods.values().next().value as MockRoute;
      const allowed = [...methods.keys()];
      return send(
        reply,
        methodNotAllowedReply({
          method: request.method,
          serviceCode: first.serviceCode,
          allowed,
          style: first.errorStyle ?? 'snap',
        }),
      );
    }
    return send(reply, dispatch(route, receivedRequest(request), env, plans.get(request.raw)?.clockOffsetMs));
  });
  return app;
}

/** The path a route is looked up by: without query or fragment, percent-decoded like the router's. */
function routePath(url: string): string {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  if (!path.includes('%')) return path;
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

function noSchemaCompiler(): () => never {
  return () => {
    throw new Error('mock bank: routes declare no fastify schemas');
  };
}

function routesByPath(providers: readonly ProviderRoutes[]): Map<string, Map<string, MockRoute>> {
  const byPath = new Map<string, Map<string, MockRoute>>();
  for (const { routes } of providers) {
    for (const route of routes) {
      const methods = byPath.get(route.path) ?? new Map<string, MockRoute>();
      if (methods.has(route.method))
        throw new Error(`mock bank: ${route.method} ${route.path} is defined twice`);
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

/** Sends a reply as JSON with X-TIMESTAMP, corrupting it when the request's fault plan says so. */
function sendReply(
  reply: FastifyReply,
  result: MockReply,
  options: { nowMs: number; plan: FaultPlan | undefined },
): FastifyReply {
  const headers = { ...result.headers, 'X-TIMESTAMP': formatJakartaTimestamp(options.nowMs) };
  const body = JSON.stringify(result.body);
  if (options.plan?.truncated === true) {
    reply.hijack();
    const raw = truncatedResponse({
      status: result.status,
      headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' },
      body,
    });
    reply.raw.socket?.end(raw);
    return reply;
  }
  return reply
    .code(result.status)
    .headers(headers)
    .type('application/json; charset=utf-8')
    .send(options.plan?.malformedJson === true ? malformJson(body) : body);
}

/** The reply for an error raised by fastify itself (bad URL, body too large, bad content type). */
function frameworkErrorReply(error: FastifyError, answering: Answering): MockReply {
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 500) return internalError(answering.serviceCode, error, answering.style);
  return protocolError({
    style: answering.style,
    serviceCode: answering.serviceCode,
    status,
    reason: error.message,
  });
}

/** Sockets already answered by writeClientError. */
const answeredClientErrors = new WeakSet<Socket>();

/** Answers a request Node's HTTP parser rejected (before fastify sees it), then closes the socket. */
function writeClientError(error: Error & { code?: string }, socket: Socket, nowMs: number): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // Node's parser goes on reading what the client still sends and fails on every read, each time
  // calling here again: the answer is on its way, the bytes are discarded (bounded), and
  // destroying the socket now would reset it under the client.
  if (answeredClientErrors.has(socket)) {
    if (socket.bytesRead > DISCARD_LIMIT) socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify({
    responseCode: `${status}${NO_SERVICE}00`,
    responseMessage: tooLarge ? 'Request Header Fields Too Large' : 'Bad Request. Malformed HTTP request',
  });
  // Like Node's default: answer only if nothing was written yet (else it would corrupt a response).
  if (socket.writable && socket.bytesWritten === 0) {
    answeredClientErrors.add(socket);
    // The client may still be writing: read and discard (a bounded amount), answer, end the
    // connection; destroying it at once would reset it before the client reads the answer.
    let discarded = 0;
    const close = (): void => {
      clearTimeout(timer);
      socket.destroy();
    };
    const timer = setTimeout(close, 2000);
    timer.unref();
    socket.on('data', (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > DISCARD_LIMIT) close();
    });
    socket.once('close', () => clearTimeout(timer));
    socket.resume();
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-TIMESTAMP: ${formatJakartaTimestamp(nowMs)}\r\nConnection: close\r\n\r\n${body}`,
    );
    return;
  }
  socket.destroy(error);
}
