/**
 * What the business steps of the catalogue-driven endpoints receive, and the SNAP cases they
 * answer beyond the common ones (ASPI SNAP standard, https://apidevportal.aspi-indonesia.or.id).
 */
import type { BankProfile } from '../../banks/profile.ts';
import type { CatalogueEntry } from '../../catalogue/catalogue.ts';
import { isObject, stringField } from '../body/fields.ts';
import { parseAmount } from '../books/money.ts';
import type { SnapCase } from '../snap-errors.ts';
import type { BusinessBook, CustomerToken } from './book.ts';
import type { BusinessInput } from './endpoint.ts';

export interface BankBusinessInput extends BusinessInput {
  book: BusinessBook;
  bank: BankProfile;
  entry: CatalogueEntry;
  /** The customer of an Authorization-Customer token (B2B2C), when the request has one. */
  customer: CustomerToken | undefined;
  /** The X-EXTERNAL-ID of the request. */
  externalId: string;
}

export type BankBusiness = (input: BankBusinessInput) => import('../snap-errors.ts').MockReply;

/** The business steps of one route file, by catalogue service name; service-table.ts joins them. */
export type ServiceSteps = Readonly<Record<string, BankBusiness>>;

/** Cases the business endpoints answer besides those of snap-errors.ts. */
export const CASES = {
  exceedsLimit: { status: 403, caseCode: '02', message: 'Exceeds Transaction Amount Limit' },
  doNotHonor: { status: 403, caseCode: '05', message: 'Do Not Honor' },
  inactiveAccount: { status: 403, caseCode: '18', message: 'Inactive Card/Account/Customer' },
  invalidTransactionStatus: { status: 404, caseCode: '00', message: 'Invalid Transaction Status' },
  bankNotSupported: { status: 404, caseCode: '03', message: 'Bank Not Supported By Switch' },
  transactionCancelled: { status: 404, caseCode: '04', message: 'Transaction Cancelled' },
  inconsistentRequest: { status: 404, caseCode: '18', message: 'Inconsistent Request' },
  expired: { status: 404, caseCode: '19', message: 'Invalid Bill/Virtual Account' },
  invalidCustomerToken: { status: 401, caseCode: '02', message: 'Invalid Customer Token' },
  customerTokenNotFound: { status: 401, caseCode: '04', message: 'Customer Token Not Found' },
} as const satisfies Record<string, SnapCase>;

/** Amount in cents of a money field; undefined when absent or malformed (schemas check the format). */
export function centsOf(body: Record<string, unknown>, field: string): bigint | undefined {
  const money = body[field];
  if (!isObject(money)) return undefined;
  return parseAmount(stringField(money, 'value'));
}

/** A stable fingerprint of the fields that decide what a request does (for 404xx18). */
export function fingerprint(body: Record<string, unknown>, fields: readonly string[]): string {
  return JSON.stringify(fields.map((f) => body[f] ?? null));
}
