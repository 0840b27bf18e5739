import type { ExchangeResult, HttpMessage, RetriedAttempt, SigningRecord } from '../model/results.ts';
import type { Provider, RequestSpec } from '../model/types.ts';
import type { Redactor } from '../redact.ts';
import { checkResponse, type CheckOutcome } from '../check/response.ts';
import { isSnapRequest } from '../check/snap-rules.ts';
import { catalogueCodeOf } from '../model/service-codes.ts';
import type { SchemaRegistry } from '../schemas/registry.ts';
import type { RawExchange } from './newman-run.ts';
import { originOf } from './request-guard.ts';
import { responseShape } from './shape.ts';

/** Bodies above this are cut in reports (their full size is still shown). */
export const BODY_LIMIT_BYTES = 16 * 1024;

/** Response header through which the mock bank says what it expected to be signed. */
export const EXPECTED_STRING_TO_SIGN_HEADER = 'x-kontrak-expected-string-to-sign';
/** Response header through which the mock bank explains a rejection. */
export const DIAGNOSIS_HEADER = 'x-kontrak-diagnosis';

function headerValue(headers: Array<{ key: string; value: string }> | undefined, name: string) {
  return headers?.find((h) => h.key.toLowerCase() === name)?.value;
}

function message(
  headers: Array<{ key: string; value: string }>,
  body: Buffer | string,
  redactor: Redactor,
): HttpMessage {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  // Masked whole, then cut: a secret straddling the cut would otherwise show its first characters.
  const masked = Buffer.from(redactor.redact(bytes.toString('utf8')), 'utf8');
  const truncated = masked.length > BODY_LIMIT_BYTES;
  const text = truncated ? masked.subarray(0, BODY_LIMIT_BYTES).toString('utf8') : masked.toString('utf8');
  return {
    headers: headers.map((h) => ({ key: h.key, value: redactor.redact(h.value) })),
    body: text,
    bodyBytes: bytes.length,
    truncated,
  };
}

/** A request the signer refused to send: a signing failure, never a silent unsigned request. */
function notSent(reason: string | undefined): CheckOutcome {
  return {
    checks: [{ name: 'signing', passed: false, message: reason ?? 'the request was not sent' }],
    passed: false,
    failureClass: 'auth',
  };
}

export interface ExchangeInput {
  spec: RequestSpec;
  raw: RawExchange | undefined;
  /** Why the request was never sent (the signer refused), when it was not. */
  notSentBecause?: string | undefined;
  /** Not sent because a valid token from earlier in the run was reused (a pass). */
  reusedToken?: string | undefined;
  schemas: SchemaRegistry;
  redactor: Redactor;
}

/** A 3xx pointing at another origin, which is never followed: where from, where to. */
function crossOriginRedirect(raw: RawExchange): string | undefined {
  const response = raw.response;
  if (!response || response.status < 300 || response.status > 399) return undefined;
  const location = response.headers.find((h) => h.key.toLowerCase() === 'location')?.value;
  if (!location) return undefined;
  let target: string;
  try {
    target = new URL(location, raw.request.url).href;
  } catch {
    return undefined;
  }
  const from = originOf(raw.request.url);
  const to = originOf(target);
  if (from === to) return undefined;
  return `HTTP ${response.status}: ${new URL(raw.request.url).origin} redirected to ${new URL(target).origin}; a cross-origin redirect is never followed`;
}

/** The check a failure on the wire fails. */
const WIRE_CHECK = {
  redirect: 'redirect',
  'response-too-large': 'response-size',
  'unreadable-response': 'transport',
} as const;

/** Failures kontrak found on the wire outrank the checks: what came back is not the answer. */
function wireOutcome(raw: RawExchange): CheckOutcome | undefined {
  if (raw.wireFailure && raw.wireFailure !== 'timeout') {
    const name = WIRE_CHECK[raw.wireFailure];
    const checks = [{ name, passed: false, message: raw.error ?? raw.wireFailure }];
    return { checks, passed: false, failureClass: raw.wireFailure };
  }
  const redirect = crossOriginRedirect(raw);
  if (redirect)
    return {
      checks: [{ name: 'redirect', passed: false, message: redirect }],
      passed: false,
      failureClass: 'redirect',
    };
  return undefined;
}

/** The last 4 characters of a bearer token, too few to be of use, so evidence can show which token was sent. */
function bearerTail(headers: Array<{ key: string; value: string }> | undefined): { bearerTail?: string } {
  const value = headers?.find((h) => h.key.toLowerCase() === 'authorization')?.value;
  const token = value && /^bearer\s+(\S{12,})$/i.exec(value.trim())?.[1];
  return token ? { bearerTail: token.slice(-4) } : {};
}

/** The catalogue code of a SNAP request, for the coverage matrix. */
function serviceOf(spec: RequestSpec): { service?: string } {
  if (!isSnapRequest(spec)) return {};
  const code = catalogueCodeOf(spec);
  return code === undefined ? {} : { service: code };
}

/** The checks of an exchange: the wire's own verdict, the response's, or why nothing was sent. */
function outcomeOf(input: ExchangeInput): CheckOutcome {
  const { spec, raw, schemas } = input;
  if (raw) {
    const wire = wireOutcome(raw);
    if (wire) return wire;
    const response = raw.response;
    return checkResponse(
      spec,
      response ? { status: response.status, headers: response.headers, body: response.body } : undefined,
      raw.error,
      schemas,
    );
  }
  if (input.reusedToken)
    return {
      checks: [{ name: 'token-reuse', passed: true, message: `not sent: reused ${input.reusedToken}` }],
      passed: true,
    };
  return notSent(input.notSentBecause);
}

/** What was signed and, from the mock bank, what it expected to be signed. */
function signingOf(input: ExchangeInput): { signing?: SigningRecord } {
  const { spec, raw, redactor } = input;
  if (spec.sign === 'none') return {};
  const expected = headerValue(raw?.response?.headers, EXPECTED_STRING_TO_SIGN_HEADER);
  const sent = raw?.stringToSign;
  return {
    signing: {
      scheme: spec.sign,
      ...(sent !== undefined ? { stringToSign: redactor.redact(sent) } : {}),
      ...(expected !== undefined ? { expectedStringToSign: redactor.redact(expected) } : {}),
    },
  };
}

/** What the spec says of the case: negative or not, its scenario, what it expected. */
function caseFields(
  spec: RequestSpec,
): Pick<ExchangeResult, 'negative' | 'scenario' | 'negativeCase' | 'expected'> {
  return {
    negative: spec.tamper !== undefined || spec.negative !== undefined || spec.finding !== undefined,
    ...(spec.scenario ? { scenario: spec.scenario } : {}),
    ...(spec.negative
      ? {
          negativeCase: {
            kind: spec.negative.kind,
            ...(spec.negative.field ? { field: spec.negative.field } : {}),
          },
        }
      : {}),
    expected: {
      status: spec.expect.status,
      ...(spec.expect.responseCode ? { responseCode: spec.expect.responseCode } : {}),
    },
  };
}

/** The response as the report keeps it: redacted, with its shape. */
function responseFields(input: ExchangeInput): Pick<ExchangeResult, 'response'> {
  const { raw, redactor } = input;
  const response = raw?.response;
  if (!response) return {};
  return {
    response: {
      status: response.status,
      ...(response.statusText ? { statusText: response.statusText } : {}),
      timeMs: response.timeMs,
      ...message(response.headers, response.body, redactor),
      shape: responseShape(response.headers, response.body, (text) => redactor.redact(text)),
    },
  };
}

/** The mock bank's explanation of a rejection, when it gave one. */
function diagnosisOf(input: ExchangeInput): Pick<ExchangeResult, 'diagnosis'> {
  const diagnosis = headerValue(input.raw?.response?.headers, DIAGNOSIS_HEADER);
  return diagnosis !== undefined ? { diagnosis: input.redactor.redact(diagnosis) } : {};
}

/** Why there is no response (transport error, or never sent) and the redirects followed. */
function transportFields(input: ExchangeInput): Pick<ExchangeResult, 'error' | 'redirects'> {
  const { raw, redactor } = input;
  const notSent = !raw && !input.reusedToken ? input.notSentBecause : undefined;
  const error = raw?.error || notSent;
  return {
    ...(error ? { error: redactor.redact(error) } : {}),
    ...(raw?.redirects?.length
      ? {
          redirects: raw.redirects.map((r) => ({
            ...r,
            from: redactor.redact(r.from),
            to: redactor.redact(r.to),
          })),
        }
      : {}),
  };
}

/** Raw newman exchange + its spec → a checked, redacted result. */
export function toExchangeResult(input: ExchangeInput): ExchangeResult {
  const { spec, raw, redactor } = input;
  const outcome = outcomeOf(input);
  return {
    requestId: spec.id,
    name: spec.name,
    ...serviceOf(spec),
    ...caseFields(spec),
    request: {
      method: raw?.request.method ?? spec.method,
      url: redactor.redact(raw?.request.url ?? spec.path),
      ...message(raw?.request.headers ?? [], raw?.request.body ?? '', redactor),
      ...bearerTail(raw?.request.headers),
    },
    ...responseFields(input),
    ...transportFields(input),
    ...signingOf(input),
    ...diagnosisOf(input),
    checks: outcome.checks.map((c) => ({ ...c, message: redactor.redact(c.message) })),
    passed: outcome.passed,
    ...(outcome.failureClass ? { failureClass: outcome.failureClass } : {}),
    source: spec.source,
  };
}

/** What the report keeps of an attempt that is sent again. */
export function retriedAttempt(raw: RawExchange, provider: Provider, redactor: Redactor): RetriedAttempt {
  const idHeader = provider.signing.externalIdHeader.toLowerCase();
  const externalId = raw.request.headers.find((h) => h.key.toLowerCase() === idHeader)?.value;
  return {
    cause: raw.retry?.cause ?? 'transport',
    ...(raw.response ? { status: raw.response.status, timeMs: raw.response.timeMs } : {}),
    ...(raw.error ? { error: redactor.redact(raw.error) } : {}),
    ...(externalId ? { externalId } : {}),
    waitMs: raw.retry?.waitMs ?? 0,
  };
}

/** The last attempt's result with the earlier ones; a pass that needed a retry is flaky. */
export function withAttempts(result: ExchangeResult, attempts: RetriedAttempt[] | undefined): ExchangeResult {
  if (!attempts?.length) return result;
  return { ...result, attempts, ...(result.passed ? { flaky: true } : {}) };
}

/** The values a request captures (variable → value), read from its JSON response. */
export function capturedValues(spec: RequestSpec, raw: RawExchange | undefined): Record<string, string> {
  if (!raw?.response || Object.keys(spec.capture).length === 0) return {};
  let body: unknown;
  try {
    body = JSON.parse(raw.response.body.toString('utf8'));
  } catch {
    return {};
  }
  const values: Record<string, string> = {};
  for (const [variable, path] of Object.entries(spec.capture)) {
    const value = path
      .split(/\.|\[|\]/)
      .filter(Boolean)
      .reduce<unknown>(
        (node, key) =>
          node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
        body,
      );
    // As the collection's test script sets it (String(v)), so a run and a Postman run agree.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the same text Postman stores
    if (value !== undefined && value !== null) values[variable] = String(value);
  }
  // As the collection's test script does: when the token expires (SNAP expiresIn / BRI expires_in).
  const ttl = Number(
    (body as { expiresIn?: unknown; expires_in?: unknown }).expiresIn ??
      (body as { expires_in?: unknown }).expires_in,
  );
  for (const variable of Object.keys(values)) {
    if (variable.endsWith('_access_token') && ttl > 0)
      values[`${variable}_expires_at`] = String(Date.now() + ttl * 1000);
  }
  return values;
}

/** Values captured into token-like variables are secrets from then on. */
export function registerCapturedSecrets(
  spec: RequestSpec,
  raw: RawExchange | undefined,
  redactor: Redactor,
): void {
  for (const [variable, value] of Object.entries(capturedValues(spec, raw))) {
    if (/token|secret|key|password/i.test(variable) && !variable.endsWith('_expires_at'))
      redactor.add(variable, value);
  }
  for (const [field, value] of issuedTokens(raw)) redactor.add(field, value);
}

/** A token field's name (accessToken, refreshToken, access_token…), not its type or expiry. */
const TOKEN_FIELD = /^(?!.*(type|expir)).*token$/i;

/**
 * Every token a response issues, captured or not: a refresh token nobody captures is as much a
 * credential as the access token beside it, and must be masked wherever it appears.
 */
function issuedTokens(raw: RawExchange | undefined): Array<[string, string]> {
  const text = raw?.response?.body.toString('utf8');
  if (!text || !/token/i.test(text)) return [];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [];
  }
  const found: Array<[string, string]> = [];
  const walk = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 8) return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (typeof value === 'string' && TOKEN_FIELD.test(key)) found.push([key, value]);
      else walk(value, depth + 1);
    }
  };
  walk(body, 0);
  return found;
}
