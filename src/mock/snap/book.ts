/**
 * The business records of one partner beyond accounts and VAs: QRIS payments, direct debits,
 * transfers out of the bank and e-wallet top-ups, customers' e-wallets and tokens, and the
 * statement lines money movements leave. Kept beside the partner's ledger (one book per ledger).
 *
 * Seeded (every partner starts with its own copy):
 *
 * | what | id | state |
 * |---|---|---|
 * | external account | bank `014` `8880001234` DEWI LESTARI | active |
 * | external account | bank `014` `8880009999` HENDRA GUNAWAN | inactive (403xx18) |
 * | external account | bank `009` `1122334455` RUDI HARTONO | active |
 * | e-wallet | `6281234567890` RINA MARLINA, `150000.00` | active |
 * | e-wallet | `6281122334455` YUDI PRATAMA, `50000.00` | frozen (403xx05) |
 * | e-wallet | `6289900000000` SARI DEWI | inactive (403xx18) |
 * | e-wallet | `62811742234` DANA UAT CUSTOMER, `1000000.00`; `628996647679` | active; frozen (DANA's UAT data) |
 * | external account | bank `014` `2460888509`; `81398055100` | active; inactive (DANA's UAT data) |
 * | auth codes (service 74) | `AUTHCODE-KONTRAK-1` … `-5` | each usable once, for `6281234567890` |
 *
 * Any other bank code is not reachable (404xx03); any other account or e-wallet is unknown
 * (404xx11). An e-wallet holds at most `20000000.00` (a top-up beyond: 403xx02).
 */
import type { PartnerLedger } from '../books/ledger.ts';

/** SNAP latestTransactionStatus: 00 success, 03 pending, 04 refunded, 05 cancelled, 06 failed. */
export type TransactionStatus = '00' | '03' | '04' | '05' | '06';

export interface Refund {
  partnerRefundNo: string;
  refundNo: string;
  cents: bigint;
  atMs: number;
}

/** A QRIS MPM payment or a direct debit: pending until the customer pays, then settled. */
export interface Payment {
  kind: 'qris' | 'debit';
  referenceNo: string;
  partnerReferenceNo: string;
  merchantId: string;
  cents: bigint;
  status: 'pending' | 'paid' | 'cancelled';
  refundedCents: bigint;
  refunds: Map<string, Refund>;
  createdAtMs: number;
  expiresAtMs: number | undefined;
  paidAtMs: number | undefined;
  /** The merchant account that receives the money. */
  merchantAccountNo: string;
  /** The request as first received, to tell a retry from an inconsistent reuse. */
  fingerprint: string;
  echo: Record<string, unknown>;
}

/** Money sent out of the partner's account or wallet (interbank, top-up, transfer to bank). */
export interface Transfer {
  serviceCode: string;
  partnerReferenceNo: string;
  referenceNo: string;
  externalId: string;
  cents: bigint;
  fingerprint: string;
  status: TransactionStatus;
  transactionDate: string;
  /** The e-wallet the transfer moved money of (top-up, transfer to bank). */
  customerNumber?: string;
  beneficiaryAccountNo: string;
  /** The account or e-wallet the money left, as the status answer names it (ASPI M). */
  sourceAccountNo: string;
  atMs: number;
}

export interface Wallet {
  customerNumber: string;
  name: string;
  balance: bigint;
  status: 'active' | 'frozen' | 'inactive';
}

export interface StatementLine {
  accountNo: string;
  atMs: number;
  /** Positive: credit; negative: debit. */
  cents: bigint;
  description: string;
  referenceNo: string;
}

export interface CustomerToken {
  token: string;
  refreshToken: string;
  customerNumber: string;
  expiresAtMs: number;
}

export interface ExternalAccount {
  bankCode: string;
  accountNo: string;
  name: string;
  active: boolean;
}

export const WALLET_LIMIT_CENTS = 2_000_000_000n;

export class BusinessBook {
  readonly payments = new Map<string, Payment>();
  readonly transfers = new Map<string, Transfer>();
  readonly wallets = new Map<string, Wallet>();
  readonly statement: StatementLine[] = [];
  readonly customerTokens = new Map<string, CustomerToken>();
  readonly authCodes = new Set(['1', '2', '3', '4', '5'].map((n) => `AUTHCODE-KONTRAK-${n}`));
  readonly externalAccounts: readonly ExternalAccount[] = [
    { bankCode: '014', accountNo: '8880001234', name: 'DEWI LESTARI', active: true },
    { bankCode: '014', accountNo: '8880009999', name: 'HENDRA GUNAWAN', active: false },
    { bankCode: '009', accountNo: '1122334455', name: 'RUDI HARTONO', active: true },
    // DANA's published UAT beneficiaries (uat-script @05d2169 Disbursement.json TransferToBank).
    { bankCode: '014', accountNo: '2460888509', name: 'DANA UAT BENEFICIARY', active: true },
    { bankCode: '014', accountNo: '81398055100', name: 'DANA UAT INACTIVE', active: false },
  ];

  constructor(createdAtMs: number) {
    const wallets: Wallet[] = [
      { customerNumber: '6281234567890', name: 'RINA MARLINA', balance: 15_000_000n, status: 'active' },
      { customerNumber: '6281122334455', name: 'YUDI PRATAMA', balance: 5_000_000n, status: 'frozen' },
      { customerNumber: '6289900000000', name: 'SARI DEWI', balance: 0n, status: 'inactive' },
      // DANA's published UAT customers (uat-script @05d2169 Disbursement.json TransferToDana).
      // Enough for every transfer DANA's mandatory scenarios make in one run (3 × 50000.00 and more).
      { customerNumber: '62811742234', name: 'DANA UAT CUSTOMER', balance: 100_000_000n, status: 'active' },
      { customerNumber: '628996647679', name: 'DANA UAT FROZEN', balance: 0n, status: 'frozen' },
    ];
    for (const w of wallets) this.wallets.set(w.customerNumber, w);
    // Two earlier movements, so a statement of the last days is never empty.
    this.statement.push(
      {
        accountNo: '0011223344',
        atMs: createdAtMs - 26 * 3_600_000,
        cents: 50_000_000n,
        description: 'SETORAN TUNAI',
        referenceNo: '000000000001',
      },
      {
        accountNo: '0011223344',
        atMs: createdAtMs - 2 * 3_600_000,
        cents: -1_500_000n,
        description: 'BIAYA ADMIN',
        referenceNo: '000000000002',
      },
    );
  }

  /** Key of a transfer by the service that made it and its partnerReferenceNo. */
  static transferKey(serviceCode: string, partnerReferenceNo: string): string {
    return `${serviceCode}|${partnerReferenceNo}`;
  }

  findPayment(
    kind: Payment['kind'],
    ids: { referenceNo?: string; partnerReferenceNo?: string },
  ): Payment | undefined {
    if (ids.referenceNo) {
      const byRef = this.payments.get(ids.referenceNo);
      return byRef?.kind === kind ? byRef : undefined;
    }
    if (!ids.partnerReferenceNo) return undefined;
    for (const p of this.payments.values())
      if (p.kind === kind && p.partnerReferenceNo === ids.partnerReferenceNo) return p;
    return undefined;
  }

  externalAccount(bankCode: string, accountNo: string): ExternalAccount | 'no-bank' | undefined {
    if (!this.externalAccounts.some((a) => a.bankCode === bankCode)) return 'no-bank';
    return this.externalAccounts.find((a) => a.bankCode === bankCode && a.accountNo === accountNo);
  }
}

const books = new WeakMap<PartnerLedger, BusinessBook>();

/** The book kept beside a partner's ledger, created on first use. */
export function bookOf(ledger: PartnerLedger, nowMs: number): BusinessBook {
  let book = books.get(ledger);
  if (book === undefined) {
    book = new BusinessBook(nowMs);
    books.set(ledger, book);
  }
  return book;
}
