/**
 * What a bank's overlays say about an answer (src/model/overlay.ts): which bank's documented
 * contract judged it, and, where an answer breaks a rule the bank decides the outcome by, what
 * that means in plain words (BCA books a payment flag without paymentFlagStatus "00" as failed).
 */
import type { ErrorObject } from 'ajv';
import type { CheckResult } from '../model/results.ts';
import type { RequestSpec } from '../model/types.ts';
import { basisText } from '../model/basis.ts';

/** `/virtualAccountData/billDetails/*` matches `/virtualAccountData/billDetails/0`. */
function matches(field: string, pointer: string): boolean {
  const want = field.split('/');
  const got = pointer.split('/');
  return (
    want.length === got.length &&
    want.every((token, i) => token === got[i] || (token === '*' && /^\d+$/.test(got[i] ?? '')))
  );
}

/** The pointer an ajv error is about: a missing field's own pointer, not its parent's. */
function pointerOf(error: ErrorObject): string {
  const missing = (error.params as { missingProperty?: unknown }).missingProperty;
  return error.keyword === 'required' && typeof missing === 'string'
    ? `${error.instancePath}/${missing}`
    : error.instancePath;
}

/** The findings of the bank's tightening overlays an answer breaks, once each. */
export function contractFindings(
  spec: RequestSpec,
  errors: readonly ErrorObject[] | null | undefined,
): CheckResult[] {
  const contract = spec.contract;
  if (!contract || !errors?.length) return [];
  const pointers = errors.map(pointerOf);
  const messages = new Set<string>();
  for (const overlay of contract.overlays)
    if (overlay.finding && pointers.some((p) => matches(overlay.field, p)))
      messages.add(`${overlay.finding} (${contract.bank}: ${overlay.source})`);
  return [...messages].map((message) => ({ name: 'finding', passed: false, message }));
}

/** ` as BCA documents it (…)`: which bank's overlays the schema carries, for the check's message. */
export function contractNote(spec: RequestSpec): string {
  const contract = spec.contract;
  if (!contract) return '';
  const changes = contract.overlays.map((o) => `${o.field} ${o.change}`).join(', ');
  return ` (${contract.base} as bank ${contract.bank} documents it: ${changes})`;
}

/** `; basis at bca: documented sample (…)`: what the bank's contract for the service rests on. */
export function basisNote(spec: Pick<RequestSpec, 'basis'>): string {
  return spec.basis ? `; basis at ${spec.basis.bank}: ${basisText(spec.basis)}` : '';
}
