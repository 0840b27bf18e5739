/**
 * The schemas as kontrak checks with them: the files as written, the answer policy applied
 * (answer-policy.ts), and each bank's own schemas derived from its overlays (bank-overlays.ts).
 * Which bank schemas to derive is data the caller passes (src/banks/overlays.ts reads them from
 * the bank profiles), so this floor never reads a profile itself.
 */
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { BANK_SCHEMAS, overlaySchemaKey, type OverlayTarget } from '../model/overlay.ts';
import { deriveBankSchema } from './bank-overlays.ts';
import { RESPONSE_SIDE, withAnswerPolicy } from './answer-policy.ts';
import type { Json } from './refs.ts';

/** A schema kontrak derives (a bank's own, a response-side copy) rather than one a file holds. */
export const isDerivedSchema = (key: string): boolean =>
  key.startsWith(BANK_SCHEMAS) || key.startsWith(RESPONSE_SIDE);

/** The bank's own schema derived from `schema`, where the loaded documents have one; else `schema`. */
export function bankSchemaIn(documents: ReadonlyMap<string, object>, bank: string, schema: string): string {
  const own = overlaySchemaKey(bank, schema);
  return documents.has(own) ? own : schema;
}

/** The bank schemas to derive, by key (`banks/bca/snap/error.response.json`). */
export type OverlayTargets = ReadonlyMap<string, OverlayTarget>;

export function preparedSchemas(
  documents: ReadonlyMap<string, object>,
  overlays: OverlayTargets = new Map(),
): {
  documents: Map<string, object>;
  diagnostics: Diagnostic[];
} {
  const policed = withAnswerPolicy(documents as ReadonlyMap<string, Json>);
  const diagnostics: Diagnostic[] = [];
  for (const [key, target] of overlays) {
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
