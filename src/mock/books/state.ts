/**
 * In-memory state of one mock bank: issued access tokens, X-EXTERNAL-IDs / BRI-External-Ids
 * seen per partner and day, business references already used, and one ledger per partner.
 * Lives as long as the server. Everything a partner does is keyed by (emulation, clientId):
 * concurrent suites on different partners never share state.
 *
 * ## Seeded data (every partner of every emulation starts with its own copy)
 *
 * Accounts (balance inquiry, account inquiry, intrabank transfer; BRI MPN payment source):
 *
 * | accountNo    | name                    | balance           | status         | type |
 * |--------------|-------------------------|-------------------|----------------|------|
 * | `0011223344` | PT KONTRAK SUMBER DANA  | `1000000000.00`   | `0001` active  | D    |
 * | `5566778899` | BUDI SANTOSO            | `2500000.00`      | `0001` active  | S    |
 * | `1234567890` | SITI RAHAYU             | `10000.00`        | `0001` active  | S    |
 * | `9988776655` | AGUS WIBOWO             | `500000.00`       | `0009` dormant | S    |
 *
 * Any other account number is unknown (404xx11). A transfer from `1234567890` above
 * `10000.00` is refused (403xx14 Insufficient Funds); to or from `9988776655`, 403xx09.
 *
 * Virtual account (unpaid, closed, never expires), besides those the partner creates:
 * partnerServiceId `"   12345"`, customerNo `"0000000001"`, virtualAccountNo
 * `"   123450000000001"`, name `PELANGGAN KONTRAK`, trxId `SEEDTRX0001`, totalAmount `150000.00`.
 *
 * BRI MPN billings (`/v2.0/mpn/...`), amounts in IDR:
 *
 * | billingCode       | taxpayer               | amount       | state  |
 * |-------------------|------------------------|--------------|--------|
 * | `123456789012345` | CV MAJU JAYA           | `150000.00`  | unpaid |
 * | `987654321098765` | PT KONTRAK SUMBER DANA | `2500000.00` | unpaid |
 * | `111122223333444` | BUDI SANTOSO           | `75000.00`   | paid   |
 *
 * Test billings: any other 15-digit code starting with `7` is an unpaid billing of CV MAJU JAYA
 * for `150000.00`, made on first use, so that a collection can pay a fresh one on every run
 * (`7{{$kontrakId}}{{$randomCreditCardMask}}`) against a long-running mock.
 *
 * `POST /kontrak/reset` (src/mock/edge/control.ts) puts the whole bank back to this seed state.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { PartnerLedger, type Billing, type LedgerSeed } from './ledger.ts';
import { partnerPrng } from './prng.ts';
import { jakartaDay } from '../gate/time.ts';
import { must } from '../../must.ts';

export const SEED_DATA: LedgerSeed = {
  accounts: [
    {
      accountNo: '0011223344',
      name: 'PT KONTRAK SUMBER DANA',
      balance: 100_000_000_000n,
      status: '0001',
      type: 'D',
    },
    { accountNo: '5566778899', name: 'BUDI SANTOSO', balance: 250_000_000n, status: '0001', type: 'S' },
    { accountNo: '1234567890', name: 'SITI RAHAYU', balance: 1_000_000n, status: '0001', type: 'S' },
    { accountNo: '9988776655', name: 'AGUS WIBOWO', balance: 50_000_000n, status: '0009', type: 'S' },
  ],
  virtualAccounts: [
    {
      partnerServiceId: '   12345',
      customerNo: '0000000001',
      name: 'PELANGGAN KONTRAK',
      trxId: 'SEEDTRX0001',
      totalCents: 15_000_000n,
      trxType: 'C',
    },
  ],
  billings: [
    {
      billingCode: '123456789012345',
      taxpayerName: 'CV MAJU JAYA',
      npwp: '012345678901000',
      amountCents: 15_000_000n,
      kdMap: '411211',
      kdSetor: '100',
      masaPajak: '01012025',
    },
    {
      billingCode: '987654321098765',
      taxpayerName: 'PT KONTRAK SUMBER DANA',
      npwp: '098765432109000',
      amountCents: 250_000_000n,
      kdMap: '411121',
      kdSetor: '100',
      masaPajak: '02022025',
    },
    {
      billingCode: '111122223333444',
      taxpayerName: 'BUDI SANTOSO',
      npwp: '111122223333000',
      amountCents: 7_500_000n,
      kdMap: '411125',
      kdSetor: '100',
      masaPajak: '03032025',
    },
  ],
  paidBillings: ['111122223333444'],
};

/** First digit of the billing codes the mock makes up on first use (test billings). */
export const TEST_BILLING_PREFIX = '7';

/** A test billing with code `billingCode`, unpaid. */
export function testBilling(billingCode: string): Billing {
  return {
    ...must(SEED_DATA.billings[0], 'the seed billing'),
    billingCode,
    status: 'unpaid',
    payment: undefined,
  };
}

/** An access token the mock issued. */
export interface IssuedToken {
  token: string;
  provider: string;
  clientId: string;
  expiresAtMs: number;
  /** BRI API v2: the API products the token covers. */
  products?: readonly string[];
}

/** Outcome of {@link MockState.lookupToken}. */
export type TokenLookup = { ok: true; token: IssuedToken } | { ok: false; reason: 'unknown' | 'expired' };

/** Identifies a partner's business reference (e.g. kind `trxId`). */
export interface ReferenceKey {
  provider: string;
  clientId: string;
  kind: string;
  value: string;
}

/** Mutable state of a running mock bank. */
export class MockState {
  /** The seed of every partner's generator (random when the bank was started without one). */
  readonly seed: number;
  private readonly tokens = new Map<string, IssuedToken>();
  /** `provider|clientId|day` → external ids seen that Jakarta day. */
  private readonly externalIds = new Map<string, Set<string>>();
  /** `provider|clientId|kind` → references already used (never expire while the mock runs). */
  private readonly references = new Map<string, Set<string>>();
  private readonly ledgers = new Map<string, PartnerLedger>();
  /** Auth codes minted by `POST /kontrak/auth-code`, not spent yet (src/mock/edge/control.ts). */
  private readonly mintedAuthCodes = new Set<string>();

  constructor(options: { seed?: number } = {}) {
    this.seed = options.seed ?? randomInt(2 ** 31);
  }

  /** The ledger of a partner, created from {@link SEED_DATA} on first use. */
  ledger(provider: string, clientId: string): PartnerLedger {
    const key = `${provider}\u0000${clientId}`;
    let ledger = this.ledgers.get(key);
    if (ledger === undefined) {
      ledger = new PartnerLedger(partnerPrng(this.seed, provider, clientId), SEED_DATA);
      this.ledgers.set(key, ledger);
    }
    return ledger;
  }

  /** Issues a fresh random bearer token for a partner. */
  issueToken(options: {
    provider: string;
    clientId: string;
    nowMs: number;
    ttlSeconds: number;
    products?: readonly string[];
  }): IssuedToken {
    this.pruneTokens(options.nowMs);
    const issued: IssuedToken = {
      token: randomBytes(32).toString('base64url'),
      provider: options.provider,
      clientId: options.clientId,
      expiresAtMs: options.nowMs + options.ttlSeconds * 1000,
    };
    if (options.products !== undefined) issued.products = options.products;
    this.tokens.set(issued.token, issued);
    return issued;
  }

  /** Finds a token issued by this mock for the given provider and still valid at `nowMs`. */
  lookupToken(token: string, provider: string, nowMs: number): TokenLookup {
    const issued = this.tokens.get(token);
    if (issued === undefined || issued.provider !== provider) return { ok: false, reason: 'unknown' };
    if (issued.expiresAtMs <= nowMs) return { ok: false, reason: 'expired' };
    return { ok: true, token: issued };
  }

  /**
   * Records an X-EXTERNAL-ID for a partner on the Jakarta day of `nowMs`.
   * Returns false when the partner already used it that day.
   */
  recordExternalId(options: {
    provider: string;
    clientId: string;
    externalId: string;
    nowMs: number;
  }): boolean {
    const day = jakartaDay(options.nowMs);
    const prefix = `${options.provider}|${options.clientId}|`;
    const key = prefix + day;
    for (const old of this.externalIds.keys()) {
      if (old.startsWith(prefix) && old !== key) this.externalIds.delete(old);
    }
    let seen = this.externalIds.get(key);
    if (seen === undefined) {
      seen = new Set();
      this.externalIds.set(key, seen);
    }
    if (seen.has(options.externalId)) return false;
    seen.add(options.externalId);
    return true;
  }

  /** Whether a business reference (e.g. kind `trxId`) was already used by that partner. */
  hasReference(options: ReferenceKey): boolean {
    return this.references.get(referenceKey(options))?.has(options.value) ?? false;
  }

  /** Marks a business reference as used by that partner. */
  addReference(options: ReferenceKey): void {
    const key = referenceKey(options);
    let used = this.references.get(key);
    if (used === undefined) {
      used = new Set();
      this.references.set(key, used);
    }
    used.add(options.value);
  }

  /** A fresh one-time auth code, as if a customer had just consented (service 74 spends it). */
  mintAuthCode(): string {
    const code = `AUTHCODE-${randomBytes(12).toString('hex').toUpperCase()}`;
    this.mintedAuthCodes.add(code);
    return code;
  }

  /** Spends a minted auth code; false when it was never minted or is spent already. */
  spendMintedAuthCode(code: string): boolean {
    return this.mintedAuthCodes.delete(code);
  }

  /** Back to the state the bank started in: no tokens, ids or references seen, seed ledgers. */
  reset(): void {
    this.mintedAuthCodes.clear();
    this.tokens.clear();
    this.externalIds.clear();
    this.references.clear();
    this.ledgers.clear();
  }

  private pruneTokens(nowMs: number): void {
    for (const [token, issued] of this.tokens) {
      if (issued.expiresAtMs <= nowMs) this.tokens.delete(token);
    }
  }
}

function referenceKey(options: { provider: string; clientId: string; kind: string }): string {
  return `${options.provider}|${options.clientId}|${options.kind}`;
}
