/**
 * A deliberately broken partner, for tests: the reference partner with the flaws real callback
 * handlers have. Each flaw is made the way it happens in practice, and kontrak must name it.
 */
import type { FastifyInstance } from 'fastify';
import { Ledger, type Bill } from '../../src/partner/ledger.ts';
import { buildPartnerApp, startPartner, type RunningPartner } from '../../src/partner/server.ts';
import type { BankCredentials } from '../../src/partner/verify.ts';

export type Flaw =
  /** Never verifies X-SIGNATURE. */
  | 'skips-signature-check'
  /** Keeps no state: a replayed payment flag is booked again (and a paid bill stays payable). */
  | 'books-replayed-flag-twice'
  /** Answers success to an inquiry or payment for a VA it does not know. */
  | 'success-for-unknown-va'
  /** Copies the inquiry's responseCode into the payment flag: 2002400 instead of 2002500. */
  | 'wrong-service-code';

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
  override seeExternalId(day: string, externalId: string, paymentRequestId: string): string | undefined {
    // Checks X-EXTERNAL-ID everywhere except on the payment flag, where it would matter most.
    return paymentRequestId ? undefined : super.seeExternalId(day, externalId, paymentRequestId);
  }
}

/** Rewrites answers on their way out, as a handler with the bug would have written them. */
function rewriteAnswers(app: FastifyInstance, flaws: Set<Flaw>): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string') return payload;
    const body = JSON.parse(payload) as { responseCode?: string; responseMessage?: string };
    const code = body.responseCode ?? '';
    if (flaws.has('success-for-unknown-va') && /^404(24|25)12$/.test(code)) {
      reply.code(200);
      body.responseCode = `200${code.slice(3, 5)}00`;
      body.responseMessage = 'Successful';
    }
    const answered = body.responseCode ?? '';
    if (flaws.has('wrong-service-code') && request.url.endsWith('/transfer-va/payment'))
      body.responseCode = `${answered.slice(0, 3)}24${answered.slice(5)}`;
    return JSON.stringify(body);
  });
}

export function startBrokenPartner(bank: BankCredentials, flaws: Flaw[]): Promise<RunningPartner> {
  const options = {
    bank,
    ...(flaws.includes('skips-signature-check') ? { verifier: () => true } : {}),
    ...(flaws.includes('books-replayed-flag-twice') ? { ledger: new ForgetfulLedger() } : {}),
  };
  const app = buildPartnerApp(options);
  rewriteAnswers(app, new Set(flaws));
  return startPartner(options, app);
}
