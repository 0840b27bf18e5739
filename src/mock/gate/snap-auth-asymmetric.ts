/**
 * SNAP type C ("asymmetric signature without get token"): the partner signs
 * `METHOD:path:lowerhex(sha256(body)):X-TIMESTAMP` with its RSA private key and sends no access
 * token (ASPI SNAP security, https://github.com/mseptiaan/snap-aspi-go/blob/b7e2c8111f58/aspi/keamanan.md; DANA signs every transaction this way). The partner is the one
 * X-PARTNER-ID names; its registered public key verifies the signature, through the signing
 * contract like every other scheme.
 */
import { checkPartnerHeaders } from './partner-headers.ts';
import {
  checkTimestampHeader,
  signatureProblem,
  signingOf,
  type AuthOutcome,
  type SnapTransactionProfile,
} from './snap-auth.ts';
import { missingField, unauthorized } from '../snap-errors.ts';
import type { RouteContext } from '../types.ts';

/** Checks a type C transaction: partner, timestamp, RSA signature, then the partner headers. */
export function authenticateSnapAsymmetric(
  context: RouteContext,
  options: { serviceCode: string; profile: SnapTransactionProfile },
): AuthOutcome {
  const svc = options.serviceCode;
  const { headers, rawUrl, rawBody, method } = context.request;
  const partnerId = headers['x-partner-id'] ?? '';
  if (partnerId === '') return { ok: false, reply: missingField(svc, 'X-PARTNER-ID') };
  const partner = context.findPartner(options.profile.provider, partnerId);
  if (partner === undefined) return { ok: false, reply: unauthorized(svc, 'Unknown Client (X-PARTNER-ID)') };
  const checked = checkTimestampHeader(context, svc, options.profile.rules);
  if (!checked.ok) return checked;
  if (partner.publicKey === undefined)
    return { ok: false, reply: unauthorized(svc, 'Unknown Client (no public key registered)') };
  const problem = signatureProblem(
    {
      scheme: 'snap-asymmetric',
      method,
      pathWithQuery: rawUrl,
      body: rawBody,
      timestamp: checked.value,
      clientKey: '',
      accessToken: '',
    },
    signingOf(partner, options.profile),
    headers['x-signature'] ?? '',
    { publicKey: partner.publicKey },
  );
  if (problem !== undefined) {
    const reason =
      headers['authorization'] !== undefined
        ? 'Invalid Signature (this bank signs transactions with SHA256withRSA over METHOD:path:bodyHash:timestamp, without a token)'
        : 'Invalid Signature';
    return { ok: false, reply: unauthorized(svc, reason, problem) };
  }
  const headerProblem = checkPartnerHeaders(context, { svc, partner, profile: options.profile });
  if (headerProblem !== undefined) return { ok: false, reply: headerProblem };
  const token = {
    token: '',
    provider: partner.provider,
    clientId: partner.clientId,
    expiresAtMs: Number.POSITIVE_INFINITY,
  };
  return { ok: true, call: { partner, token } };
}
