/**
 * SNAP type C ("asymmetric signature without get token"): the partner signs
 * `METHOD:path:lowerhex(sha256(minified body)):X-TIMESTAMP` with its RSA private key and sends no
 * access token (protocols.md §1.1; DANA signs every transaction this way). The partner is the one
 * X-PARTNER-ID names; its registered public key verifies the signature.
 */
import { SNAP, snapReply, unauthorized } from './snap-errors.ts';
import {
  checkPartnerHeaders,
  EXPECTED_STRING_TO_SIGN_HEADER,
  type AuthOutcome,
  type SnapTransactionProfile,
} from './snap-auth.ts';
import { sha256Hex, minifyJsonBody, signedPath } from './string-to-sign.ts';
import { requireTimestamp } from './time.ts';
import type { RouteContext } from './types.ts';
import { headerSafe, verifyRsaSha256 } from './verify.ts';

/** `METHOD:path:sha256hex(minified body):timestamp`. Throws `SyntaxError` on a body that is not JSON. */
export function snapAsymmetricStringToSign(input: {
  method: string;
  path: string;
  body: string;
  timestamp: string;
}): string {
  return [
    input.method.toUpperCase(),
    input.path,
    sha256Hex(minifyJsonBody(input.body)),
    input.timestamp,
  ].join(':');
}

/** Checks a type C transaction: partner, timestamp, RSA signature, then the partner headers. */
export function authenticateSnapAsymmetric(
  context: RouteContext,
  options: { serviceCode: string; profile: SnapTransactionProfile },
): AuthOutcome {
  const svc = options.serviceCode;
  const { headers, rawUrl, rawBody, method } = context.request;
  const partnerId = headers['x-partner-id'] ?? '';
  if (partnerId === '')
    return { ok: false, reply: snapReply(svc, SNAP.invalidMandatoryField, { detail: 'X-PARTNER-ID' }) };
  const partner = context.findPartner(options.profile.provider, partnerId);
  if (partner === undefined) return { ok: false, reply: unauthorized(svc, 'Unknown Client (X-PARTNER-ID)') };
  const checked = requireTimestamp(
    headers['x-timestamp'],
    context.nowMs,
    context.settings.timestampSkewSeconds,
  );
  if (!checked.ok) return { ok: false, reply: unauthorized(svc, checked.reason) };
  const path = signedPath(rawUrl, {
    stripPrefix: options.profile.signedPathStripPrefix,
    signQuery: options.profile.signQuery,
  });
  const stringToSign = snapAsymmetricStringToSign({ method, path, body: rawBody, timestamp: checked.value });
  const verified =
    partner.publicKey !== undefined &&
    verifyRsaSha256({
      data: stringToSign,
      signatureBase64: headers['x-signature'] ?? '',
      publicKey: partner.publicKey,
    });
  if (!verified) {
    const reason =
      headers['authorization'] !== undefined
        ? 'Invalid Signature (this bank signs transactions with SHA256withRSA over METHOD:path:bodyHash:timestamp, without a token)'
        : 'Invalid Signature';
    return {
      ok: false,
      reply: unauthorized(svc, reason, { [EXPECTED_STRING_TO_SIGN_HEADER]: headerSafe(stringToSign) }),
    };
  }
  const problem = checkPartnerHeaders(context, { svc, clientId: partner.clientId, profile: options.profile });
  if (problem !== undefined) return { ok: false, reply: problem };
  const token = {
    token: '',
    provider: partner.provider,
    clientId: partner.clientId,
    expiresAtMs: Number.POSITIVE_INFINITY,
  };
  return { ok: true, call: { partner, token } };
}
