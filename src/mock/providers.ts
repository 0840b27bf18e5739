/**
 * Every emulation the mock bank serves, one folder per family:
 *
 * - `snap/`: every SNAP bank with a profile under banks/ — the shipped ones (`snap`, `bri-snap`,
 *   `bca`, `bni`, `mandiri`, `dana`, `doku`) and the project's own — its routes built from the
 *   profile, the catalogue and the one service table;
 * - `nicepay/`: NICEPAY's virtual accounts (its own paths, signing and create-VA answer);
 * - `bri-v2/`: BRI API v2 (OAuth token, MPN).
 *
 * Built per project, when a mock starts: the project root is given, never read from a setting.
 */
import { bankProfiles } from '../load/bank-profiles.ts';
import { briRoutes } from './bri-v2/routes.ts';
import { nicepayRoutes } from './nicepay/routes.ts';
import { bankRoutes } from './snap/bank-routes.ts';
import type { ProviderRoutes } from './types.ts';

/** The route tables of every emulation for the project at `projectRoot` (undefined: shipped banks only). */
export function mockProviders(projectRoot?: string): readonly ProviderRoutes[] {
  return [
    nicepayRoutes,
    ...[...bankProfiles(projectRoot).values()].map((profile) => bankRoutes(profile)),
    briRoutes,
  ];
}

/** The names of the emulations a partner may be registered with (`MockPartner.provider`). */
export function mockEmulationNames(projectRoot?: string): string[] {
  return [nicepayRoutes.provider, ...bankProfiles(projectRoot).keys(), briRoutes.provider];
}
