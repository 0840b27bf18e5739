/**
 * NICEPAY SNAP route table. URLs carry NICEPAY's `/nicepay` context root; transactional
 * signatures are computed over the path without it (https://github.com/nicepay-dev/nodejs-nicepay). Request bodies are checked
 * by NICEPAY's request schemas (schemas/nicepay/) alone.
 */
import { EMULATION_SIGNING } from '../gate/emulation-signing.ts';
import { snapTokenRoute, type SnapTransactionProfile } from '../gate/snap-auth.ts';
import type { ProviderRoutes } from '../types.ts';
import { aspiHeaderRules, type HeaderRules } from '../gate/header-rules.ts';
import { DEFAULT_PARTNER_SERVICE_ID, SERVICE_CREATE_VA, nicepayCreateVa } from './va.ts';
import { snapBusinessRoute, type SnapDialect } from '../snap/endpoint.ts';
import { deleteVa, vaStatus } from '../snap/va.ts';
import { serviceCode } from '../../catalogue/catalogue.ts';

export const NICEPAY_PROVIDER = 'nicepay';

/** How NICEPAY checks transactional calls; its signing is collections/nicepay/provider.yaml's. */
export const NICEPAY_PROFILE: SnapTransactionProfile = {
  provider: NICEPAY_PROVIDER,
  signing: EMULATION_SIGNING.nicepay,
  rules: nicepayRules(),
};

/** ASPI's rules with NICEPAY's own X-EXTERNAL-ID and CHANNEL-ID (it sends `<clientId>01`). */
function nicepayRules(): HeaderRules {
  const aspi = aspiHeaderRules(NICEPAY_PROVIDER);
  const source =
    'NICEPAY Node SDK (https://github.com/nicepay-dev/nodejs-nicepay): X-EXTERNAL-ID up to 40 digits, CHANNEL-ID <clientId>01';
  return {
    ...aspi,
    channelId: { value: { required: true }, source, confidence: 'seen in SDK' },
    externalId: { value: { ...aspi.externalId.value, maxLength: 40 }, source, confidence: 'seen in SDK' },
  };
}

export const NICEPAY_DIALECT: SnapDialect = {
  profile: NICEPAY_PROFILE,
  defaultPartnerServiceId: DEFAULT_PARTNER_SERVICE_ID,
  vaIds: 'byNumber',
};

const VA = '/nicepay/api/v1.0/transfer-va';

/** NICEPAY's endpoints in the mock bank. */
export const nicepayRoutes: ProviderRoutes = {
  provider: NICEPAY_PROVIDER,
  routes: [
    snapTokenRoute({ provider: NICEPAY_PROVIDER, path: '/nicepay/v1.0/access-token/b2b' }),
    snapBusinessRoute({
      dialect: NICEPAY_DIALECT,
      path: `${VA}/create-va`,
      serviceCode: SERVICE_CREATE_VA,
      schema: 'nicepay/create-va.request.json',
      business: nicepayCreateVa,
    }),
    snapBusinessRoute({
      dialect: NICEPAY_DIALECT,
      path: `${VA}/status`,
      serviceCode: serviceCode('transfer-va/status'),
      schema: 'nicepay/va-status.request.json',
      business: vaStatus,
    }),
    snapBusinessRoute({
      dialect: NICEPAY_DIALECT,
      method: 'DELETE',
      path: `${VA}/delete-va`,
      serviceCode: serviceCode('transfer-va/delete-va'),
      schema: 'nicepay/delete-va.request.json',
      business: deleteVa,
    }),
  ],
};
