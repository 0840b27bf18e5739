/** Every emulation the mock bank serves. A new emulation adds its route table here. */
import type { ProviderRoutes } from '../types.ts';
import { briRoutes } from './bri.ts';
import { nicepayRoutes } from './nicepay.ts';
import { briSnapRoutes, snapRoutes } from './snap-bank.ts';

export const MOCK_PROVIDERS: readonly ProviderRoutes[] = [
  nicepayRoutes,
  snapRoutes,
  briSnapRoutes,
  briRoutes,
];
