/**
 * Certification scenario names: the banks' wording of each case (BRI SIT sheets, DANA's mandatory
 * scenarios, https://github.com/dana-id/uat-script). A request's `scenario:` wins, then its suite's `scenarios:`,
 * then these defaults; `{field}` is replaced by the field a negative breaks.
 */
import type { NegativeKind, NegativeSpec, RequestSpec, Suite } from './types.ts';

export const DEFAULT_SCENARIOS: Readonly<Record<NegativeKind, string>> = {
  signature: 'Unauthorized . Signature',
  token: 'Access Token Invalid',
  'missing-token': 'Access Token Not Found',
  timestamp: 'Unauthorized . Timestamp',
  'external-id-reuse': 'Conflict',
  'mandatory-field': 'Invalid Mandatory Field {field}',
  'field-format': 'Invalid Field Format {field}',
  'duplicate-reference': 'Duplicate partnerReferenceNo',
  'inconsistent-request': 'Inconsistent Request',
  'malformed-json': 'Bad Request . Malformed JSON',
  replay: 'Replayed Request',
};

/** The scenario of a derived negative. */
export function negativeScenario(suite: Pick<Suite, 'scenarios'>, negative: NegativeSpec): string {
  const template = negative.scenario ?? suite.scenarios?.[negative.kind] ?? DEFAULT_SCENARIOS[negative.kind];
  return template.replace(/\{field\}/g, negative.field ?? '').trim();
}

/** The scenario of a request written in YAML: its own, else "<name> — Successful" for a 2xx. */
export function requestScenario(request: Pick<RequestSpec, 'name' | 'scenario' | 'expect'>): string {
  if (request.scenario) return request.scenario;
  return request.expect.status < 300 ? `${request.name} — Successful` : request.name;
}
