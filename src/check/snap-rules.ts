import type { CheckResult } from '../model/results.ts';
import type { RequestSpec } from '../model/types.ts';
import { catalogueCodeOf, expectedServiceCode } from '../model/service-codes.ts';

/** The rule pack applies to every response of a SNAP call, with no per-suite code. */
export function isSnapRequest(spec: RequestSpec): boolean {
  return spec.sign === 'snap-token' || spec.sign === 'snap-transaction' || spec.sign === 'snap-asymmetric';
}

export interface SnapResponse {
  status: number;
  headers: Array<{ key: string; value: string }>;
  /** The parsed JSON body, or undefined when it is not JSON. */
  json: unknown;
}

/** Headers every SNAP response carries (ASPI SNAP security, https://github.com/mseptiaan/snap-aspi-go/blob/b7e2c8111f58/aspi/keamanan.md: Content-Type and X-TIMESTAMP). */
const REQUIRED_HEADERS = ['Content-Type', 'X-TIMESTAMP'];

function rule(name: string, passed: boolean, message: string): CheckResult {
  return { name: `snap:${name}`, passed, message };
}

/**
 * SNAP BI's response rules: responseCode is 7 digits, its first three equal the HTTP status, its
 * middle two equal the endpoint's service code, responseMessage is present, required headers are.
 */
export function snapRuleChecks(spec: RequestSpec, response: SnapResponse): CheckResult[] {
  const body =
    response.json && typeof response.json === 'object'
      ? (response.json as Record<string, unknown>)
      : undefined;
  const code = body?.responseCode;
  const checks: CheckResult[] = [];
  if (typeof code !== 'string' || !/^\d{7}$/.test(code)) {
    checks.push(
      rule(
        'response-code-format',
        false,
        `responseCode must be a string of 7 digits, found ${code === undefined ? 'none' : JSON.stringify(code)}`,
      ),
    );
  } else {
    const status = String(response.status);
    checks.push(
      rule(
        'http-status-prefix',
        code.slice(0, 3) === status,
        code.slice(0, 3) === status
          ? `responseCode ${code} starts with HTTP ${status}`
          : `responseCode ${code} starts with ${code.slice(0, 3)} but the HTTP status is ${status}`,
      ),
    );
    const service = expectedServiceCode(spec);
    if (service) {
      const middle = code.slice(3, 5);
      const catalogue = catalogueCodeOf(spec);
      const override =
        spec.serviceCode !== undefined && spec.serviceCode !== catalogue
          ? ` (service ${catalogue ?? '?'} answered as ${spec.serviceCode}: ${spec.serviceCodeSource ?? 'provider override'})`
          : '';
      checks.push(
        rule(
          'service-code',
          middle === service,
          middle === service
            ? `responseCode ${code} carries service code ${service}${override}`
            : `responseCode ${code} carries service code ${middle}, but ${spec.path} is service ${service}${override}`,
        ),
      );
    }
  }
  const message = body?.responseMessage;
  checks.push(
    rule(
      'response-message',
      typeof message === 'string' && message.trim() !== '',
      typeof message === 'string' && message.trim() !== ''
        ? 'responseMessage present'
        : 'responseMessage is missing or empty',
    ),
  );
  const present = new Set(response.headers.map((h) => h.key.toLowerCase()));
  const missing = REQUIRED_HEADERS.filter((h) => !present.has(h.toLowerCase()));
  checks.push(
    rule(
      'response-headers',
      missing.length === 0,
      missing.length
        ? `missing response header(s): ${missing.join(', ')}`
        : `${REQUIRED_HEADERS.join(', ')} present`,
    ),
  );
  return checks;
}
