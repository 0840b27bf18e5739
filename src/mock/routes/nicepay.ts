/**
 * NICEPAY SNAP route table. URLs carry NICEPAY's `/nicepay` context root; transactional
 * signatures are computed over the path without it (protocols.md §3.3).
 */
import { snapTokenRoute, type SnapTransactionProfile } from '../snap-auth.ts';
import type { ProviderRoutes } from '../types.ts';
import { SERVICE_CREATE_VA, handleCreateVa } from './nicepay-va.ts';

export const NICEPAY_PROVIDER = 'nicepay';

/** How NICEPAY signs transactional calls: base64 HMAC, `/nicepay` removed, no query string. */
export const NICEPAY_PROFILE: SnapTransactionProfile = {
  provider: NICEPAY_PROVIDER,
  signedPathStripPrefix: '/nicepay',
  signQuery: false,
  signatureEncoding: 'base64',
  externalIdMaxLength: 40,
};

/** NICEPAY's endpoints in the mock bank. */
export const nicepayRoutes: ProviderRoutes = {
  provider: NICEPAY_PROVIDER,
  routes: [
    snapTokenRoute({ provider: NICEPAY_PROVIDER, path: '/nicepay/v1.0/access-token/b2b' }),
    {
      method: 'POST',
      path: '/nicepay/api/v1.0/transfer-va/create-va',
      serviceCode: SERVICE_CREATE_VA,
      handle: (context) => handleCreateVa(context, NICEPAY_PROFILE),
    },
  ],
};
