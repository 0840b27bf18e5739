/**
 * The partner's test bills the inbound suites pay, inquire and are refused: read from
 * PARTNER_VA_OPEN, PARTNER_VA_EXPIRED and PARTNER_VA_UNKNOWN (full VA numbers, the space-padded
 * partnerServiceId included), else the reference partner's numbering. Each variable is a
 * comma-separated list, or a pattern whose `{n}` is filled with fresh digits, so that a nightly run
 * never meets a bill it paid the night before.
 *
 * Each suite that pays or inquires uses its own slot (`partner_va_open_1` in partner-va-bca,
 * `partner_va_open_2` in partner-va-asymmetric…), with the partnerServiceId and customerNo split off
 * as SNAP sends them (`partner_psid_open_1`, `partner_customer_open_1`).
 */
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import { processVariable, providerVariable } from '../model/types.ts';
import { PARTNER_SERVICE_ID } from './ledger.ts';

export const BILL_KINDS = ['open', 'expired', 'unknown'] as const;
export type BillKind = (typeof BILL_KINDS)[number];

/** How many suites use a bill of each kind: one slot per suite, so no two pay the same bill. */
export const BILL_SLOTS = 2;

/** SNAP's partnerServiceId: 8 characters, the company code left-padded with spaces. */
const PSID_LENGTH = 8;
/** The pattern's placeholder, and how many digits fill it. */
const FRESH = '{n}';
const FRESH_DIGITS = 12;

/** The reference partner's numbering (src/partner/ledger.ts): 1… open, 9… expired, others unknown. */
const REFERENCE: Record<BillKind, string> = {
  open: `${PARTNER_SERVICE_ID}10${FRESH}`,
  expired: `${PARTNER_SERVICE_ID}90${FRESH}`,
  unknown: `${PARTNER_SERVICE_ID}50${FRESH}`,
};

/** The field a variable of this kind and slot fills: `va_open_1`, `psid_open_1`, `customer_open_1`. */
export const billField = (part: 'va' | 'psid' | 'customer', kind: BillKind, slot: number): string =>
  `${part}_${kind}_${slot}`;

/** Every field the test bills add to an inbound provider's variables. */
export function billFields(): string[] {
  const fields: string[] = [];
  for (const kind of BILL_KINDS)
    for (let slot = 1; slot <= BILL_SLOTS; slot++)
      for (const part of ['va', 'psid', 'customer'] as const) fields.push(billField(part, kind, slot));
  return fields;
}

/** What is wrong with one VA number, if anything. */
function vaProblem(va: string): string | undefined {
  const psid = va.slice(0, PSID_LENGTH);
  const customerNo = va.slice(PSID_LENGTH);
  if (!/^ *\d+$/.test(psid))
    return 'does not begin with an 8-character partnerServiceId (digits, left-padded with spaces)';
  if (!/^\d{1,20}$/.test(customerNo))
    return 'has no customer number of 1 to 20 digits after the partnerServiceId';
  return undefined;
}

/** Fresh digits for the nth fill of this run: the clock's milliseconds, moved on by one per fill. */
const freshDigits = (epochMs: number, n: number): string =>
  String(epochMs + n)
    .slice(-FRESH_DIGITS)
    .padStart(FRESH_DIGITS, '0');

/**
 * The VA numbers of one kind, one per slot: a list is taken in order (and starts again when it is
 * shorter than the slots), a pattern is filled anew for each slot.
 */
function numbersOf(text: string, slots: number, fresh: () => string): string[] {
  // Items keep their leading spaces: they are the padding of the partnerServiceId.
  const items = text
    .split(',')
    .map((item) => item.replace(/\s+$/, ''))
    .filter((item) => item.trim() !== '');
  return Array.from({ length: slots }, (_, i) => {
    const item = items[i % items.length] ?? '';
    return item.split(FRESH).join(fresh());
  });
}

/**
 * The variables of the test bills of the inbound provider `provider`: from `processEnv` (null for
 * the mock environment, where the reference partner holds the bills) else the reference numbering.
 */
export function testBillValues(
  provider: string,
  processEnv: Record<string, string | undefined> | null,
  epochMs: number,
): Outcome<Array<{ key: string; value: string; secret: false }>> {
  const values: Array<{ key: string; value: string; secret: false }> = [];
  const diagnostics: Diagnostic[] = [];
  let fills = 0;
  const fresh = (): string => freshDigits(epochMs, fills++);
  for (const kind of BILL_KINDS) {
    const variable = processVariable(provider, `va_${kind}`);
    const given = processEnv?.[variable]?.trim() ? processEnv[variable] : undefined;
    const numbers = numbersOf(given ?? REFERENCE[kind], BILL_SLOTS, fresh);
    for (const [i, va] of numbers.entries()) {
      const problem = vaProblem(va);
      if (problem) {
        diagnostics.push(
          error('E_INVALID_VALUE', `${variable}: ${JSON.stringify(va)} ${problem}`, {
            hint: `give full VA numbers as SNAP sends them, comma-separated, or a pattern such as "${REFERENCE[kind]}"`,
          }),
        );
        break;
      }
      const slot = i + 1;
      const add = (part: 'va' | 'psid' | 'customer', value: string): void => {
        values.push({ key: providerVariable(provider, billField(part, kind, slot)), value, secret: false });
      };
      add('va', va);
      add('psid', va.slice(0, PSID_LENGTH));
      add('customer', va.slice(PSID_LENGTH));
    }
  }
  return diagnostics.length ? { diagnostics } : { value: values, diagnostics };
}
