/**
 * Route tables of the SNAP bank emulations:
 *
 * - `snap`, a generic SNAP bank: `/v1.0/<service path>`, signed path as sent, base64 HMAC.
 * - `bri-snap`, BRI SNAP (protocols.md §2.6): `/snap/v1.0/...` and `/intrabank/snap/v1.0/...`,
 *   path signed with its prefix, lower-case hex HMAC, token answered as `BearerToken` / `"899"`.
 *
 * Both serve: access-token/b2b (73), balance-inquiry (11), account-inquiry-internal (15),
 * transfer-intrabank (17), transfer-va/{create-va (27), inquiry-va (30), status (26),
 * delete-va (31, DELETE), inquiry (24), payment (25)}.
 */
import { EMULATION_SIGNING } from '../emulation-signing.ts';
import { catalogueEntryOfPath } from '../../catalogue/catalogue.ts';
import type { FieldRule } from '../fields.ts';
import { snapTokenRoute, type SnapTokenRouteOptions } from '../snap-auth.ts';
import type { MockRoute, ProviderRoutes } from '../types.ts';
import { accountInquiryInternal, balanceInquiry, transferIntrabank } from './snap-accounts.ts';
import { snapBusinessRoute, type Business, type SnapDialect } from './snap-endpoint.ts';
import * as R from './snap-rules.ts';
import { createVa, deleteVa, inquiryVa, vaStatus } from './snap-va.ts';
import { vaInquiry, vaPayment } from './snap-va-payment.ts';

export const SNAP_PROVIDER = 'snap';
export const BRI_SNAP_PROVIDER = 'bri-snap';

export const SNAP_DIALECT: SnapDialect = {
  profile: {
    provider: SNAP_PROVIDER,
    signing: EMULATION_SIGNING.snap,
    externalIdMaxLength: 36,
    channelIdMaxLength: 5,
  },
  defaultPartnerServiceId: '   77777',
  vaIds: 'strict',
};

export const BRI_SNAP_DIALECT: SnapDialect = {
  profile: {
    provider: BRI_SNAP_PROVIDER,
    signing: EMULATION_SIGNING['bri-snap'],
    externalIdMaxLength: 36,
    channelIdMaxLength: 5,
  },
  defaultPartnerServiceId: '   12345',
  vaIds: 'strict',
};

/** Where a SNAP bank serves each service. */
interface SnapBankLayout {
  /** Prefix of `/access-token`, `/balance-inquiry` and `/transfer-va/...` (`/v1.0`, `/snap/v1.0`). */
  base: string;
  /** Prefix of the intrabank services (`/v1.0`, `/intrabank/snap/v1.0`). */
  intrabase: string;
  token: Omit<SnapTokenRouteOptions, 'path' | 'provider'>;
  createVaRules: readonly FieldRule[];
}

function snapBankRoutes(dialect: SnapDialect, layout: SnapBankLayout): ProviderRoutes {
  const { base, intrabase } = layout;
  // Every service's request schema is schemas/snap/<service>.request.json.
  // Service code, method and request schema of each path come from the SNAP catalogue.
  const route = (path: string, rules: readonly FieldRule[], business: Business): MockRoute => {
    const entry = catalogueEntryOfPath(path);
    if (entry?.schemas === undefined)
      throw new Error(`mock bank: ${path} is no catalogue service with schemas`);
    return snapBusinessRoute({
      dialect,
      method: entry.method,
      path,
      serviceCode: entry.code,
      rules,
      schema: entry.schemas.request,
      business,
    });
  };
  const provider = dialect.profile.provider;
  return {
    provider,
    routes: [
      snapTokenRoute({ provider, path: `${base}/access-token/b2b`, ...layout.token }),
      route(`${base}/balance-inquiry`, R.BALANCE_INQUIRY, balanceInquiry),
      route(`${intrabase}/account-inquiry-internal`, R.ACCOUNT_INQUIRY_INTERNAL, accountInquiryInternal),
      route(`${intrabase}/transfer-intrabank`, R.TRANSFER_INTRABANK, transferIntrabank),
      route(`${base}/transfer-va/inquiry`, R.VA_INQUIRY, vaInquiry),
      route(`${base}/transfer-va/payment`, R.VA_PAYMENT, vaPayment),
      route(`${base}/transfer-va/status`, R.VA_STATUS, vaStatus),
      route(`${base}/transfer-va/create-va`, layout.createVaRules, createVa),
      route(`${base}/transfer-va/inquiry-va`, R.INQUIRY_VA, inquiryVa),
      route(`${base}/transfer-va/delete-va`, R.DELETE_VA, deleteVa),
    ],
  };
}

/** The generic SNAP bank. */
export const snapRoutes: ProviderRoutes = snapBankRoutes(SNAP_DIALECT, {
  base: '/v1.0',
  intrabase: '/v1.0',
  token: {},
  createVaRules: R.CREATE_VA,
});

/** BRI SNAP. */
export const briSnapRoutes: ProviderRoutes = snapBankRoutes(BRI_SNAP_DIALECT, {
  base: '/snap/v1.0',
  intrabase: '/intrabank/snap/v1.0',
  token: { tokenType: 'BearerToken', expiresInOffsetSeconds: -1 },
  createVaRules: R.CREATE_VA_BRI,
});
