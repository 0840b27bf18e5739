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
 * bill inquiry [24], payment flag [25]); type C (asymmetric, no token) under /v1.0: the same VA
 * calls, the QRIS notification [52] and the direct-debit notification [56]; NICEPAY's form of the
 * direct-debit notification (RSA over clientId|X-TIMESTAMP) at /api/v1.0/debit/notify.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { formatTimestamp } from '../../scripts/timestamp.ts';
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
  type BankCredentials,
  type SignatureVerifier,
  type SigningScheme,
} from './verify.ts';

export interface PartnerOptions {
  bank: BankCredentials;
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Lifetime of the tokens the partner issues to the bank; default 900 s. */
  tokenTtlSeconds?: number;
  now?: () => number;
  /** Replaceable for tests only: a correct partner uses the default ones. */
  ledger?: Ledger;
  verifier?: SignatureVerifier;
}

interface Route {
  path: string;
  service: string;
  scheme: SigningScheme;
  handle: (c: Callback) => Answer;
}

const ROUTES: Route[] = [
  { path: '/openapi/v1.0/transfer-va/inquiry', service: '24', scheme: 'token-hmac', handle: billInquiry },
  { path: '/openapi/v1.0/transfer-va/payment', service: '25', scheme: 'token-hmac', handle: paymentFlag },
  { path: '/v1.0/transfer-va/inquiry', service: '24', scheme: 'asymmetric', handle: billInquiry },
  { path: '/v1.0/transfer-va/payment', service: '25', scheme: 'asymmetric', handle: paymentFlag },
  { path: '/v1.0/qr/qr-mpm-notify', service: '52', scheme: 'asymmetric', handle: paymentNotify },
  { path: '/v1.0/debit/notify', service: '56', scheme: 'asymmetric', handle: paymentNotify },
  { path: '/api/v1.0/debit/notify', service: '56', scheme: 'nicepay-notify', handle: paymentNotify },
];
const TOKEN_PATH = '/openapi/v1.0/access-token/b2b';

const header = (request: FastifyRequest, name: string): string => {
  const value = request.headers[name.toLowerCase()];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};

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

/** The partner's fastify app, routes registered, not yet listening. */
export function buildPartnerApp(options: PartnerOptions): FastifyInstance {
  const { bank } = options;
  const now = options.now ?? Date.now;
  const ttl = options.tokenTtlSeconds ?? 900;
  const ledger = options.ledger ?? new Ledger();
  const verified = options.verifier ?? bankSignatureVerifier(bank);
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  // Bodies are read as text: the signature covers the bytes, and bad JSON is ours to answer.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });

  const send = (reply: FastifyReply, service: string, a: Answer): FastifyReply =>
    reply
      .code(a.status)
      .header('Content-Type', 'application/json')
      .header('X-TIMESTAMP', formatTimestamp(now(), 'snap'))
      .send({ responseCode: `${a.status}${service}${a.caseCode}`, responseMessage: a.message, ...a.body });

  /** Steps 1 and 2 for every route; undefined when the caller is the bank. */
  function authenticate(request: FastifyRequest, scheme: SigningScheme, rawBody: string): Answer | undefined {
    const timestamp = header(request, 'X-TIMESTAMP');
    const stale = timestamp ? timestampProblem(timestamp, now(), 300) : 'X-TIMESTAMP is missing';
    if (stale) return answer(401, '00', `Unauthorized. ${stale}`);
    const keyed = scheme === 'token-request' || scheme === 'nicepay-notify';
    const clientKey = header(request, keyed ? 'X-CLIENT-KEY' : 'X-PARTNER-ID');
    if (clientKey !== bank.clientId) return answer(401, '00', 'Unauthorized. Unknown client');
    const accessToken = /^Bearer (\S+)$/.exec(header(request, 'Authorization'))?.[1] ?? '';
    if (scheme === 'token-hmac' && !ledger.tokenValid(accessToken, now()))
      return answer(401, '01', 'Invalid Token (B2B)');
    const signature = header(request, 'X-SIGNATURE');
    const method = request.method;
    const path = request.url;
    if (
      !signature ||
      !verified(scheme, { method, path, rawBody, timestamp, signature, clientKey, accessToken })
    )
      return answer(401, '00', 'Unauthorized. Signature');
    return undefined;
  }

  // BCA asks the partner for a token before it calls: we sign nothing, we verify BCA's RSA key.
  app.post(TOKEN_PATH, (request, reply) => {
    const rawBody = typeof request.body === 'string' ? request.body : '';
    const refused = authenticate(request, 'token-request', rawBody);
    if (refused) return send(reply, '73', refused);
    const body = parseObject(rawBody);
    if (!body) return send(reply, '73', answer(400, '00', 'Bad Request'));
    if (missingField(body, '73'))
      return send(reply, '73', answer(400, '02', 'Invalid Mandatory Field grantType'));
    if (body.grantType !== 'client_credentials')
      return send(reply, '73', answer(400, '01', 'Invalid Field Format grantType'));
    const token = randomBytes(32).toString('base64url');
    ledger.issueToken(token, now() + ttl * 1000);
    return send(
      reply,
      '73',
      answer(200, '00', 'Successful', { accessToken: token, tokenType: 'Bearer', expiresIn: String(ttl) }),
    );
  });

  for (const route of ROUTES) {
    app.post(route.path, (request, reply) => {
      const rawBody = typeof request.body === 'string' ? request.body : '';
      const refused = authenticate(request, route.scheme, rawBody);
      if (refused) return send(reply, route.service, refused);
      const body = parseObject(rawBody);
      if (!body)
        return send(reply, route.service, answer(400, '00', 'Bad Request. The body is not a JSON object'));
      // NICEPAY's notification carries no X-EXTERNAL-ID; every other call must, once a day.
      const externalId = header(request, 'X-EXTERNAL-ID');
      if (route.scheme !== 'nicepay-notify') {
        if (!externalId)
          return send(reply, route.service, answer(400, '02', 'Invalid Mandatory Field X-EXTERNAL-ID'));
        const paymentRequestId =
          route.service === '25'
            ? typeof body.paymentRequestId === 'string'
              ? body.paymentRequestId
              : ''
            : '';
        const day = formatTimestamp(now(), 'snap').slice(0, 10);
        const earlier = ledger.seeExternalId(day, externalId, paymentRequestId);
        // BCA: the same flag again (same X-EXTERNAL-ID and paymentRequestId) is 404xx18, which
        // BCA counts as success; any other reuse of an X-EXTERNAL-ID is a conflict.
        if (earlier !== undefined && paymentRequestId && earlier === paymentRequestId)
          return send(reply, route.service, answer(404, '18', 'Inconsistent Request'));
        if (earlier !== undefined) return send(reply, route.service, answer(409, '00', 'Conflict'));
      }
      const missing = missingField(body, route.service);
      if (missing) return send(reply, route.service, answer(400, '02', `Invalid Mandatory Field ${missing}`));
      return send(reply, route.service, route.handle({ body, externalId, nowMs: now(), ledger }));
    });
  }
  app.setNotFoundHandler((_request, reply) => send(reply, '00', answer(404, '00', 'Not Found')));
  app.setErrorHandler((error, _request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return send(reply, '00', answer(status >= 400 && status < 600 ? status : 500, '00', 'General Error'));
  });
  return app;
}

export interface RunningPartner {
  url: string;
  close: () => Promise<void>;
}

/** Starts the reference partner (127.0.0.1, a free port unless told otherwise). */
export async function startPartner(
  options: PartnerOptions,
  app = buildPartnerApp(options),
): Promise<RunningPartner> {
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${host}:${address.port}`, close: () => app.close() };
}
