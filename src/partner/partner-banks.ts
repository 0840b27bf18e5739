/**
 * The banks kontrak can play towards a partner's endpoint (PARTNER_BANK): each bank's inbound
 * dialect, the bank profile that holds its facts, and the first route it calls on the partner.
 */

export const PARTNER_BANK_NAMES = ['bca', 'bri', 'dana', 'nicepay', 'doku'] as const;
export type PartnerBankName = (typeof PARTNER_BANK_NAMES)[number];
export const DEFAULT_PARTNER_BANK: PartnerBankName = 'bca';

export interface PartnerBank {
  name: PartnerBankName;
  /** The bank profile (banks/<profile>.yaml) with the bank's facts; none for NICEPAY yet. */
  profile?: string;
  /** The route the bank calls first: its token request, or its first notification. */
  firstCall: string;
}

const BANKS: Record<PartnerBankName, PartnerBank> = {
  bca: { name: 'bca', profile: 'bca', firstCall: '/openapi/v1.0/access-token/b2b' },
  bri: { name: 'bri', profile: 'bri-snap', firstCall: '/snap/v1.0/access-token/b2b' },
  dana: { name: 'dana', profile: 'dana', firstCall: '/v1.0/debit/notify' },
  nicepay: { name: 'nicepay', firstCall: '/api/v1.0/debit/notify' },
  doku: { name: 'doku', profile: 'doku', firstCall: '/v1.0/transfer-va/inquiry' },
};

export const isPartnerBank = (name: string): name is PartnerBankName =>
  (PARTNER_BANK_NAMES as readonly string[]).includes(name);

export const partnerBank = (name: PartnerBankName): PartnerBank => BANKS[name];
