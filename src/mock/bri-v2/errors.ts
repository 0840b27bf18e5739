/**
 * Replies of the BRI API (v2, "non-SNAP") family: gateway errors
 * `{"status":{"code":"0601","desc":"Invalid token"}}` (https://developers.bri.co.id/en/docs/common-errors-briapi), the Apigee OAuth
 * errors of the token endpoint, and product replies `{responseCode, responseDescription, data}`.
 */
import type { MockReply } from '../snap-errors.ts';

/** A BRI gateway error case. */
export interface BriGatewayCase {
  status: number;
  code: string;
  desc: string;
}

/** The gateway errors of https://developers.bri.co.id/en/docs/common-errors-briapi. */
export const BRI_GATEWAY = {
  invalidToken: { status: 401, code: '0601', desc: 'Invalid token' },
  invalidSignature: { status: 401, code: '0602', desc: 'Invalid signature' },
  clientForbidden: { status: 401, code: '0603', desc: 'Unauthorized. Client Forbidden Access API' },
  invalidParameter: { status: 400, code: '0109', desc: 'Invalid request parameter' },
} as const satisfies Record<string, BriGatewayCase>;

/** Gateway code the mock uses for its own failures (BRI answers 5xx with HTML or JSON; not a documented code). */
export const BRI_INTERNAL_ERROR_CODE = '0500';

/** `{"status":{"code","desc"}}`; `detail` is appended to the standard description in parentheses. */
export function briGatewayReply(
  gatewayCase: BriGatewayCase,
  options: { detail?: string; status?: number; headers?: Record<string, string> } = {},
): MockReply {
  const desc = options.detail === undefined ? gatewayCase.desc : `${gatewayCase.desc} (${options.detail})`;
  const reply: MockReply = {
    status: options.status ?? gatewayCase.status,
    body: { status: { code: gatewayCase.code, desc } },
  };
  if (options.headers !== undefined) reply.headers = options.headers;
  return reply;
}

/** The BRI-shaped answer to a protocol error outside the handlers (bad body, 405, 413, 500). */
export function briProtocolError(
  status: number,
  reason: string,
  headers?: Record<string, string>,
): MockReply {
  const gatewayCase: BriGatewayCase =
    status >= 500
      ? { status, code: BRI_INTERNAL_ERROR_CODE, desc: 'General error' }
      : BRI_GATEWAY.invalidParameter;
  return briGatewayReply(
    gatewayCase,
    headers === undefined ? { detail: reason, status } : { detail: reason, status, headers },
  );
}

/** Apigee OAuthV2 error of the token endpoint: `{"ErrorCode":"invalid_client","Error":"..."}`. */
export function briOAuthError(status: number, errorCode: string, error: string): MockReply {
  return { status, body: { ErrorCode: errorCode, Error: error } };
}

/** A product answer `{responseCode, responseDescription, data}` (`"00"` is success). */
export function briProductReply(
  status: number,
  responseCode: string,
  responseDescription: string,
  data: Record<string, unknown> | null = null,
): MockReply {
  return { status, body: { responseCode, responseDescription, data } };
}
