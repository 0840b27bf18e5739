/**
 * SNAP security, shared by every SNAP provider of the mock: the B2B access-token endpoint
 * (service 73, SHA256withRSA) and the checks in front of every transactional call
 * (bearer token, X-TIMESTAMP, HMAC-SHA512 X-SIGNATURE, X-PARTNER-ID, CHANNEL-ID, X-EXTERNAL-ID).
 */
import {
  SNAP,
  badFieldFormat,
  missingField,
  snapReply,
  unauthorized,
  type MockReply,
} from './snap-errors.ts';
import type { IssuedToken } from './state.ts';
import { signedPath, snapTokenStringToSign, snapTransactionStringToSign } from './string-to-sign.ts';
import { requireTimestamp } from './time.ts';
import type { MockRoute, ResolvedPartner, RouteContext } from './types.ts';
import { headerSafe, verifyHmacSha512, verifyRsaSha256, type SignatureEncoding } from './verify.ts';

/** Response header carrying the string to sign the mock expected, on signature failures. */
export const EXPECTED_STRING_TO_SIGN_HEADER = 'X-Kontrak-Expected-String-To-Sign';

export const SERVICE_ACCESS_TOKEN_B2B = '73';

function expectedHeader(stringToSign: string): Record<string, string> {
  return { [EXPECTED_STRING_TO_SIGN_HEADER]: headerSafe(stringToSign) };
}

/** Options of {@link snapTokenRoute}. */
export interface SnapTokenRouteOptions {
  provider: string;
  path: string;
  /** `tokenType` answered; default `Bearer` (BRI SNAP: `BearerToken`). */
  tokenType?: string;
  /** Added to the token lifetime in the answered `expiresIn`; default 0 (BRI SNAP: -1, i.e. "899"). */
  expiresInOffsetSeconds?: number;
}

/** `POST <path>` issuing B2B access tokens to the provider's partners (service 73). */
export function snapTokenRoute(options: SnapTokenRouteOptions): MockRoute {
  return {
    method: 'POST',
    path: options.path,
    serviceCode: SERVICE_ACCESS_TOKEN_B2B,
    handle: (context) => handleSnapToken(context, options),
  };
}

function handleSnapToken(context: RouteContext, options: SnapTokenRouteOptions): MockReply {
  const provider = options.provider;
  const svc = SERVICE_ACCESS_TOKEN_B2B;
  const { headers, body } = context.request;
  const clientKey = headers['x-client-key'];
  if (clientKey === undefined || clientKey === '') {
    return unauthorized(svc, 'Unknown Client (X-CLIENT-KEY header is missing)');
  }
  const partner = context.findPartner(provider, clientKey);
  if (partner === undefined) return unauthorized(svc, 'Unknown Client');

  const checked = requireTimestamp(
    headers['x-timestamp'],
    context.nowMs,
    context.settings.timestampSkewSeconds,
  );
  if (!checked.ok) return unauthorized(svc, checked.reason);
  const timestamp = checked.value;

  const stringToSign = snapTokenStringToSign(clientKey, timestamp);
  const signature = headers['x-signature'] ?? '';
  if (partner.publicKey === undefined) return unauthorized(svc, 'Unknown Client (no public key registered)');
  if (!verifyRsaSha256({ data: stringToSign, signatureBase64: signature, publicKey: partner.publicKey })) {
    return unauthorized(svc, 'Invalid Signature', expectedHeader(stringToSign));
  }

  const grantProblem = checkGrantType(body);
  if (grantProblem !== undefined) return grantProblem;

  const issued = context.state.issueToken({
    provider,
    clientId: partner.clientId,
    nowMs: context.nowMs,
    ttlSeconds: context.settings.tokenTtlSeconds,
  });
  return snapReply(svc, SNAP.success, {
    extra: {
      accessToken: issued.token,
      tokenType: options.tokenType ?? 'Bearer',
      expiresIn: String(context.settings.tokenTtlSeconds + (options.expiresInOffsetSeconds ?? 0)),
    },
    headers: { 'X-CLIENT-KEY': headerSafe(partner.clientId) },
  });
}

function checkGrantType(body: Record<string, unknown>): MockReply | undefined {
  const svc = SERVICE_ACCESS_TOKEN_B2B;
  const grantType = body['grantType'];
  if (grantType === undefined || grantType === null || grantType === '')
    return missingField(svc, 'grantType');
  if (typeof grantType !== 'string') return badFieldFormat(svc, 'grantType');
  if (grantType !== 'client_credentials') return missingField(svc, 'grantType');
  const info = body['additionalInfo'];
  if (info !== undefined && (typeof info !== 'object' || info === null || Array.isArray(info))) {
    return badFieldFormat(svc, 'additionalInfo');
  }
  return undefined;
}

/** How a provider signs transactional calls (mirrors `ProviderSigning` of the model). */
export interface SnapTransactionProfile {
  provider: string;
  /** Prefix removed from the request path before signing (NICEPAY: `/nicepay`). */
  signedPathStripPrefix: string;
  signQuery: boolean;
  signatureEncoding: SignatureEncoding;
  /** Maximum length of X-EXTERNAL-ID (SNAP: 36; NICEPAY: 40). */
  externalIdMaxLength: number;
  /** Maximum length of CHANNEL-ID (SNAP: 5); undefined: not enforced (NICEPAY sends `<clientId>01`). */
  channelIdMaxLength?: number;
}

/** An authenticated transactional call. */
export interface AuthenticatedCall {
  partner: ResolvedPartner;
  token: IssuedToken;
}

/** Outcome of {@link authenticateSnapTransaction}. */
export type AuthOutcome = { ok: true; call: AuthenticatedCall } | { ok: false; reply: MockReply };

/**
 * Runs every SNAP check in front of a transactional call, in the order a bank would:
 * token, timestamp, signature, then the partner headers and X-EXTERNAL-ID (recorded once
 * the caller is authenticated, so a reuse the same day is a 409 conflict).
 */
export function authenticateSnapTransaction(
  context: RouteContext,
  options: { serviceCode: string; profile: SnapTransactionProfile },
): AuthOutcome {
  const svc = options.serviceCode;
  const tokenOutcome = checkBearerToken(context, svc, options.profile.provider);
  if (!tokenOutcome.ok) return tokenOutcome;
  const token = tokenOutcome.token;
  const partner = context.findPartner(options.profile.provider, token.clientId);
  if (partner === undefined) return fail(snapReply(svc, SNAP.invalidToken));

  const { headers, rawUrl, rawBody, method } = context.request;
  const checked = requireTimestamp(
    headers['x-timestamp'],
    context.nowMs,
    context.settings.timestampSkewSeconds,
  );
  if (!checked.ok) return fail(unauthorized(svc, checked.reason));
  const timestamp = checked.value;

  const path = signedPath(rawUrl, {
    stripPrefix: options.profile.signedPathStripPrefix,
    signQuery: options.profile.signQuery,
  });
  const stringToSign = snapTransactionStringToSign({
    method,
    path,
    token: token.token,
    body: rawBody,
    timestamp,
  });
  const signatureOk = verifyHmacSha512({
    data: stringToSign,
    signature: headers['x-signature'] ?? '',
    secret: partner.clientSecret,
    encoding: options.profile.signatureEncoding,
  });
  if (!signatureOk) return fail(unauthorized(svc, 'Invalid Signature', expectedHeader(stringToSign)));

  const headerProblem = checkPartnerHeaders(context, {
    svc,
    clientId: partner.clientId,
    profile: options.profile,
  });
  if (headerProblem !== undefined) return fail(headerProblem);
  return { ok: true, call: { partner, token } };
}

function fail(reply: MockReply): AuthOutcome {
  return { ok: false, reply };
}

type TokenOutcome = { ok: true; token: IssuedToken } | { ok: false; reply: MockReply };

function checkBearerToken(context: RouteContext, svc: string, provider: string): TokenOutcome {
  const authorization = (context.request.headers['authorization'] ?? '').trim();
  if (authorization === '' || /^bearer$/i.test(authorization))
    return { ok: false, reply: snapReply(svc, SNAP.tokenNotFound) };
  const match = /^bearer\s+(\S+)$/i.exec(authorization);
  if (match === null || match[1] === undefined) {
    return {
      ok: false,
      reply: snapReply(svc, SNAP.invalidToken, { detail: '(Authorization must be "Bearer <accessToken>")' }),
    };
  }
  const lookup = context.state.lookupToken(match[1], provider, context.nowMs);
  if (!lookup.ok) {
    const detail = lookup.reason === 'expired' ? '(token expired)' : '(token unknown to this server)';
    return { ok: false, reply: snapReply(svc, SNAP.invalidToken, { detail }) };
  }
  return { ok: true, token: lookup.token };
}

export function checkPartnerHeaders(
  context: RouteContext,
  options: { svc: string; clientId: string; profile: SnapTransactionProfile },
): MockReply | undefined {
  const { svc, clientId, profile } = options;
  const headers = context.request.headers;
  const partnerId = headers['x-partner-id'];
  if (partnerId === undefined || partnerId === '') return missingField(svc, 'X-PARTNER-ID');
  if (partnerId !== clientId)
    return unauthorized(svc, 'X-PARTNER-ID does not match the client of the access token');
  const channelId = headers['channel-id'];
  if (channelId === undefined || channelId === '') return missingField(svc, 'CHANNEL-ID');
  if (profile.channelIdMaxLength !== undefined && channelId.length > profile.channelIdMaxLength)
    return badFieldFormat(svc, 'CHANNEL-ID');
  const externalId = headers['x-external-id'];
  if (externalId === undefined || externalId === '') return missingField(svc, 'X-EXTERNAL-ID');
  if (!/^\d+$/.test(externalId) || externalId.length > profile.externalIdMaxLength)
    return badFieldFormat(svc, 'X-EXTERNAL-ID');
  const fresh = context.state.recordExternalId({
    provider: profile.provider,
    clientId,
    externalId,
    nowMs: context.nowMs,
  });
  if (!fresh) return snapReply(svc, SNAP.conflict, { detail: '(X-EXTERNAL-ID already used today)' });
  return undefined;
}
