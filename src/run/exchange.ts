import type { ExchangeResult, HttpMessage, RetriedAttempt, SigningRecord } from '../model/results.ts';
import type { Provider, RequestSpec } from '../model/types.ts';
import type { Redactor } from '../redact.ts';
import { checkResponse, type CheckOutcome } from '../check/response.ts';
import type { SchemaRegistry } from '../check/schemas.ts';
import type { RawExchange } from './newman-run.ts';
import { toText } from '../to-text.ts';

/** Bodies above this are cut in reports (their full size is still shown). */
export const BODY_LIMIT_BYTES = 16 * 1024;

/** Response header through which the mock bank says what it expected to be signed. */
export const EXPECTED_STRING_TO_SIGN_HEADER = 'x-kontrak-expected-string-to-sign';

function message(
  headers: Array<{ key: string; value: string }>,
  body: Buffer | string,
  redactor: Redactor,
): HttpMessage {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const truncated = bytes.length > BODY_LIMIT_BYTES;
  const text = (truncated ? bytes.subarray(0, BODY_LIMIT_BYTES) : bytes).toString('utf8');
  return {
    headers: headers.map((h) => ({ key: h.key, value: redactor.redact(h.value) })),
    body: redactor.redact(text),
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
  /** Recomputes the string to sign from what was sent (undefined when it cannot). */
  stringToSign?: (spec: RequestSpec, raw: RawExchange) => string | undefined;
}

/** Raw newman exchange + its spec → a checked, redacted result. */
export function toExchangeResult(input: ExchangeInput): ExchangeResult {
  const { spec, raw, redactor } = input;
  const response = raw?.response;
  const outcome = outcomeOf(input);
  const signing = signingOf(input);
  return {
    requestId: spec.id,
    name: spec.name,
    negative: spec.tamper !== undefined || spec.negative !== undefined,
    request: requestOf(input),
    ...(response
      ? {
          response: {
            status: response.status,
            timeMs: response.timeMs,
            ...message(response.headers, response.body, redactor),
          },
        }
      : {}),
    ...(raw?.error || (!raw && !input.reusedToken && input.notSentBecause)
      ? { error: redactor.redact(raw?.error ?? input.notSentBecause ?? '') }
      : {}),
    ...(signing ? { signing } : {}),
    checks: outcome.checks.map((c) => ({ ...c, message: redactor.redact(c.message) })),
    passed: outcome.passed,
    ...(outcome.failureClass ? { failureClass: outcome.failureClass } : {}),
    source: spec.source,
  };
}

/** The request as sent, or as specified when it was not sent. */
function requestOf({ spec, raw, redactor }: ExchangeInput): ExchangeResult['request'] {
  return {
    method: raw?.request.method ?? spec.method,
    url: redactor.redact(raw?.request.url ?? spec.path),
    ...message(raw?.request.headers ?? [], raw?.request.body ?? '', redactor),
  };
}

function outcomeOf(input: ExchangeInput): CheckOutcome {
  const { spec, raw, schemas } = input;
  const response = raw?.response;
  if (raw)
    return checkResponse(
      spec,
      response ? { status: response.status, headers: response.headers, body: response.body } : undefined,
      raw.error,
      schemas,
    );
  if (input.reusedToken)
    return {
      checks: [{ name: 'token-reuse', passed: true, message: `not sent: reused ${input.reusedToken}` }],
      passed: true,
    };
  return notSent(input.notSentBecause);
}

function signingOf(input: ExchangeInput): SigningRecord | undefined {
  const { spec, raw, redactor } = input;
  if (spec.sign === 'none') return undefined;
  const expected = raw?.response?.headers.find(
    (h) => h.key.toLowerCase() === EXPECTED_STRING_TO_SIGN_HEADER,
  )?.value;
  const sent = raw ? input.stringToSign?.(spec, raw) : undefined;
  return {
    scheme: spec.sign,
    ...(sent !== undefined ? { stringToSign: redactor.redact(sent) } : {}),
    ...(expected !== undefined ? { expectedStringToSign: redactor.redact(expected) } : {}),
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
    if (value !== undefined && value !== null) values[variable] = toText(value);
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
}
