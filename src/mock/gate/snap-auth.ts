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
} from '../snap-errors.ts';
import type { SignedParts, SigningPolicy } from '../../../scripts/signing-contract.ts';
import {
  checkSignature,
  DIAGNOSIS_AXES_HEADER,
  DIAGNOSIS_HEADER,
  EXPECTED_STRING_TO_SIGN_HEADER,
  type VerificationKey,
} from './signature.ts';
import { serviceCode } from '../../catalogue/catalogue.ts';
import type { IssuedToken } from '../books/state.ts';
import { parseSnapTimestamp, requireTimestamp, type TimestampCheck } from './time.ts';
import type { MockRoute, ResolvedPartner, RouteContext } from '../types.ts';
import { headerSafe } from './verify.ts';
import { bearerToken, timestampFormRefusal, type HeaderRules } from './header-rules.ts';
import { checkPartnerHeaders } from './partner-headers.ts';

export { EXPECTED_STRING_TO_SIGN_HEADER } from './signature.ts';

export const SERVICE_ACCESS_TOKEN_B2B = serviceCode('access-token/b2b');

/**
 * Checks a received signature with the signing contract. undefined when it verifies; else the
 * headers of the rejection: the expected string to sign and the diagnosis.
 */
export function signatureProblem(
  parts: SignedParts,
  policy: SigningPolicy,
  signature: string,
  key: VerificationKey,
): Record<string, string> | undefined {
  const verdict = checkSignature({ parts, policy, signature, key });
  if (verdict.ok) return undefined;
  return {
    [EXPECTED_STRING_TO_SIGN_HEADER]: headerSafe(verdict.stringToSign),
    [DIAGNOSIS_HEADER]: headerSafe(verdict.diagnosis),
    [DIAGNOSIS_AXES_HEADER]: verdict.axes.join(','),
  };
}

/** The headers of a timestamp rejection: the likely cause, when it is a whole number of hours off. */
export function timestampDiagnosis(checked: TimestampCheck): Record<string, string> | undefined {
  return !checked.ok && checked.diagnosis !== undefined
    ? { [DIAGNOSIS_HEADER]: headerSafe(checked.diagnosis), [DIAGNOSIS_AXES_HEADER]: 'clock' }
    : undefined;
}

/**
 * X-TIMESTAMP read the bank's way: a value in a form the bank does not accept (its timestampForms
 * knob) is a 400xx01 naming the knob; then a missing, malformed or skewed one is a 401xx00.
 */
export function checkTimestampHeader(
  context: RouteContext,
  svc: string,
  rules: Pick<HeaderRules, 'bank' | 'timestampForms'> | undefined,
): { ok: true; value: string } | { ok: false; reply: MockReply } {
  const value = context.request.headers['x-timestamp'];
  if (rules !== undefined && value !== undefined && parseSnapTimestamp(value).ok) {
    const refused = timestampFormRefusal(svc, value, rules);
    if (refused !== undefined) return { ok: false, reply: refused };
  }
  const checked = requireTimestamp(value, context.nowMs, context.settings.timestampSkewSeconds);
  if (!checked.ok)
    return { ok: false, reply: unauthorized(svc, checked.reason, timestampDiagnosis(checked)) };
  return { ok: true, value: checked.value };
}

/** Options of {@link snapTokenRoute}. */
export interface SnapTokenRouteOptions {
  provider: string;
  path: string;
  /** `tokenType` answered; default `Bearer` (BRI SNAP: `BearerToken`). */
  tokenType?: string;
  /** Added to the token lifetime in the answered `expiresIn`; default 0 (BRI SNAP: -1, i.e. "899"). */
  expiresInOffsetSeconds?: number;
  /** The bank's header rules (its accepted X-TIMESTAMP forms); none: any SNAP timestamp. */
  rules?: HeaderRules;
}

/** `clientKey|timestamp` is the same under every policy; the knobs only shape the diagnosis. */
const TOKEN_POLICY: SigningPolicy = {
  signedPathStripPrefix: '',
  signQuery: 'as-sent',
  bodyHash: 'minified',
  signatureEncoding: 'base64',
};

/** The parts of a signature a scheme does not use. */
const NO_PARTS: SignedParts = {
  scheme: 'snap-token',
  method: 'POST',
  pathWithQuery: '',
  body: '',
  timestamp: '',
  clientKey: '',
  accessToken: '',
};

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

  const checked = checkTimestampHeader(context, svc, options.rules);
  if (!checked.ok) return checked.reply;
  const timestamp = checked.value;

  if (partner.publicKey === undefined) return unauthorized(svc, 'Unknown Client (no public key registered)');
  const problem = signatureProblem(
    { ...NO_PARTS, scheme: 'snap-token', clientKey, timestamp, method: context.request.method },
    partner.signing ?? TOKEN_POLICY,
    headers['x-signature'] ?? '',
    { publicKey: partner.publicKey },
  );
  if (problem !== undefined) return unauthorized(svc, 'Invalid Signature', problem);

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

/** How an emulation checks transactional calls. */
export interface SnapTransactionProfile {
  provider: string;
  /** How the emulated bank signs, for partners registered without a policy of their own. */
  signing: SigningPolicy;
  /**
   * `bank`: the bank profile's signing decides, whatever the partner was registered with (a
   * provider file that disagrees with its bank is warned about when it loads, not believed here).
   */
  signingFrom?: 'bank' | 'partner';
  /** What the bank accepts in CHANNEL-ID, X-EXTERNAL-ID, X-PARTNER-ID… (its profile's knobs). */
  rules: HeaderRules;
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
  const checked = checkTimestampHeader(context, svc, options.profile.rules);
  if (!checked.ok) return fail(checked.reply);
  const timestamp = checked.value;

  const problem = signatureProblem(
    {
      ...NO_PARTS,
      scheme: 'snap-transaction',
      method,
      pathWithQuery: rawUrl,
      body: rawBody,
      timestamp,
      accessToken: token.token,
    },
    signingOf(partner, options.profile),
    headers['x-signature'] ?? '',
    { secret: partner.clientSecret },
  );
  if (problem !== undefined) return fail(unauthorized(svc, 'Invalid Signature', problem));

  const headerProblem = checkPartnerHeaders(context, { svc, partner, profile: options.profile });
  if (headerProblem !== undefined) return fail(headerProblem);
  return { ok: true, call: { partner, token } };
}

/** The signing a partner's call is verified with: the bank profile's, or the partner's own where given. */
export function signingOf(partner: ResolvedPartner, profile: SnapTransactionProfile): SigningPolicy {
  return profile.signingFrom === 'bank' ? profile.signing : (partner.signing ?? profile.signing);
}

function fail(reply: MockReply): AuthOutcome {
  return { ok: false, reply };
}

type TokenOutcome = { ok: true; token: IssuedToken } | { ok: false; reply: MockReply };

function checkBearerToken(context: RouteContext, svc: string, provider: string): TokenOutcome {
  const authorization = (context.request.headers['authorization'] ?? '').trim();
  if (authorization === '' || /^bearer$/i.test(authorization))
    return { ok: false, reply: snapReply(svc, SNAP.tokenNotFound) };
  const token = bearerToken(authorization);
  if (token === undefined) {
    return {
      ok: false,
      reply: snapReply(svc, SNAP.invalidToken, { detail: '(Authorization must be "Bearer <accessToken>")' }),
    };
  }
  const lookup = context.state.lookupToken(token, provider, context.nowMs);
  if (!lookup.ok) {
    const detail = lookup.reason === 'expired' ? '(token expired)' : '(token unknown to this server)';
    return { ok: false, reply: snapReply(svc, SNAP.invalidToken, { detail }) };
  }
  return { ok: true, token: lookup.token };
}
