/**
 * The coverage matrix of the bank profiles: for each bank and each service it offers, overlays or
 * states a basis for, what the contract rests on (src/model/basis.ts). `kontrak coverage` prints
 * it and docs/coverage.md is generated from the shipped profiles.
 */
import { catalogueEntry } from '../catalogue/catalogue.ts';
import { BASIS_KINDS, type ContractBasis, type ServiceBasis } from '../model/basis.ts';
import type { BankProfile } from './profile.ts';

export interface BasisRow {
  service: string;
  /** The catalogue's code and name. */
  code: string;
  name: string;
  /** Whether the bank's emulation serves the service (else only its overlays or basis name it). */
  offered: boolean;
  /** Undefined when the profile states none. */
  basis?: ServiceBasis;
}

export interface BankCoverage {
  bank: string;
  title: string;
  rows: BasisRow[];
}

/** Every service a profile offers, overlays or states a basis for, in catalogue order. */
function servicesOf(profile: BankProfile): string[] {
  const named = new Set([
    ...Object.keys(profile.services),
    ...profile.overlays.map((o) => o.service).filter((s) => s !== '*'),
    ...Object.keys(profile.basis),
  ]);
  const code = (service: string): string => catalogueEntry(service)?.code ?? '99';
  return [...named].sort((a, b) => code(a).localeCompare(code(b)) || a.localeCompare(b));
}

/** One bank's rows of the matrix. */
export function bankCoverage(profile: BankProfile): BankCoverage {
  return {
    bank: profile.bank,
    title: profile.title,
    rows: servicesOf(profile).map((service) => {
      const basis = profile.basis[service];
      return {
        service,
        code: catalogueEntry(service)?.code ?? '',
        name: catalogueEntry(service)?.name ?? '',
        offered: service in profile.services,
        ...(basis ? { basis } : {}),
      };
    }),
  };
}

/** The matrix of every bank, by bank name. */
export function coverageMatrix(banks: ReadonlyMap<string, BankProfile>): BankCoverage[] {
  return [...banks.values()].sort((a, b) => a.bank.localeCompare(b.bank)).map(bankCoverage);
}

/** How many services of the matrix rest on each kind (and on none stated). */
export function basisCounts(matrix: readonly BankCoverage[]): Array<[string, number]> {
  const rows = matrix.flatMap((b) => b.rows);
  return [
    ...BASIS_KINDS.map(
      (kind) => [kind, rows.filter((r) => r.basis?.kind === kind).length] as [string, number],
    ),
    ['not stated', rows.filter((r) => r.basis === undefined).length],
  ];
}

/**
 * The basis of the contract judging a request to `service` of the bank kontrak plays or calls
 * (src/banks/overlays.ts `judgingBank`), if its profile states one.
 */
export function serviceBasis(
  banks: ReadonlyMap<string, BankProfile>,
  bank: string | undefined,
  service: string | undefined,
): ContractBasis | undefined {
  if (bank === undefined || service === undefined) return undefined;
  const basis = banks.get(bank)?.basis[service];
  return basis ? { bank, ...basis } : undefined;
}
