/**
 * The reference partner: a merchant's callback endpoints done right, for kontrak's inbound suites
 * to pass against and for readers to copy from. Every callback goes through the same steps, in
 * this order, before any business logic runs:
 *
 * 1. X-TIMESTAMP present and within ±5 minutes            else 401xx00
 * 2. the caller is the bank: its client id, its signature else 401xx00 (token flow: 401xx01)
 * 3. the body is JSON                                      else 400xx00
 * 4. X-EXTERNAL-ID not seen today                          else 409xx00 (a replayed flag: 404xx18)
 * 5. mandatory fields present                              else 400xx02
 * 6. the business: bill lookup, amount, booking once       404xx12 / 19 / 13 / 14
 *
 * Routes (service code in brackets), as the provider file `collections/partner/provider.yaml` maps them:
 * BCA's flow under /openapi/v1.0 (the bank fetches a token from us [73], then calls with HMAC:
 * bill inquiry [24], payment flag [25], and at /openapi/v1.0/qr-mpm-notify the QRIS
 * notification [52]); type C (asymmetric, no token) under /v1.0: the same VA
 * calls, the QRIS notification [52] and the direct-debit notification [56]; NICEPAY's form of the
 * direct-debit notification (RSA over clientId|X-TIMESTAMP) at /api/v1.0/debit/notify; BRI's
 * flow (token from /snap/v1.0/access-token/b2b, then HMAC in hex, UTC timestamps): BRIVA Online
 * at /v1/transfer-va/inquiry and /payment [24, 25], QRIS at /v1.1/qr-dynamic/qr-mpm-notify [52],
 * and its direct-debit notification at /snap/v2.0/debit/notify [56] (hex HMAC-SHA256 over
 * clientId|X-TIMESTAMP, the timestamp as Y-m-d H:i:s); DOKU's SNAP VA flow under /doku (token from
 * /doku/v1.0/access-token/b2b, then base64 HMAC-SHA512, UTC timestamps with milliseconds): the
 * inquiry and the payment notification at /doku/v1/transfer-va/inquiry and /payment [24, 25].
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatTimestamp } from '../../scripts/timestamp.ts';
import { BODY_DEADLINE_MS, drainThen, readRequestBody } from '../mock/edge/http-body.ts';
import { listenHttp } from '../mock/edge/http-server.ts';
import { routePath } from '../mock/edge/request-target.ts';
import {
  answer,
  billInquiry,
  MANDATORY,
  paymentFlag,
  paymentNotify,
  type Answer,
  type Callback,
} from './handlers.ts';
import { Ledger } from './ledger.ts';
import {
  bankSignatureVerifier,
  timestampProblem,
  zonedTimestamp,
  type BankCredentials,
  type SignatureVerifier,
  type SigningScheme,
} from './verify.ts';

/** One call as the partner received it: headers lower-case, the body as sent. */
export interface PartnerCall {
  method: string;
  /** The request target as sent (path and query): what the bank signed. */
  url: string;
  headers: Record<string, string>;
  rawBody: string;
}

/** The partner's answer, before it is written: responseCode is `${status}${service}${answer.caseCode}`. */
export interface PartnerReply {
  service: string;
  answer: Answer;
}

export interface PartnerOptions {
  bank: BankCredentials;
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** How long a request body may take to arrive, in ms; default {@link BODY_DEADLINE_MS} (then 408, closed). */
  bodyDeadlineMs?: number;
  /** Lifetime of the tokens the partner issues to the bank; default 900 s. */
  tokenTtlSeconds?: number;
  now?: () => number;
  /** Replaceable for tests only: a correct partner uses the default ones. */
  ledger?: Ledger;
  verifier?: SignatureVerifier;
  /** For tests only: rewrites each answer on its way out, as a handler with a bug would. */
  rewrite?: (
    call: PartnerCall,
    body: Record<string, unknown>,
    status: number,
  ) => { status: number; body: Record<string, unknown> };
}

interface Route {
  path: string;
  service: string;
  scheme: SigningScheme;
  handle: (c: Callback) => Answer;
  /**
   * The bank's rule for the same payment flag sent again (same X-EXTERNAL-ID and
   * paymentRequestId): BCA's 404xx18 (the default), or, for a bank that sends its notification
   * until it gets a 2xx (DOKU), the booking acknowledged again.
   */
  repeat?: 'acknowledge';
}

const ROUTES: Route[] = [
  { path: '/openapi/v1.0/transfer-va/inquiry', service: '24', scheme: 'token-hmac', handle: billInquiry },
  { path: '/openapi/v1.0/transfer-va/payment', service: '25', scheme: 'token-hmac', handle: paymentFlag },
  // BCA's QRIS notification: token then HMAC, like its VA calls.
  { path: '/openapi/v1.0/qr-mpm-notify', service: '52', scheme: 'token-hmac', handle: paymentNotify },
  { path: '/v1.0/transfer-va/inquiry', service: '24', scheme: 'asymmetric', handle: billInquiry },
  { path: '/v1.0/transfer-va/payment', service: '25', scheme: 'asymmetric', handle: paymentFlag },
  { path: '/v1.0/qr/qr-mpm-notify', service: '52', scheme: 'asymmetric', handle: paymentNotify },
  { path: '/v1.0/debit/notify', service: '56', scheme: 'asymmetric', handle: paymentNotify },
  { path: '/api/v1.0/debit/notify', service: '56', scheme: 'nicepay-notify', handle: paymentNotify },
  // BRI: token then HMAC in hex (BRIVA Online, QRIS MPM dynamic notification).
  { path: '/v1/transfer-va/inquiry', service: '24', scheme: 'token-hmac-hex', handle: billInquiry },
  { path: '/v1/transfer-va/payment', service: '25', scheme: 'token-hmac-hex', handle: paymentFlag },
  { path: '/v1.1/qr-dynamic/qr-mpm-notify', service: '52', scheme: 'token-hmac-hex', handle: paymentNotify },
  // BRI's direct-debit notification: token, then hex HMAC-SHA256 over clientId|X-TIMESTAMP.
  { path: '/snap/v2.0/debit/notify', service: '56', scheme: 'bri-notify', handle: paymentNotify },
  // DOKU's SNAP VA calls (the merchant's Inquiry and Notification URLs): token then base64 HMAC.
  { path: '/doku/v1/transfer-va/inquiry', service: '24', scheme: 'token-hmac', handle: billInquiry },
  {
    path: '/doku/v1/transfer-va/payment',
    service: '25',
    scheme: 'token-hmac',
    handle: paymentFlag,
    repeat: 'acknowledge',
  },
];
/** Where each bank asks the partner for a token: BCA, BRI, DOKU. */
const TOKEN_PATHS = [
  '/openapi/v1.0/access-token/b2b',
  '/snap/v1.0/access-token/b2b',
  '/doku/v1.0/access-token/b2b',
];

const header = (call: PartnerCall, name: string): string => call.headers[name.toLowerCase()] ?? '';

function parseObject(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function missingField(body: Record<string, unknown>, service: string): string | undefined {
  return (MANDATORY[service] ?? []).find((f) => body[f] === undefined || body[f] === null || body[f] === '');
}

/**
 * What a delivery is about, to tell the bank's retry of it from another call reusing its
 * X-EXTERNAL-ID: the payment flag's paymentRequestId, the notification's transaction; '' for others.
 */
function deliverySubject(service: string, body: Record<string, unknown>): string {
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  if (service === '25') return text(body.paymentRequestId);
  if (service === '52' || service === '56') {
    const reference = text(body.originalReferenceNo);
    return reference ? `notify:${reference}` : '';
  }
  return '';
}

/** The partner's answer to each call: routes, authentication and business, no I/O. */
export function partnerHandler(options: PartnerOptions): (call: PartnerCall) => PartnerReply {
  const { bank } = options;
  const now = options.now ?? Date.now;
  const ttl = options.tokenTtlSeconds ?? 900;
  const ledger = options.ledger ?? new Ledger();
  const verified = options.verifier ?? bankSignatureVerifier(bank);

  /** Steps 1 and 2 for every route; undefined when the caller is the bank. */
  function authenticate(call: PartnerCall, scheme: SigningScheme): Answer | undefined {
    const timestamp = header(call, 'X-TIMESTAMP');
    const zoned = scheme === 'bri-notify' ? zonedTimestamp(timestamp) : timestamp;
    const stale = timestamp ? timestampProblem(zoned, now(), 300) : 'X-TIMESTAMP is missing';
    if (stale) return answer(401, '00', `Unauthorized. ${stale}`);
    const keyed = scheme === 'token-request' || scheme === 'nicepay-notify' || scheme === 'bri-notify';
    const clientKey = header(call, keyed ? 'X-CLIENT-KEY' : 'X-PARTNER-ID');
    if (clientKey !== bank.clientId) return answer(401, '00', 'Unauthorized. Unknown client');
    const accessToken = /^Bearer (\S+)$/.exec(header(call, 'Authorization'))?.[1] ?? '';
    const tokened = scheme === 'token-hmac' || scheme === 'token-hmac-hex' || scheme === 'bri-notify';
    if (tokened && !ledger.tokenValid(accessToken, now())) return answer(401, '01', 'Invalid Token (B2B)');
    const signature = header(call, 'X-SIGNATURE');
    const { method, url: path, rawBody } = call;
    if (
      !signature ||
      !verified(scheme, { method, path, rawBody, timestamp, signature, clientKey, accessToken })
    )
      return answer(401, '00', 'Unauthorized. Signature');
    return undefined;
  }

  // BCA asks the partner for a token before it calls: we sign nothing, we verify BCA's RSA key.
  function token(call: PartnerCall): Answer {
    const refused = authenticate(call, 'token-request');
    if (refused) return refused;
    const body = parseObject(call.rawBody);
    if (!body) return answer(400, '00', 'Bad Request');
    if (missingField(body, '73')) return answer(400, '02', 'Invalid Mandatory Field grantType');
    if (body.grantType !== 'client_credentials') return answer(400, '01', 'Invalid Field Format grantType');
    const issued = randomBytes(32).toString('base64url');
    ledger.issueToken(issued, now() + ttl * 1000);
    return answer(200, '00', 'Successful', {
      accessToken: issued,
      tokenType: 'Bearer',
      expiresIn: String(ttl),
    });
  }

  function callback(call: PartnerCall, route: Route): Answer {
    const refused = authenticate(call, route.scheme);
    if (refused) return refused;
    const body = parseObject(call.rawBody);
    if (!body) return answer(400, '00', 'Bad Request. The body is not a JSON object');
    // NICEPAY's and BRI's notifications carry no X-EXTERNAL-ID; every other call must, once a day.
    const externalId = header(call, 'X-EXTERNAL-ID');
    if (route.scheme !== 'nicepay-notify' && route.scheme !== 'bri-notify') {
      if (!externalId) return answer(400, '02', 'Invalid Mandatory Field X-EXTERNAL-ID');
      const subject = deliverySubject(route.service, body);
      const day = formatTimestamp(now(), 'snap').slice(0, 10);
      const earlier = ledger.seeExternalId(day, externalId, subject);
      const sameDelivery = earlier !== undefined && subject !== '' && earlier === subject;
      // BCA: the same flag again (same X-EXTERNAL-ID and paymentRequestId) is 404xx18, which
      // BCA counts as success.
      if (sameDelivery && route.service === '25' && route.repeat !== 'acknowledge')
        return answer(404, '18', 'Inconsistent Request');
      // The bank sending a notification again after a timeout or a 5xx (same X-EXTERNAL-ID, same
      // transaction) is acknowledged, and acted on once; any other reuse is a conflict.
      if (earlier !== undefined && !sameDelivery) return answer(409, '00', 'Conflict');
    }
    const missing = missingField(body, route.service);
    if (missing) return answer(400, '02', `Invalid Mandatory Field ${missing}`);
    const repeated = route.repeat === 'acknowledge';
    return route.handle({
      body,
      externalId,
      nowMs: now(),
      ledger,
      ...(repeated ? { acknowledgeRepeat: true } : {}),
    });
  }

  return (call) => {
    const path = routePath(call.url);
    if (call.method === 'POST' && TOKEN_PATHS.includes(path)) return { service: '73', answer: token(call) };
    const route = call.method === 'POST' ? ROUTES.find((r) => r.path === path) : undefined;
    if (!route) return { service: '00', answer: answer(404, '00', 'Not Found') };
    return { service: route.service, answer: callback(call, route) };
  };
}

export interface RunningPartner {
  url: string;
  close: () => Promise<void>;
}

/** Starts the reference partner (127.0.0.1, a free port unless told otherwise). */
export async function startPartner(options: PartnerOptions): Promise<RunningPartner> {
  const now = options.now ?? Date.now;
  const bodyDeadlineMs = options.bodyDeadlineMs ?? BODY_DEADLINE_MS;
  const handler = partnerHandler(options);
  const write = (
    response: ServerResponse,
    call: PartnerCall | undefined,
    reply: PartnerReply,
    close = false,
  ): void => {
    const { service, answer: a } = reply;
    let status = a.status;
    let body: Record<string, unknown> = {
      responseCode: `${a.status}${service}${a.caseCode}`,
      responseMessage: a.message,
      ...a.body,
    };
    if (options.rewrite && call) ({ status, body } = options.rewrite(call, body, status));
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'X-TIMESTAMP': formatTimestamp(now(), 'snap'),
      ...(close ? { Connection: 'close' } : {}),
    });
    response.end(text);
  };
  const handle = async (request: IncomingMessage, response: ServerResponse, closing: boolean) => {
    if (closing) {
      write(response, undefined, { service: '00', answer: answer(503, '00', 'Service Unavailable') }, true);
      return;
    }
    try {
      const body = await readRequestBody(request, bodyDeadlineMs);
      if (!body.ok) {
        const refused = { service: '00', answer: answer(body.refusal.status, '00', body.refusal.reason) };
        if (body.refusal.status === 413) drainThen(request, () => write(response, undefined, refused, true));
        else write(response, undefined, refused, body.refusal.closeConnection);
        return;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers))
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const call = { method: request.method ?? '', url: request.url ?? '', headers, rawBody: body.text };
      write(response, call, handler(call));
    } catch {
      write(response, undefined, { service: '00', answer: answer(500, '00', 'General Error') });
    }
  };
  const host = options.host ?? '127.0.0.1';
  const edge = await listenHttp({
    host,
    port: options.port ?? 0,
    handle: (q, r, c) => void handle(q, r, c),
    nowMs: now,
    bodyDeadlineMs,
  });
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${edge.port}`, close: () => edge.close() };
}
