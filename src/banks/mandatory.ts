/**
 * A bank's mandatory request fields of a service, with where each is said: ASPI's (the
 * catalogue's aspiMandatory column) less those a request overlay makes `not-required` at the bank,
 * then the bank's own: its profile's `mandatory` knob and the request overlays that make a
 * top-level field required (`on: request`, `change: required`). The
 * one answer the mock, the derived mandatory-field negatives (through the provider's knobs),
 * `validate` and `explain` read.
 */
import { catalogueEntry } from '../catalogue/catalogue.ts';
import type { MandatoryFields } from '../model/basis.ts';
import type { BankProfile } from './profile.ts';

export type { MandatoryFields } from '../model/basis.ts';

/** ASPI's field tables, where the catalogue's aspiMandatory column is read from. */
export const ASPI_FIELD_TABLES =
  "ASPI's field tables (https://apidevportal.aspi-indonesia.or.id, as scraped in https://github.com/mseptiaan/snap-aspi-go/tree/b7e2c8111f58/aspi)";

/** `/partnerReferenceNo` → `partnerReferenceNo`; a nested pointer is not a mandatory top-level field. */
const topLevelField = (pointer: string): string | undefined => /^\/([^/*]+)$/.exec(pointer)?.[1];

/** The bank's own mandatory fields of a service, each group with its source. */
export function bankOwnMandatory(profile: BankProfile, service: string): MandatoryFields[] {
  const knob = profile.services[service]?.mandatory;
  const overlays = profile.overlays.flatMap((o) => {
    const field = topLevelField(o.field);
    return o.on === 'request' && o.change === 'required' && o.service === service && field !== undefined
      ? [{ fields: [field], source: o.source, bank: profile.bank }]
      : [];
  });
  return [
    ...(knob ? [{ fields: [...knob.value], source: knob.source, bank: profile.bank }] : []),
    ...overlays,
  ];
}

/** The top-level request fields a bank's overlays make not required for a service. */
function notRequired(profile: BankProfile, service: string): Set<string> {
  return new Set(
    profile.overlays.flatMap((o) => {
      const field = topLevelField(o.field);
      return o.on === 'request' && o.change === 'not-required' && o.service === service && field
        ? [field]
        : [];
    }),
  );
}

/** ASPI's mandatory fields of a service (less those the bank does not require), then the bank's own. */
export function bankMandatory(profile: BankProfile, service: string): MandatoryFields[] {
  const optional = notRequired(profile, service);
  const aspi = (catalogueEntry(service)?.aspiMandatory ?? []).filter((f) => !optional.has(f));
  return [
    ...(aspi.length ? [{ fields: aspi, source: ASPI_FIELD_TABLES }] : []),
    ...bankOwnMandatory(profile, service),
  ];
}

/** The bank's own mandatory fields of a service, as one list. */
export const bankOwnMandatoryFields = (profile: BankProfile, service: string): string[] => [
  ...new Set(bankOwnMandatory(profile, service).flatMap((m) => m.fields)),
];
