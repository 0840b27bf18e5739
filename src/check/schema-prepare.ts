/**
 * The schemas as kontrak checks with them: the files as written, the answer policy applied
 * (schema-policy.ts), and each bank's own schemas derived from its overlays (schema-overlays.ts).
 */
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { bankOverlayTargets } from '../load/bank.ts';
import { BANK_SCHEMAS } from '../model/overlay.ts';
import { deriveBankSchema } from './schema-overlays.ts';
import { RESPONSE_SIDE, withAnswerPolicy } from './schema-policy.ts';
import type { Json } from './schema-refs.ts';

/** A schema kontrak derives (a bank's own, a response-side copy) rather than one a file holds. */
export const isDerivedSchema = (key: string): boolean =>
  key.startsWith(BANK_SCHEMAS) || key.startsWith(RESPONSE_SIDE);

export function preparedSchemas(documents: ReadonlyMap<string, object>): {
  documents: Map<string, object>;
  diagnostics: Diagnostic[];
} {
  const policed = withAnswerPolicy(documents as ReadonlyMap<string, Json>);
  const diagnostics: Diagnostic[] = [];
  for (const [key, target] of bankOverlayTargets()) {
    if (!policed.has(target.base)) continue; // a project without that shipped schema
    const derived = deriveBankSchema(key, target, policed);
    if ('schema' in derived) policed.set(key, derived.schema);
    else
      diagnostics.push(
        error('E_SCHEMA_INVALID', `bank profile ${target.bank}: ${derived.problem}`, {
          file: `banks/${target.bank}.yaml`,
          hint: 'an overlay names a field by a JSON pointer into the answer, e.g. /virtualAccountData/paymentFlagStatus',
        }),
      );
  }
  return { documents: policed as Map<string, object>, diagnostics };
}
