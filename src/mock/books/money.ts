/**
 * Money of the mock bank: integer cents as `bigint`, written as strings with exactly two
 * decimals (`"10000.00"`), the SNAP and BRI convention. No floating point anywhere.
 */

/** `12345.67` with exactly two decimals, at most 16 integer digits. */
export const AMOUNT_PATTERN = /^\d{1,16}\.\d{2}$/;

/** Cents of an amount string, or undefined when it is not `digits.dd`. */
export function parseAmount(value: string): bigint | undefined {
  if (!AMOUNT_PATTERN.test(value)) return undefined;
  return BigInt(value.replace('.', ''));
}

/** `"10000.00"` from cents (negative amounts keep their sign). */
export function formatAmount(cents: bigint): string {
  const negative = cents < 0n;
  const digits = (negative ? -cents : cents).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** SNAP money object `{ value, currency }`. */
export function snapMoney(cents: bigint, currency = 'IDR'): { value: string; currency: string } {
  return { value: formatAmount(cents), currency };
}

/** Cents of a SNAP money object already validated by the field rules (0 when absent). */
export function moneyCents(value: unknown): bigint {
  if (typeof value !== 'object' || value === null) return 0n;
  const raw = (value as Record<string, unknown>)['value'];
  return typeof raw === 'string' ? (parseAmount(raw) ?? 0n) : 0n;
}
