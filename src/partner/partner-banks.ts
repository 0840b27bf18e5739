/**
 * The banks kontrak can play towards a partner's endpoint (PARTNER_BANK): each bank's inbound
 * dialect, which inbound suites speak it, the bank profile that holds its facts, and the first
 * route it calls on the partner.
 */
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { processVariable } from '../model/types.ts';

export const PARTNER_BANK_NAMES = ['bca', 'bri', 'dana', 'nicepay', 'doku'] as const;
export type PartnerBankName = (typeof PARTNER_BANK_NAMES)[number];
export const DEFAULT_PARTNER_BANK: PartnerBankName = 'bca';
/** The variable that names the bank in `--env partner`. */
export const PARTNER_BANK = 'PARTNER_BANK';
/** The provider whose variables (PARTNER_*) a partner gives. */
export const PARTNER_PROVIDER = 'partner';

export interface PartnerBank {
  name: PartnerBankName;
  /** The bank profile (banks/<profile>.yaml) with the bank's facts; none for NICEPAY yet. */
  profile?: string;
  /** The route the bank calls first: its token request, or its first notification. */
  firstCall: string;
  /** The inbound suites in this bank's dialect. */
  suites: readonly string[];
  /** The provider of those suites (its variables are filled from PARTNER_* when unset). */
  provider: string;
}

const BANKS: Record<PartnerBankName, PartnerBank> = {
  bca: {
    name: 'bca',
    profile: 'bca',
    firstCall: '/openapi/v1.0/access-token/b2b',
    suites: ['partner-va-bca', 'partner-qris-notify-bca'],
    provider: 'partner',
  },
  bri: {
    name: 'bri',
    profile: 'bri-snap',
    firstCall: '/snap/v1.0/access-token/b2b',
    suites: ['partner-va-bri', 'partner-qris-notify-bri', 'partner-debit-notify-bri'],
    provider: 'partner-bri',
  },
  dana: {
    name: 'dana',
    profile: 'dana',
    firstCall: '/v1.0/debit/notify',
    suites: ['partner-debit-notify'],
    provider: 'partner',
  },
  nicepay: {
    name: 'nicepay',
    firstCall: '/api/v1.0/debit/notify',
    suites: ['partner-debit-notify-nicepay'],
    provider: 'partner',
  },
  doku: {
    name: 'doku',
    profile: 'doku',
    firstCall: '/doku/v1.0/access-token/b2b',
    suites: ['partner-va-doku'],
    provider: 'partner-doku',
  },
};

export const isPartnerBank = (name: string): name is PartnerBankName =>
  (PARTNER_BANK_NAMES as readonly string[]).includes(name);

export const partnerBank = (name: PartnerBankName): PartnerBank => BANKS[name];

/** The bank `value` names (read from `where`), or why it names none. */
export function readPartnerBank(value: string, where: string): PartnerBank | Diagnostic {
  const name = value.trim().toLowerCase();
  if (isPartnerBank(name)) return BANKS[name];
  return error(
    'E_INVALID_VALUE',
    `${where} must be one of ${PARTNER_BANK_NAMES.join(', ')}, got "${value}"`,
    {
      hint: `set ${where} to the bank that calls your endpoint, e.g. ${PARTNER_BANK}=bri`,
    },
  );
}

/** What a partner's dialect variables fill: the same credentials and bills, under the bank's provider. */
const SHARED_FIELDS = [
  'base_url',
  'client_id',
  'client_secret',
  'bank_private_key',
  'va_open',
  'va_expired',
  'va_unknown',
];

/**
 * The process environment for `bank`'s suites: its provider's variables (PARTNER_BRI_BASE_URL…)
 * taken from PARTNER_* where they are unset, so one set of PARTNER_* serves every dialect.
 */
export function dialectEnv(
  bank: PartnerBank,
  processEnv: Record<string, string | undefined>,
): Record<string, string | undefined> {
  if (bank.provider === PARTNER_PROVIDER) return processEnv;
  const filled = { ...processEnv };
  for (const field of SHARED_FIELDS) {
    const own = processVariable(bank.provider, field);
    const shared = processEnv[processVariable(PARTNER_PROVIDER, field)];
    if (!filled[own] && shared) filled[own] = shared;
  }
  return filled;
}

/** In an environment serving the partner provider, the bank PARTNER_BANK names (undefined: unset). */
export function partnerDialect(
  processEnv: Record<string, string | undefined>,
  served: readonly string[] | undefined,
): PartnerBank | Diagnostic | undefined {
  const value = processEnv[PARTNER_BANK];
  if (!value?.trim() || !served?.includes(PARTNER_PROVIDER)) return undefined;
  return readPartnerBank(value, PARTNER_BANK);
}
