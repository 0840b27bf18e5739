/**
 * Bank statement (14): the movements of one of the partner's accounts between fromDateTime and
 * toDateTime (default: the last 7 days), from the statement lines money movements leave in the book.
 */
import { stringField } from '../body/fields.ts';
import { snapMoney } from '../books/money.ts';
import { SNAP, snapReply, type MockReply } from '../snap-errors.ts';
import { formatJakartaTimestamp, parseSnapTimestamp } from '../gate/time.ts';
import type { BankBusinessInput, ServiceSteps } from './business.ts';

const DAY_MS = 86_400_000;

function dateOf(input: BankBusinessInput, field: string, fallback: number): number | MockReply {
  const raw = stringField(input.body, field);
  if (raw === '') return fallback;
  const parsed = parseSnapTimestamp(raw);
  return parsed.ok ? parsed.epochMs : snapReply(input.svc, SNAP.invalidFieldFormat, { detail: field });
}

/** 14 Bank statement. */
export function bankStatement(input: BankBusinessInput): MockReply {
  const { body, svc, ledger, book, context } = input;
  const accountNo = stringField(body, 'accountNo');
  if (accountNo === '')
    return snapReply(svc, SNAP.invalidAccount, {
      detail: '(bankCardToken unknown to the mock bank; use accountNo)',
    });
  const account = ledger.accounts.get(accountNo);
  if (account === undefined)
    return snapReply(svc, SNAP.invalidAccount, { detail: `(account ${accountNo} not found)` });
  if (account.status === '0009') return snapReply(svc, SNAP.dormantAccount);
  const to = dateOf(input, 'toDateTime', context.nowMs);
  if (typeof to !== 'number') return to;
  const from = dateOf(input, 'fromDateTime', to - 7 * DAY_MS);
  if (typeof from !== 'number') return from;
  if (from > to)
    return snapReply(svc, SNAP.invalidFieldFormat, { detail: 'fromDateTime (after toDateTime)' });
  const lines = book.statement.filter((l) => l.accountNo === accountNo);
  const inRange = lines.filter((l) => l.atMs >= from && l.atMs <= to);
  const after = lines.filter((l) => l.atMs > to).reduce((sum, l) => sum + l.cents, 0n);
  const ending = account.balance - after;
  const starting = ending - inRange.reduce((sum, l) => sum + l.cents, 0n);
  const credits = inRange.filter((l) => l.cents > 0n);
  const debits = inRange.filter((l) => l.cents < 0n);
  const total = (ls: typeof inRange) =>
    snapMoney(ls.reduce((sum, l) => sum + (l.cents < 0n ? -l.cents : l.cents), 0n));
  return snapReply(svc, SNAP.success, {
    extra: {
      referenceNo: ledger.newReferenceNo(),
      partnerReferenceNo: stringField(body, 'partnerReferenceNo'),
      balance: [
        {
          amount: { ...snapMoney(ending), dateTime: formatJakartaTimestamp(to) },
          startingBalance: { ...snapMoney(starting), dateTime: formatJakartaTimestamp(from) },
          endingBalance: { ...snapMoney(ending), dateTime: formatJakartaTimestamp(to) },
        },
      ],
      totalCreditEntries: { numberOfEntries: String(credits.length), amount: total(credits) },
      totalDebitEntries: { numberOfEntries: String(debits.length), amount: total(debits) },
      hasMore: false,
      detailData: inRange.map((l) => ({
        amount: snapMoney(l.cents < 0n ? -l.cents : l.cents),
        transactionDate: formatJakartaTimestamp(l.atMs),
        remark: l.description,
        transactionId: l.referenceNo,
        type: l.cents < 0n ? 'DEBIT' : 'CREDIT',
      })),
      additionalInfo: {},
    },
  });
}

export const STATEMENT_SERVICES: ServiceSteps = { 'bank-statement': bankStatement };
