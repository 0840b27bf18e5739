/**
 * A deliberately broken partner, for tests: the reference partner with the flaws real callback
 * handlers have. Each flaw is made the way it happens in practice, and kontrak must name it.
 */
import { DEMO_BILLS, Ledger, type Bill, type BillBook } from '../../src/partner/ledger.ts';
import { startPartner, type PartnerOptions, type RunningPartner } from '../../src/partner/server.ts';
import type { BankCredentials } from '../../src/partner/verify.ts';

export type Flaw =
  /** Never verifies X-SIGNATURE. */
  | 'skips-signature-check'
  /** Keeps no state: a replayed payment flag is booked again (and a paid bill stays payable). */
  | 'books-replayed-flag-twice'
  /** Answers success to an inquiry or payment for a VA it does not know. */
  | 'success-for-unknown-va'
  /** Copies the inquiry's responseCode into the payment flag: 2002400 instead of 2002500. */
  | 'wrong-service-code'
  /** Books a payment flag whatever its paidAmount. */
  | 'accepts-any-amount';

/** A ledger that forgets: every lookup is a fresh unpaid bill, every payment is booked. */
class ForgetfulLedger extends Ledger {
  override bill(virtualAccountNo: string, nowMs: number): Bill | undefined {
    const bill = super.bill(virtualAccountNo, nowMs);
    if (!bill) return undefined;
    const { paid: _paid, ...unpaid } = bill;
    return unpaid;
  }
  override pay(): boolean {
    return true;
  }
  override seeExternalId(day: string, externalId: string, subject: string): string | undefined {
    // Checks X-EXTERNAL-ID everywhere except on the payment flag, where it would matter most.
    const flag = subject !== '' && !subject.startsWith('notify:');
    return flag ? undefined : super.seeExternalId(day, externalId, subject);
  }
}

/** Rewrites answers on their way out, as a handler with the bug would have written them. */
function rewriteAnswers(flaws: Set<Flaw>): NonNullable<PartnerOptions['rewrite']> {
  return (call, body, status) => {
    const code = typeof body['responseCode'] === 'string' ? body['responseCode'] : '';
    const out = { status, body: { ...body } };
    if (flaws.has('success-for-unknown-va') && /^404(24|25)12$/.test(code)) {
      out.status = 200;
      out.body['responseCode'] = `200${code.slice(3, 5)}00`;
      out.body['responseMessage'] = 'Successful';
    }
    if (flaws.has('accepts-any-amount') && code === '4042513') {
      out.status = 200;
      out.body['responseCode'] = '2002500';
      out.body['responseMessage'] = 'Successful';
    }
    const answered = typeof out.body['responseCode'] === 'string' ? out.body['responseCode'] : '';
    if (flaws.has('wrong-service-code') && call.url.endsWith('/transfer-va/payment'))
      out.body['responseCode'] = `${answered.slice(0, 3)}24${answered.slice(5)}`;
    return out;
  };
}

/** The reference partner with `flaws`, keeping the test bills of `book` (the reference ones by default). */
export function startBrokenPartner(
  bank: BankCredentials,
  flaws: Flaw[],
  book: BillBook = DEMO_BILLS,
): Promise<RunningPartner> {
  return startPartner({
    bank,
    ...(flaws.includes('skips-signature-check') ? { verifier: () => true } : {}),
    ledger: flaws.includes('books-replayed-flag-twice') ? new ForgetfulLedger(book) : new Ledger(book),
    rewrite: rewriteAnswers(new Set(flaws)),
  });
}
