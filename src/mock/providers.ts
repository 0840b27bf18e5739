/**
 * Every emulation the mock bank serves, one folder per family:
 *
 * - `snap/`: every SNAP bank with a profile under banks/ (`snap`, `bri-snap`, `bca`, `bni`,
 *   `mandiri`, `dana`, `doku`), its routes built from the profile, the catalogue and the one
 *   service table;
 * - `nicepay/`: NICEPAY's virtual accounts (its own paths, signing and create-VA answer);
 * - `bri-v2/`: BRI API v2 (OAuth token, MPN).
 */
import { bankProfiles } from '../banks/profile.ts';
import { briRoutes } from './bri-v2/routes.ts';
import { nicepayRoutes } from './nicepay/routes.ts';
import { bankRoutes } from './snap/bank-routes.ts';
import type { ProviderRoutes } from './types.ts';

export const MOCK_PROVIDERS: readonly ProviderRoutes[] = [
  nicepayRoutes,
  ...[...bankProfiles().values()].map((profile) => bankRoutes(profile)),
  briRoutes,
];
