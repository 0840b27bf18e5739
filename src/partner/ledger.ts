/**
 * The reference partner's books: its bills (virtual accounts), the payments booked against them,
 * the notifications it has acted on, the access tokens it issued and the X-EXTERNAL-IDs it has
 * seen. In a real merchant this is the database; what matters is the rules it keeps:
 *
 * - a payment is booked once per bill: a replayed flag finds the bill already paid;
 * - an X-EXTERNAL-ID is accepted once per day;
 * - a notification is acted on once per transaction (originalReferenceNo), however often it comes.
 */

/** A bill customers pay into a virtual account. */
export interface Bill {
  virtualAccountNo: string;
  partnerServiceId: string;
  customerNo: string;
  name: string;
  /** Exact amount due, "150000.00" (closed bills only: the amount must match). */
  amount: string;
  currency: string;
  expiresAtMs: number;
  paid?: { paymentRequestId: string; externalId: string; atMs: number };
}

/** The demo merchant's company code (BIN), left-padded to 8 characters as SNAP sends it. */
export const PARTNER_SERVICE_ID = '   12345';

/**
 * The demo order system behind the ledger: which customer numbers hold an open bill, which one that
 * expired yesterday, and the amount due; any other number is unknown. (A real merchant looks its
 * orders up; a rule lets every run use fresh numbers.) Tests give other books to play a partner
 * whose test bills differ.
 */
export interface BillBook {
  partnerServiceId: string;
  /** A customer number beginning with this has an open bill. */
  openPrefix: string;
  /** A customer number beginning with this has a bill that expired yesterday. */
  expiredPrefix: string;
  amount: string;
  currency: string;
}

/** The reference partner's bills: customer numbers beginning with 1 are open bills of IDR 150,000.00, 9 expired. */
export const DEMO_BILLS: BillBook = {
  partnerServiceId: PARTNER_SERVICE_ID,
  openPrefix: '1',
  expiredPrefix: '9',
  amount: '150000.00',
  currency: 'IDR',
};

function demoBill(book: BillBook, virtualAccountNo: string, nowMs: number): Bill | undefined {
  if (!virtualAccountNo.startsWith(book.partnerServiceId)) return undefined;
  const customerNo = virtualAccountNo.slice(book.partnerServiceId.length);
  const day = 24 * 3600 * 1000;
  if (!/^\d{1,20}$/.test(customerNo)) return undefined;
  const expired = customerNo.startsWith(book.expiredPrefix);
  if (!expired && !customerNo.startsWith(book.openPrefix)) return undefined;
  return {
    virtualAccountNo,
    partnerServiceId: book.partnerServiceId,
    customerNo,
    name: 'PELANGGAN KONTRAK',
    amount: book.amount,
    currency: book.currency,
    expiresAtMs: expired ? nowMs - day : nowMs + day,
  };
}

export interface Notification {
  originalReferenceNo: string;
  status: string;
  amount: string;
  atMs: number;
}

export class Ledger {
  constructor(private readonly book: BillBook = DEMO_BILLS) {}

  private readonly bills = new Map<string, Bill>();
  private readonly notifications = new Map<string, Notification>();
  private readonly tokens = new Map<string, number>();
  /** X-EXTERNAL-ID → what it carried (a flag's paymentRequestId, a notification's transaction, else ''), per Jakarta day. */
  private readonly externalIds = new Map<string, string>();

  /** The bill behind a virtual account number, or undefined when there is none. */
  bill(virtualAccountNo: string, nowMs: number): Bill | undefined {
    const known = this.bills.get(virtualAccountNo);
    if (known) return known;
    const bill = demoBill(this.book, virtualAccountNo, nowMs);
    if (bill) this.bills.set(virtualAccountNo, bill);
    return bill;
  }

  /** Books a payment; false when the bill is already paid (a bill is paid once). */
  pay(bill: Bill, paymentRequestId: string, externalId: string, nowMs: number): boolean {
    if (bill.paid) return false;
    bill.paid = { paymentRequestId, externalId, atMs: nowMs };
    return true;
  }

  /** Acts on a notification once per transaction; false when it was already acted on. */
  notify(notification: Notification): boolean {
    if (this.notifications.has(notification.originalReferenceNo)) return false;
    this.notifications.set(notification.originalReferenceNo, notification);
    return true;
  }

  issueToken(token: string, expiresAtMs: number): void {
    this.tokens.set(token, expiresAtMs);
  }

  tokenValid(token: string, nowMs: number): boolean {
    const expires = this.tokens.get(token);
    return expires !== undefined && expires > nowMs;
  }

  /**
   * Records an X-EXTERNAL-ID for today. Returns undefined when it is new, else what the earlier
   * request carried (`subject`: a flag's paymentRequestId, `notify:<originalReferenceNo>`, or '').
   */
  seeExternalId(day: string, externalId: string, subject: string): string | undefined {
    const key = `${day}/${externalId}`;
    const earlier = this.externalIds.get(key);
    if (earlier !== undefined) return earlier;
    this.externalIds.set(key, subject);
    return undefined;
  }
}
