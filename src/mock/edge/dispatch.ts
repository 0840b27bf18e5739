/**
 * From a received request to a route handler's reply, independent of the HTTP framework:
 * body parsing (JSON object or form) with protocol-shaped errors, and a guard so a handler bug
 * becomes a 500 reply instead of a crash. Errors take the endpoint's style: SNAP or BRI gateway.
 */
import { briProtocolError } from '../bri-v2/errors.ts';
import {
  NO_SERVICE,
  SNAP,
  badFieldFormat,
  missingField,
  snapCaseForStatus,
  snapReply,
  type MockReply,
} from '../snap-errors.ts';
import { DIAGNOSIS_HEADER } from '../gate/signature.ts';
import { headerSafe } from '../gate/verify.ts';
import type { MockState } from '../books/state.ts';
import type { ErrorStyle, MockRoute, MockSettings, ResolvedPartner } from '../types.ts';

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

/** Parses an `application/x-www-form-urlencoded` body; a repeated field keeps its first value. */
export function parseFormBody(raw: string): ParsedBody {
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (!(key in body)) body[key] = value;
  }
  return { ok: true, body };
}

/** What the server provides to every route. */
export interface DispatchEnvironment {
  state: MockState;
  settings: MockSettings;
  partners: Map<string, ResolvedPartner>;
  /** Where the mock explains its rejections (the standalone mock's console); default nowhere. */
  log?: (line: string) => void;
}

/** Key of a partner in {@link DispatchEnvironment.partners}. */
export function partnerKey(provider: string, clientId: string): string {
  return `${provider}\u0000${clientId}`;
}

/**
 * A JSON endpoint given a body that is not declared `application/json`: SNAP 400xx02 (no
 * Content-Type) / 400xx01 (another type), BRI 0109. Form endpoints check their own type.
 */
export function contentTypeProblem(route: MockRoute, request: ReceivedRequest): MockReply | undefined {
  if (route.body === 'form' || request.rawBody === '') return undefined;
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json') return undefined;
  if (route.errorStyle === 'bri') return briProtocolError(400, 'Content-Type must be application/json');
  return type === ''
    ? missingField(route.serviceCode, 'Content-Type')
    : badFieldFormat(route.serviceCode, 'Content-Type');
}

/** Runs a route on a request: checks the content type, parses the body, calls the handler, never throws. */
export function dispatch(
  route: MockRoute,
  request: ReceivedRequest,
  env: DispatchEnvironment,
  clockOffsetMs = 0,
): MockReply {
  const wrongType = contentTypeProblem(route, request);
  if (wrongType !== undefined) return wrongType;
  const parsed =
    route.body === 'form' ? parseFormBody(request.rawBody) : parseJsonObjectBody(request.rawBody);
  if (!parsed.ok)
    return protocolError({
      style: route.errorStyle,
      serviceCode: route.serviceCode,
      status: 400,
      reason: parsed.reason,
    });
  try {
    const reply = route.handle({
      request: { ...request, body: parsed.body },
      state: env.state,
      settings: env.settings,
      findPartner: (provider, clientId) => env.partners.get(partnerKey(provider, clientId)),
      nowMs: env.settings.now() + clockOffsetMs,
    });
    return reply;
  } catch (error) {
    return internalError(route.serviceCode, error, route.errorStyle);
  }
}

/**
 * A refusal (status 400 or more) with X-Kontrak-Diagnosis: the one it has (the knob, the value,
 * what the bank expects, the source), else what its answer says, so no refusal goes unexplained.
 */
export function explained(reply: MockReply): MockReply {
  if (reply.status < 400 || reply.headers?.[DIAGNOSIS_HEADER] !== undefined) return reply;
  const body = reply.body as { responseMessage?: unknown; status?: { desc?: unknown } };
  const said = body.responseMessage ?? body.status?.desc;
  const diagnosis = `refused: ${typeof said === 'string' ? said : `HTTP ${reply.status}`}`;
  return { ...reply, headers: { ...reply.headers, [DIAGNOSIS_HEADER]: headerSafe(diagnosis) } };
}

/** `POST /path -> 401 4012700: <diagnosis>` on the mock's console, for every refusal. */
export function logRefusal(
  env: Pick<DispatchEnvironment, 'log'>,
  request: { method?: string | undefined; url?: string | undefined },
  reply: MockReply,
): void {
  const diagnosis = reply.headers?.[DIAGNOSIS_HEADER];
  if (env.log === undefined || diagnosis === undefined) return;
  const body = reply.body as { responseCode?: unknown; status?: { code?: unknown } };
  const code = body.responseCode ?? body.status?.code;
  const path = ((request.url ?? '').split('?')[0] ?? '').slice(0, 200);
  env.log(
    `${(request.method ?? '').slice(0, 20)} ${path} -> ${reply.status}${typeof code === 'string' ? ` ${code}` : ''}: ${diagnosis}`,
  );
}

/** Input of {@link protocolError}. */
export interface ProtocolErrorInput {
  style: ErrorStyle | undefined;
  serviceCode: string;
  status: number;
  reason: string;
  headers?: Record<string, string>;
}

/**
 * A protocol error in the endpoint's style: SNAP `<status><service><case>` with the standard
 * message and the reason, or the BRI gateway shape.
 */
export function protocolError(input: ProtocolErrorInput): MockReply {
  if (input.style === 'bri') return briProtocolError(input.status, input.reason, input.headers);
  const snapCase = snapCaseForStatus(input.status);
  const options = { message: `${snapCase.message}. ${input.reason}` };
  const reply = snapReply(
    input.serviceCode,
    snapCase,
    input.headers === undefined ? options : { ...options, headers: input.headers },
  );
  // Statuses without a SNAP case of their own (415, 431…) keep their HTTP status and code prefix.
  if (reply.status !== input.status) {
    reply.status = input.status;
    reply.body['responseCode'] = `${input.status}${input.serviceCode}${snapCase.caseCode}`;
  }
  return reply;
}

/** 500 for an unexpected error inside the mock. */
export function internalError(serviceCode: string, error: unknown, style?: ErrorStyle): MockReply {
  const reason = error instanceof Error ? error.message : String(error);
  if (style === 'bri') return briProtocolError(500, `Mock bank failure: ${reason}`);
  return snapReply(serviceCode, SNAP.generalError, {
    message: `General Error. Mock bank failure: ${reason}`,
  });
}

/** 404 for a path no provider serves. */
export function notFoundReply(method: string, rawUrl: string, style?: ErrorStyle): MockReply {
  const path = rawUrl.split('?')[0] ?? rawUrl;
  return protocolError({
    style,
    serviceCode: NO_SERVICE,
    status: 404,
    reason: `No endpoint ${method.slice(0, 20)} ${path.slice(0, 200)}`,
  });
}

/** 405 for a known path called with another method; `Allow` lists the methods served. */
export function methodNotAllowedReply(options: {
  method: string;
  serviceCode: string;
  allowed: string[];
  style?: ErrorStyle;
}): MockReply {
  return protocolError({
    style: options.style,
    serviceCode: options.serviceCode,
    status: 405,
    reason: `${options.method.slice(0, 20)} is not allowed here; use ${options.allowed.join(', ')}`,
    headers: { Allow: options.allowed.join(', ') },
  });
}
