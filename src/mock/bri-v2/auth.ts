/**
 * BRI API v2 security (https://developers.bri.co.id/en/docs/authentication): the OAuth client-credentials token endpoint
 * (an Apigee-style answer with the API products the token covers) and the gateway checks in
 * front of every call, in the gateway's order: token (0601, also when the token's products do
 * not cover the API, the famous sandbox failure), BRI-Timestamp, BRI-Signature (0602),
 * BRI-External-Id (0109).
 */
import { BRI_GATEWAY, briGatewayReply, briOAuthError, type BriGatewayCase } from './errors.ts';
import { stringField } from '../body/fields.ts';
import { randomUuid } from '../books/prng.ts';
import { EMULATION_SIGNING } from '../gate/emulation-signing.ts';
import {
  checkSignature,
  DIAGNOSIS_AXES_HEADER,
  DIAGNOSIS_HEADER,
  EXPECTED_STRING_TO_SIGN_HEADER,
} from '../gate/signature.ts';
import type { MockReply } from '../snap-errors.ts';
import type { IssuedToken } from '../books/state.ts';
import { checkBriTimestamp, jakartaDay, type BriTimestampProblem } from '../gate/time.ts';
import type { ResolvedPartner, RouteContext } from '../types.ts';
import { headerSafe } from '../gate/verify.ts';

export const BRI_PROVIDER = 'bri';

/** Lifetime of BRI API v2 tokens: 179999 s (≈ 50 h), as BRI answers. */
export const BRI_TOKEN_TTL_SECONDS = 179_999;

/** BRI-External-Id: numeric, at most 9 digits (MPN v2.0 doc). */
const EXTERNAL_ID = /^\d{1,9}$/;

/** `[a, b]`: Apigee's `api_product_list` string. */
export function productListString(products: readonly string[]): string {
  return `[${products.join(', ')}]`;
}

/** `POST /oauth/client_credential/accesstoken?grant_type=client_credentials` with a form body. */
export function handleBriToken(context: RouteContext, allProducts: readonly string[]): MockReply {
  const { body, rawUrl, headers, rawBody } = context.request;
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (rawBody !== '' && type !== 'application/x-www-form-urlencoded') {
    return briOAuthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  }
  const query = new URLSearchParams(rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '');
  const grantType = query.get('grant_type') ?? stringField(body, 'grant_type');
  if (grantType === '') return briOAuthError(400, 'invalid_request', 'Required param : grant_type');
  if (grantType !== 'client_credentials')
    return briOAuthError(400, 'unsupported_grant_type', `Unsupported grant type : ${grantType.slice(0, 40)}`);
  const clientId = stringField(body, 'client_id');
  const partner = clientId === '' ? undefined : context.findPartner(BRI_PROVIDER, clientId);
  if (partner === undefined) return briOAuthError(401, 'invalid_client', 'ClientId is Invalid');
  if (stringField(body, 'client_secret') !== partner.clientSecret)
    return briOAuthError(401, 'invalid_client', 'Client credentials are invalid');

  const products = partner.products ?? allProducts;
  const issued = context.state.issueToken({
    provider: BRI_PROVIDER,
    clientId,
    nowMs: context.nowMs,
    ttlSeconds: BRI_TOKEN_TTL_SECONDS,
    products,
  });
  const prng = context.state.ledger(BRI_PROVIDER, clientId).prng;
  return {
    status: 200,
    body: {
      refresh_token_expires_in: '0',
      api_product_list: productListString(products),
      api_product_list_json: [...products],
      organization_name: 'bri',
      'developer.email': `${clientId.toLowerCase().replace(/[^a-z0-9]/g, '') || 'partner'}@mock.kontrak.invalid`,
      token_type: 'BearerToken',
      issued_at: String(context.nowMs),
      client_id: clientId,
      access_token: issued.token,
      application_name: randomUuid(prng),
      scope: '',
      expires_in: String(BRI_TOKEN_TTL_SECONDS),
      refresh_count: '0',
      status: 'approved',
    },
  };
}

/** An authenticated BRI API v2 call. */
export interface BriCall {
  partner: ResolvedPartner;
  token: IssuedToken;
}

/** Outcome of {@link authenticateBri}. */
export type BriAuthOutcome = { ok: true; call: BriCall } | { ok: false; reply: MockReply };

function fail(
  gatewayCase: BriGatewayCase,
  detail: string,
  extra: { status?: number; headers?: Record<string, string> } = {},
): BriAuthOutcome {
  return { ok: false, reply: briGatewayReply(gatewayCase, { detail, ...extra }) };
}

/** Runs the gateway checks of a BRI API v2 call to an API of `product`. */
export function authenticateBri(context: RouteContext, options: { product: string }): BriAuthOutcome {
  const { headers } = context.request;
  const authorization = (headers['authorization'] ?? '').trim();
  const match = /^bearer\s+(\S+)$/i.exec(authorization);
  if (match === null || match[1] === undefined)
    return fail(BRI_GATEWAY.invalidToken, 'Authorization must be "Bearer <access_token>"');
  const lookup = context.state.lookupToken(match[1], BRI_PROVIDER, context.nowMs);
  if (!lookup.ok)
    return fail(
      BRI_GATEWAY.invalidToken,
      lookup.reason === 'expired' ? 'token expired' : 'token unknown to this server',
    );
  const token = lookup.token;
  const products = token.products ?? [];
  if (!products.includes(options.product)) {
    return fail(
      BRI_GATEWAY.invalidToken,
      `the token's products ${productListString(products)} do not include ${options.product}, which this API belongs to`,
    );
  }
  const partner = context.findPartner(BRI_PROVIDER, token.clientId);
  if (partner === undefined) return fail(BRI_GATEWAY.invalidToken, 'token unknown to this server');

  const timestamp = headers['bri-timestamp'];
  const timeProblem = checkBriTimestamp(timestamp, context.nowMs, context.settings.timestampSkewSeconds);
  if (timeProblem?.kind === 'format') return fail(BRI_GATEWAY.invalidParameter, timeProblem.reason);

  const rejected = signatureRejection(context, { token, partner, timestamp, timeProblem });
  if (rejected !== undefined) return rejected;

  const externalId = headers['bri-external-id'] ?? headers['bri-externalid'];
  if (externalId === undefined || externalId === '')
    return fail(BRI_GATEWAY.invalidParameter, 'BRI-External-Id header is missing');
  if (!EXTERNAL_ID.test(externalId))
    return fail(BRI_GATEWAY.invalidParameter, 'BRI-External-Id must be numeric, at most 9 digits');
  const fresh = context.state.recordExternalId({
    provider: BRI_PROVIDER,
    clientId: partner.clientId,
    externalId,
    nowMs: context.nowMs,
  });
  if (!fresh)
    return fail(
      BRI_GATEWAY.invalidParameter,
      `BRI-External-Id ${externalId} was already used on ${jakartaDay(context.nowMs)}`,
      { status: 409 },
    );
  return { ok: true, call: { partner, token } };
}

/** BRI-Timestamp skew and BRI-Signature, checked together: both answer 0602 with the expected payload. */
function signatureRejection(
  context: RouteContext,
  options: {
    token: IssuedToken;
    partner: ResolvedPartner;
    timestamp: string | undefined;
    timeProblem: BriTimestampProblem | undefined;
  },
): BriAuthOutcome | undefined {
  const { headers, method, rawUrl, rawBody } = context.request;
  const { token, partner, timestamp, timeProblem } = options;
  const verdict = checkSignature({
    parts: {
      scheme: 'bri-v2',
      method,
      pathWithQuery: rawUrl,
      body: rawBody,
      timestamp: timestamp ?? '',
      clientKey: '',
      accessToken: token.token,
    },
    policy: partner.signing ?? EMULATION_SIGNING.bri,
    signature: headers['bri-signature'] ?? '',
    key: { secret: partner.clientSecret },
  });
  const expected = { [EXPECTED_STRING_TO_SIGN_HEADER]: headerSafe(verdict.stringToSign) };
  if (timeProblem !== undefined) {
    const clock: Record<string, string> =
      timeProblem.diagnosis === undefined
        ? {}
        : { [DIAGNOSIS_HEADER]: headerSafe(timeProblem.diagnosis), [DIAGNOSIS_AXES_HEADER]: 'clock' };
    return fail(BRI_GATEWAY.invalidSignature, timeProblem.reason, { headers: { ...expected, ...clock } });
  }
  if (!verdict.ok) {
    return fail(BRI_GATEWAY.invalidSignature, 'BRI-Signature does not match', {
      headers: {
        ...expected,
        [DIAGNOSIS_HEADER]: headerSafe(verdict.diagnosis),
        [DIAGNOSIS_AXES_HEADER]: verdict.axes.join(','),
      },
    });
  }

  return undefined;
}
