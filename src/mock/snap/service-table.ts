/**
 * The mock's one service table: the business step of every catalogue service a bank profile may
 * offer, joined from the tables of the route files (a file adds a service by adding a row to its
 * own table). Authentication, headers, request schema and the bank's extra mandatory fields are
 * checked before a step by bank-routes.ts; a step only decides what the request does to the
 * partner's books.
 */
import { ACCOUNT_SERVICES } from './accounts.ts';
import { HISTORY_SERVICES } from './b2b2c.ts';
import type { BankBusiness, ServiceSteps } from './business.ts';
import { DEBIT_SERVICES } from './debit.ts';
import { TRANSFER_SERVICES } from './disbursement.ts';
import { EMONEY_SERVICES } from './emoney.ts';
import { QRIS_SERVICES } from './qris.ts';
import { STATEMENT_SERVICES } from './statement.ts';
import { VA_SERVICES } from './va.ts';
import { VA_PAYMENT_SERVICES } from './va-payment.ts';

/** Joins route files' tables; a service claimed by two files is a programming error. */
function join(...tables: ServiceSteps[]): ServiceSteps {
  const joined: Record<string, BankBusiness> = {};
  for (const table of tables)
    for (const [service, step] of Object.entries(table)) {
      if (service in joined) throw new Error(`mock bank: service ${service} has two business steps`);
      joined[service] = step;
    }
  return joined;
}

export const SERVICE_TABLE: ServiceSteps = join(
  ACCOUNT_SERVICES,
  TRANSFER_SERVICES,
  STATEMENT_SERVICES,
  HISTORY_SERVICES,
  VA_SERVICES,
  VA_PAYMENT_SERVICES,
  EMONEY_SERVICES,
  QRIS_SERVICES,
  DEBIT_SERVICES,
);
