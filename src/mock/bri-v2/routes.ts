/**
 * BRI API v2 ("non-SNAP") route table: the OAuth token and MPN v2.0. Errors take the BRI
 * gateway shape `{"status":{"code","desc"}}`, also for unknown paths under `/v2.0/` and `/oauth/`.
 */
import { authenticateBri, BRI_PROVIDER, handleBriToken, type BriCall } from './auth.ts';
import { NO_SERVICE, type MockReply } from '../snap-errors.ts';
import type { MockRoute, ProviderRoutes, RouteContext } from '../types.ts';
import { mpnInquiryBilling, mpnPayment } from './mpn.ts';

export { BRI_PROVIDER } from './auth.ts';

/** API products of the mock's BRI APIs; a partner's token covers `MockPartner.products` ?? all of them. */
export const BRI_PRODUCTS = {
  /** MPN v2.0 (`/v2.0/mpn/...`). A token for `mpn-esb-sandbox` only gets 0601 here, as in the sandbox. */
  mpn: 'mpn-v2-sandbox',
} as const;

export const ALL_BRI_PRODUCTS: readonly string[] = Object.values(BRI_PRODUCTS);

export const BRI_TOKEN_PATH = '/oauth/client_credential/accesstoken';

function briApiRoute(
  path: string,
  product: string,
  handle: (context: RouteContext, call: BriCall) => MockReply,
): MockRoute {
  return {
    method: 'POST',
    path,
    serviceCode: NO_SERVICE,
    errorStyle: 'bri',
    handle: (context) => {
      const auth = authenticateBri(context, { product });
      return auth.ok ? handle(context, auth.call) : auth.reply;
    },
  };
}

export const briRoutes: ProviderRoutes = {
  provider: BRI_PROVIDER,
  ownedPrefixes: [
    { prefix: '/oauth/', errorStyle: 'bri' },
    { prefix: '/v2.0/', errorStyle: 'bri' },
  ],
  routes: [
    {
      method: 'POST',
      path: BRI_TOKEN_PATH,
      serviceCode: NO_SERVICE,
      body: 'form',
      errorStyle: 'bri',
      handle: (context) => handleBriToken(context, ALL_BRI_PRODUCTS),
    },
    briApiRoute('/v2.0/mpn/inquiryBilling', BRI_PRODUCTS.mpn, mpnInquiryBilling),
    briApiRoute('/v2.0/mpn/payment', BRI_PRODUCTS.mpn, mpnPayment),
  ],
};
