/** Every provider the mock bank serves. A new provider adds its route table here. */
import type { ProviderRoutes } from '../types.ts';
import { nicepayRoutes } from './nicepay.ts';

export const MOCK_PROVIDERS: readonly ProviderRoutes[] = [nicepayRoutes];
