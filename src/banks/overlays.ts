/**
 * Which bank schemas the profiles' overlays call for (src/model/overlay.ts), and which of them
 * judges a request's answer (or, `on: request`, which request a bank's mock takes). The profiles are given by the caller (src/load/bank-profiles.ts reads
 * them for a project root), and the targets go to the schema loader as data.
 */
import { catalogueEntry } from '../catalogue/catalogue.ts';
import {
  ERROR_SCHEMA,
  overlaySchemaKey,
  type ContractRef,
  type OverlayTarget,
  type SchemaOverlay,
} from '../model/overlay.ts';
import type { Overlay } from './bank-profile.generated.ts';
import type { BankProfile } from './profile.ts';

/** A profile's overlay, as the schema states it, is the model's overlay. */
const asModel = (overlay: Overlay): SchemaOverlay => overlay;

/**
 * The schemas an overlay reaches: its service's answer (or request, `on: request`), or (`*`) every
 * answer (request) of the bank's services, error answers included.
 */
function overlaySchemas(profile: BankProfile, overlay: Overlay): string[] {
  const side = overlay.on === 'request' ? 'request' : 'response';
  if (overlay.service !== '*') {
    const schema = catalogueEntry(overlay.service)?.schemas?.[side];
    return schema ? [schema] : [];
  }
  const schemas = Object.keys(profile.services).flatMap((s) => catalogueEntry(s)?.schemas?.[side] ?? []);
  return side === 'response' ? [ERROR_SCHEMA, ...new Set(schemas)] : [...new Set(schemas)];
}

const remembered = new WeakMap<ReadonlyMap<string, BankProfile>, ReadonlyMap<string, OverlayTarget>>();

/** Every bank schema the profiles' overlays call for, by its key (`banks/dana/snap/error.response.json`). */
export function bankOverlayTargets(
  banks: ReadonlyMap<string, BankProfile>,
): ReadonlyMap<string, OverlayTarget> {
  const known = remembered.get(banks);
  if (known) return known;
  const targets = new Map<string, OverlayTarget>();
  for (const profile of banks.values())
    for (const overlay of profile.overlays)
      for (const base of overlaySchemas(profile, overlay)) {
        const key = overlaySchemaKey(profile.bank, base);
        const target = targets.get(key) ?? { bank: profile.bank, base, overlays: [] };
        targets.set(key, { ...target, overlays: [...target.overlays, asModel(overlay)] });
      }
  remembered.set(banks, targets);
  return targets;
}

/** Which overlays of a bank judge answers checked against `schema`, if any. */
export function bankContract(
  banks: ReadonlyMap<string, BankProfile>,
  bank: string,
  schema: string,
): ContractRef | undefined {
  const target = bankOverlayTargets(banks).get(overlaySchemaKey(bank, schema));
  return target ? { bank, base: schema, overlays: [...target.overlays] } : undefined;
}

/**
 * The bank whose contract judges a request's answer, and the catalogue service it is of: the
 * provider's bank, or the bank a service name begins with (`bca/transfer-va/payment`, kontrak
 * playing BCA toward a partner).
 */
export function judgingBank(
  banks: ReadonlyMap<string, BankProfile>,
  providerBank: string | undefined,
  service: string | undefined,
): { bank: string; service: string | undefined } | undefined {
  const prefix = service?.split('/')[0];
  const named = prefix !== undefined && service !== prefix && banks.has(prefix) ? prefix : undefined;
  const bank = providerBank ?? named;
  if (bank === undefined) return undefined;
  return { bank, service: named === undefined ? service : service?.slice(named.length + 1) };
}

/** The bank whose overlays judge a request's answer (`judgingBank`), where they reach its schema. */
export function requestContract(
  banks: ReadonlyMap<string, BankProfile>,
  providerBank: string | undefined,
  service: string | undefined,
  schema: string | undefined,
): ContractRef | undefined {
  if (schema === undefined) return undefined;
  const judging = judgingBank(banks, providerBank, service);
  return judging === undefined ? undefined : bankContract(banks, judging.bank, schema);
}
