/**
 * The mock bank's request pipeline, from a node:http request to a protocol-shaped JSON reply:
 * target → faults (X-Kontrak-Fault, before any check) → raw body (signatures are over the bytes)
 * → control route, bank route (dispatch), 404 or 405. Every refusal on the way, including a
 * malformed target or body and a request arriving while the mock shuts down, takes the
 * endpoint's error style.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { addRoute, chooseBank, routesAt, type Candidate, type RouteTable } from '../gate/bank-choice.ts';
import type { ControlRoute } from './control.ts';
import {
  dispatch,
  explained,
  logRefusal,
  internalError,
  methodNotAllowedReply,
  notFoundReply,
  protocolError,
  type DispatchEnvironment,
  type ReceivedRequest,
} from './dispatch.ts';
import {
  createFaultCounter,
  FAULT_HEADER,
  faultPlanFor,
  malformJson,
  truncatedResponse,
  type FaultPlan,
} from './faults.ts';
import { drainThen, readRequestBody, type BodyRefusal } from './http-body.ts';
import type { RequestHandler } from './http-server.ts';
import { routePath, routerTarget } from './request-target.ts';
import { NO_SERVICE, type MockReply } from '../snap-errors.ts';
import { formatJakartaTimestamp } from '../gate/time.ts';
import type { ErrorStyle, MockRoute, ProviderRoutes } from '../types.ts';

/** Methods a route may be looked up for; any other (PROPFIND, PURGE…) finds no endpoint: 404. */
const ROUTED_METHODS = new Set([
  'GET',
  'HEAD',
  'TRACE',
  'DELETE',
  'OPTIONS',
  'PATCH',
  'PUT',
  'POST',
  'QUERY',
]);

/** Service code and error style of whatever answers a request. */
interface Answering {
  serviceCode: string;
  style: ErrorStyle;
}

/** What fault injection made of a request: serve it (under a plan), answer it now, or reset it. */
type FaultOutcome =
  | { kind: 'serve'; plan: FaultPlan }
  | { kind: 'answer'; reply: MockReply; plan?: FaultPlan }
  | { kind: 'reset' };

/** What the pipeline needs besides the routes. */
export interface MockHandlerOptions {
  /** The mock's own endpoints (`POST` only), by decoded path. */
  control: ReadonlyMap<string, ControlRoute>;
}

/** The request handler serving the given route tables. */
export function buildMockHandler(
  env: DispatchEnvironment,
  providers: readonly ProviderRoutes[],
  options: MockHandlerOptions,
): RequestHandler {
  const byPath = routesByPath(providers);
  const methodsAt = (url: string) => routesAt(byPath, routePath(url));
  const owned = providers.flatMap((p) => p.ownedPrefixes ?? []);
  const pastTimes = createFaultCounter();
  const answering = (url: string): Answering => {
    const first = methodsAt(url)?.values().next().value?.[0]?.route;
    if (first !== undefined) return { serviceCode: first.serviceCode, style: first.errorStyle ?? 'snap' };
    return {
      serviceCode: NO_SERVICE,
      style: owned.find((o) => url.startsWith(o.prefix))?.errorStyle ?? 'snap',
    };
  };

  /** The fault plan of a request, or the reply that already answered it (a bad plan, a status fault). */
  const applyFaults = async (request: IncomingMessage, who: Answering): Promise<FaultOutcome> => {
    const url = request.url ?? '';
    const header = request.headers[FAULT_HEADER];
    const parsed = faultPlanFor({
      header: Array.isArray(header) ? header.join(', ') : header,
      configured: env.settings.faults[url.split('?')[0] ?? ''],
      baseLatencyMs: env.settings.latencyMs,
    });
    if (!parsed.ok)
      return { kind: 'answer', reply: protocolError({ ...who, status: 400, reason: parsed.reason }) };
    const h = request.headers;
    const key = [request.method, url.split('?')[0], header, h['x-external-id'] ?? h['bri-external-id'] ?? ''];
    const plan = pastTimes(key.join(' '), parsed.plan) ? { latencyMs: env.settings.latencyMs } : parsed.plan;
    if (plan.latencyMs > 0) await sleep(plan.latencyMs);
    if (plan.reset === true) return { kind: 'reset' };
    if (plan.status === undefined) return { kind: 'serve', plan };
    const retryAfter = plan.retryAfterSeconds;
    return {
      kind: 'answer',
      plan,
      reply: protocolError({
        ...who,
        status: plan.status,
        reason: 'Fault injected (X-Kontrak-Fault)',
        ...(retryAfter !== undefined ? { headers: { 'Retry-After': String(retryAfter) } } : {}),
      }),
    };
  };

  /** The route's answer once faults and body are through. */
  const route = (request: IncomingMessage, rawBody: string, controlPath: string, plan: FaultPlan) => {
    const method = request.method ?? '';
    const url = request.url ?? '';
    const control = method === 'POST' ? options.control.get(controlPath) : undefined;
    if (control !== undefined) return { reply: control(), plan: undefined };
    const methods = ROUTED_METHODS.has(method) ? methodsAt(url) : undefined;
    if (methods === undefined) return { reply: notFoundReply(method, url, answering(url).style), plan };
    const asReceived = received(request, rawBody);
    const found = chooseBank(methods.get(method) ?? [], asReceived.headers, env, env.settings.now());
    if (found !== undefined)
      return { reply: dispatch(found.route, asReceived, env, plan.clockOffsetMs), plan };
    const first = (methods.values().next().value as Candidate[])[0]?.route as MockRoute;
    const allowed = [...methods.keys()];
    const style = first.errorStyle ?? 'snap';
    return { reply: methodNotAllowedReply({ method, serviceCode: first.serviceCode, allowed, style }), plan };
  };

  const handle = async (
    request: IncomingMessage,
    response: ServerResponse,
    closing: boolean,
  ): Promise<void> => {
    const who = answering(request.url ?? '');
    const send = (reply: MockReply, plan?: FaultPlan, closeConnection = false): void => {
      const told = explained(reply);
      logRefusal(env, request, told);
      writeReply(response, told, { nowMs: env.settings.now(), plan, closeConnection });
    };
    if (closing) {
      send(protocolError({ ...who, status: 503, reason: 'The mock bank is shutting down' }), undefined, true);
      return;
    }
    const target = routerTarget(request.url ?? '');
    if (!target.ok) {
      send(protocolError({ ...who, status: 400, reason: `'${target.quoted}' is not a valid url component` }));
      return;
    }
    const faults = await applyFaults(request, who);
    if (faults.kind === 'reset') {
      request.socket.destroy();
      return;
    }
    if (faults.kind === 'answer') {
      send(faults.reply, faults.plan);
      return;
    }
    const body = await readRequestBody(request, env.settings.bodyDeadlineMs);
    if (!body.ok) {
      refuseBody(request, body.refusal, who, (reply, close) => {
        send(reply, faults.plan, close);
      });
      return;
    }
    const { reply, plan } = route(request, body.text, target.path, faults.plan);
    send(reply, plan);
  };

  return (request, response, closing) => {
    handle(request, response, closing).catch((error: unknown) => {
      const who = answering(request.url ?? '');
      if (response.headersSent) response.destroy();
      else
        writeReply(response, explained(internalError(who.serviceCode, error, who.style)), {
          nowMs: env.settings.now(),
        });
    });
  };
}

/** Answers a refused body; an oversized one is drained (bounded) first so the client hears the 413. */
function refuseBody(
  request: IncomingMessage,
  refusal: BodyRefusal,
  who: Answering,
  send: (reply: MockReply, closeConnection: boolean) => void,
): void {
  const reply = protocolError({ ...who, status: refusal.status, reason: refusal.reason });
  if (refusal.status === 413) drainThen(request, () => send(reply, true));
  else send(reply, refusal.closeConnection);
}

function routesByPath(providers: readonly ProviderRoutes[]): RouteTable {
  const table: RouteTable = new Map();
  for (const { provider, routes } of providers)
    for (const route of routes) addRoute(table, { provider, route });
  return table;
}

function received(request: IncomingMessage, rawBody: string): ReceivedRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { method: request.method ?? '', rawUrl: request.url ?? '', headers, rawBody };
}

/**
 * Sends a reply as JSON with X-TIMESTAMP (header names lower-case, as on the wire before),
 * corrupting it when the request's fault plan says so. `closeConnection`: the client may still
 * be sending a body the mock refused, so the connection is not reused.
 */
function writeReply(
  response: ServerResponse,
  reply: MockReply,
  options: { nowMs: number; plan?: FaultPlan | undefined; closeConnection?: boolean },
): void {
  const headers = { ...reply.headers, 'X-TIMESTAMP': formatJakartaTimestamp(options.nowMs) };
  const body = JSON.stringify(reply.body);
  if (options.plan?.truncated === true) {
    // Written on the socket itself: the declared length is a lie Node would not let us tell.
    const raw = truncatedResponse({
      status: reply.status,
      headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' },
      body,
    });
    response.socket?.end(raw);
    return;
  }
  const payload = options.plan?.malformedJson === true ? malformJson(body) : body;
  const wire: Record<string, string> = options.closeConnection === true ? { connection: 'close' } : {};
  for (const [name, value] of Object.entries(headers)) wire[name.toLowerCase()] = value;
  wire['content-type'] = 'application/json; charset=utf-8';
  wire['content-length'] = String(Buffer.byteLength(payload));
  response.writeHead(reply.status, wire);
  response.end(payload);
}
