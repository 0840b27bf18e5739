/**
 * Every emulation the mock bank serves. A bank with a profile in banks/ gets its routes from it
 * (bank-routes.ts); `snap` and `bri-snap` still serve their first services from snap-bank.ts and
 * the rest of their profile from bank-routes.ts.
 */
import { bankProfile } from '../../banks/profile.ts';
import type { ProviderRoutes } from '../types.ts';
import { bankRoutes } from './bank-routes.ts';
import { briRoutes } from './bri.ts';
import { nicepayRoutes } from './nicepay.ts';
import { briSnapRoutes, snapRoutes } from './snap-bank.ts';

/** Services snap-bank.ts serves for `snap` and `bri-snap`. */
const SNAP_BANK_SERVICES: ReadonlySet<string> = new Set([
  'access-token/b2b',
  'balance-inquiry',
  'account-inquiry-internal',
  'transfer-intrabank',
  'transfer-va/inquiry',
  'transfer-va/payment',
  'transfer-va/status',
  'transfer-va/create-va',
  'transfer-va/inquiry-va',
  'transfer-va/delete-va',
]);

function profileOf(name: string) {
  const profile = bankProfile(name);
  if (profile === undefined) throw new Error(`mock bank: no bank profile ${name} under banks/`);
  return profile;
}

function withProfile(routes: ProviderRoutes): ProviderRoutes {
  const extra = bankRoutes(profileOf(routes.provider), { except: SNAP_BANK_SERVICES });
  return { ...routes, routes: [...routes.routes, ...extra.routes] };
}

/** Banks emulated from their profile alone. */
export const PROFILE_BANKS = ['bca', 'bni', 'mandiri', 'dana', 'doku'] as const;

export const MOCK_PROVIDERS: readonly ProviderRoutes[] = [
  nicepayRoutes,
  withProfile(snapRoutes),
  withProfile(briSnapRoutes),
  briRoutes,
  ...PROFILE_BANKS.map((bank) => bankRoutes(profileOf(bank))),
];
