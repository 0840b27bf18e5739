/**
 * From a received request to a route handler's reply, independent of the HTTP framework:
 * JSON body parsing with protocol-shaped errors, and a guard so a handler bug becomes a
 * SNAP 500 reply instead of a crash.
 */
import { NO_SERVICE, SNAP, snapReply, type MockReply } from './snap-errors.ts';
import type { MockState } from './state.ts';
import type { MockRoute, MockSettings, ResolvedPartner } from './types.ts';

/** A request before its body is parsed. Header names are lower-case. */
export interface ReceivedRequest {
  method: string;
  rawUrl: string;
  headers: Record<string, string | undefined>;
  rawBody: string;
}

/** Outcome of {@link parseJsonObjectBody}. */
export type ParsedBody = { ok: true; body: Record<string, unknown> } | { ok: false; reason: string };

/** Parses a request body that must be a JSON object; an empty body is `{}`. */
export function parseJsonObjectBody(raw: string): ParsedBody {
  if (raw.trim() === '') return { ok: true, body: {} };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { ok: false, reason: `Malformed JSON body: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'The JSON body must be an object' };
  }
  return { ok: true, body: value as Record<string, unknown> };
}

/** What the server provides to every route. */
export interface DispatchEnvironment {
  state: MockState;
  settings: MockSettings;
  partners: Map<string, ResolvedPartner>;
}

/** Key of a partner in {@link DispatchEnvironment.partners}. */
export function partnerKey(provider: string, clientId: string): string {
  return `${provider}\u0000${clientId}`;
}

/** Runs a route on a request: parses the body, calls the handler, never throws. */
export function dispatch(route: MockRoute, request: ReceivedRequest, env: DispatchEnvironment): MockReply {
  const parsed = parseJsonObjectBody(request.rawBody);
  if (!parsed.ok) {
    return snapReply(route.serviceCode, SNAP.badRequest, { message: `Bad Request. ${parsed.reason}` });
  }
  try {
    return route.handle({
      request: { ...request, body: parsed.body },
      state: env.state,
      settings: env.settings,
      findPartner: (provider, clientId) => env.partners.get(partnerKey(provider, clientId)),
      nowMs: env.settings.now(),
    });
  } catch (error) {
    return internalError(route.serviceCode, error);
  }
}

/** SNAP 500xx00 for an unexpected error inside the mock. */
export function internalError(serviceCode: string, error: unknown): MockReply {
  const reason = error instanceof Error ? error.message : String(error);
  return snapReply(serviceCode, SNAP.generalError, { message: `General Error. Mock bank failure: ${reason}` });
}

/** SNAP 404 for a path no provider serves. */
export function notFoundReply(method: string, rawUrl: string): MockReply {
  const path = rawUrl.split('?')[0] ?? rawUrl;
  return snapReply(NO_SERVICE, SNAP.notFound, { message: `Not Found. No endpoint ${method} ${path.slice(0, 200)}` });
}

/** SNAP 405 for a known path called with another method; `Allow` lists the methods served. */
export function methodNotAllowedReply(options: { method: string; serviceCode: string; allowed: string[] }): MockReply {
  return snapReply(options.serviceCode, SNAP.notSupported, {
    message: `Requested Function Is Not Supported. ${options.method.slice(0, 20)} is not allowed here; use ${options.allowed.join(', ')}`,
    headers: { Allow: options.allowed.join(', ') },
  });
}
