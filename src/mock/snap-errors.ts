/**
 * SNAP response codes and the replies the mock bank sends. A SNAP responseCode is
 * HTTP status (3) + service code (2) + case code (2), e.g. `4017300`.
 */

/** What a route handler answers; the server turns it into an HTTP response. */
export interface MockReply {
  status: number;
  body: Record<string, unknown>;
  /** Extra response headers (e.g. the expected string to sign on a signature failure). */
  headers?: Record<string, string>;
}

/** A SNAP case: HTTP status, case code and the standard message. */
export interface SnapCase {
  status: number;
  caseCode: string;
  message: string;
}

/** The standard SNAP cases the mock uses (ASPI SNAP standard, https://apidevportal.aspi-indonesia.or.id). */
export const SNAP = {
  success: { status: 200, caseCode: '00', message: 'Successful' },
  badRequest: { status: 400, caseCode: '00', message: 'Bad Request' },
  invalidFieldFormat: { status: 400, caseCode: '01', message: 'Invalid Field Format' },
  invalidMandatoryField: { status: 400, caseCode: '02', message: 'Invalid Mandatory Field' },
  unauthorized: { status: 401, caseCode: '00', message: 'Unauthorized.' },
  invalidToken: { status: 401, caseCode: '01', message: 'Invalid Token (B2B)' },
  tokenNotFound: { status: 401, caseCode: '03', message: 'Token Not Found (B2B)' },
  insufficientFunds: { status: 403, caseCode: '14', message: 'Insufficient Funds' },
  dormantAccount: { status: 403, caseCode: '09', message: 'Dormant Account' },
  notPermitted: { status: 403, caseCode: '15', message: 'Transaction Not Permitted.' },
  notFound: { status: 404, caseCode: '00', message: 'Not Found' },
  transactionNotFound: { status: 404, caseCode: '01', message: 'Transaction Not Found' },
  invalidAccount: { status: 404, caseCode: '11', message: 'Invalid Card/Account/Customer' },
  invalidBill: { status: 404, caseCode: '12', message: 'Invalid Bill/Virtual Account' },
  invalidAmount: { status: 404, caseCode: '13', message: 'Invalid Amount' },
  paidBill: { status: 404, caseCode: '14', message: 'Paid Bill' },
  inconsistentRequest: { status: 404, caseCode: '18', message: 'Inconsistent Request' },
  expiredBill: { status: 404, caseCode: '19', message: 'Invalid Bill/Virtual Account' },
  notSupported: { status: 405, caseCode: '00', message: 'Requested Function Is Not Supported' },
  tooManyRequests: { status: 429, caseCode: '00', message: 'Too Many Requests' },
  conflict: { status: 409, caseCode: '00', message: 'Conflict' },
  duplicateReference: { status: 409, caseCode: '01', message: 'Duplicate partnerReferenceNo' },
  payloadTooLarge: { status: 413, caseCode: '00', message: 'Payload Too Large' },
  generalError: { status: 500, caseCode: '00', message: 'General Error' },
  badGateway: { status: 502, caseCode: '00', message: 'Bad Gateway' },
  serviceUnavailable: { status: 503, caseCode: '00', message: 'Service Unavailable' },
  timeout: { status: 504, caseCode: '00', message: 'Timeout' },
} as const satisfies Record<string, SnapCase>;

/** Service code used where no endpoint applies (unknown path, framework errors). */
export const NO_SERVICE = '00';

/** `4017300` from status 401, service `73`, case `00`. */
export function snapResponseCode(status: number, serviceCode: string, caseCode: string): string {
  return `${status}${serviceCode}${caseCode}`;
}

/** Options of {@link snapReply}. */
export interface SnapReplyOptions {
  /** Replaces the case's standard message. */
  message?: string;
  /** Appended to the standard message after a space (field name, reason). */
  detail?: string;
  /** Fields added to the body after responseCode/responseMessage (success payloads). */
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** A SNAP-shaped reply `{responseCode, responseMessage, ...extra}` for a case of a service. */
export function snapReply(
  serviceCode: string,
  snapCase: SnapCase,
  options: SnapReplyOptions = {},
): MockReply {
  const base = options.message ?? snapCase.message;
  const message = options.detail === undefined ? base : `${base} ${options.detail}`;
  const reply: MockReply = {
    status: snapCase.status,
    body: {
      responseCode: snapResponseCode(snapCase.status, serviceCode, snapCase.caseCode),
      responseMessage: message,
      ...options.extra,
    },
  };
  if (options.headers !== undefined) reply.headers = options.headers;
  return reply;
}

/** 400xx02 "Invalid Mandatory Field {field}". */
export function missingField(serviceCode: string, field: string): MockReply {
  return snapReply(serviceCode, SNAP.invalidMandatoryField, { detail: field });
}

/** 400xx01 "Invalid Field Format {field}". */
export function badFieldFormat(serviceCode: string, field: string): MockReply {
  return snapReply(serviceCode, SNAP.invalidFieldFormat, { detail: field });
}

/** 401xx00 "Unauthorized. {reason}". */
export function unauthorized(
  serviceCode: string,
  reason: string,
  headers?: Record<string, string>,
): MockReply {
  return snapReply(
    serviceCode,
    SNAP.unauthorized,
    headers === undefined ? { detail: reason } : { detail: reason, headers },
  );
}

/**
 * Maps an HTTP status coming from outside the route handlers (the HTTP edge's refusals: a
 * malformed target, body too large, no media type) to the nearest SNAP case.
 */
export function snapCaseForStatus(status: number): SnapCase {
  if (status === 404) return SNAP.notFound;
  if (status === 405) return SNAP.notSupported;
  if (status === 413) return SNAP.payloadTooLarge;
  if (status === 429) return SNAP.tooManyRequests;
  if (status >= 400 && status < 500) return SNAP.badRequest;
  if (status === 502) return SNAP.badGateway;
  if (status === 503) return SNAP.serviceUnavailable;
  if (status === 504) return SNAP.timeout;
  return SNAP.generalError;
}
