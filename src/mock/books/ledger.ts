/**
 * The books of one partner at the mock bank: accounts with balances, virtual accounts and
 * tax billings (BRI MPN). Each partner of each emulation has its own ledger, created from the
 * seed data in `state.ts`, so concurrent suites never see each other's money. The rules
 * (may this transfer or this VA payment happen?) are pure functions over these records.
 */
import { formatAmount } from './money.ts';
import { randomDigits, type Prng } from './prng.ts';

/** SNAP account status codes (ASPI SNAP standard, https://apidevportal.aspi-indonesia.or.id): `0001` active, `0009` dormant. */
export type AccountStatus = '0001' | '0002' | '0009';

export interface Account {
  accountNo: string;
  name: string;
  balance: bigint;
  hold: bigint;
  status: AccountStatus;
  /** `D` current, `S` saving. */
  type: 'D' | 'S';
  currency: 'IDR';
}

/** One payment received on a VA, kept for status and idempotent retries. */
export interface VaPayment {
  paymentRequestId: string;
  paidCents: bigint;
  referenceNo: string;
  trxDateTime: string;
  /** The success body, replayed when the same request is retried with `flagAdvise: "Y"`. */
  reply: Record<string, unknown>;
}

export interface VirtualAccount {
  partnerServiceId: string;
  customerNo: string;
  virtualAccountNo: string;
  name: string;
  trxId: string;
  /** Undefined: the VA has no fixed amount. */
  totalCents: bigint | undefined;
  /** SNAP virtualAccountTrxType; `C` closed when absent. */
  trxType: string;
  /** Epoch ms after which the VA cannot be paid; undefined: never expires. */
  expiresAtMs: number | undefined;
  status: 'active' | 'paid' | 'deleted';
  paidCents: bigint;
  inquiryRequestIds: Set<string>;
  payments: Map<string, VaPayment>;
  /** Request fields echoed back by inquiries (email, phone, expiredDate, additionalInfo…). */
  echo: Record<string, unknown>;
}

/** A state tax billing (BRI MPN): a 15-digit billing code with a fixed amount. */
export interface Billing {
  billingCode: string;
  taxpayerName: string;
  npwp: string;
  amountCents: bigint;
  kdMap: string;
  kdSetor: string;
  masaPajak: string;
  status: 'unpaid' | 'paid';
  payment: Record<string, unknown> | undefined;
}

/** Seed records, copied into every new ledger. */
export interface LedgerSeed {
  accounts: readonly Omit<Account, 'hold' | 'currency'>[];
  virtualAccounts: readonly Pick<
    VirtualAccount,
    'partnerServiceId' | 'customerNo' | 'name' | 'trxId' | 'totalCents' | 'trxType'
  >[];
  billings: readonly Omit<Billing, 'status' | 'payment'>[];
  paidBillings: readonly string[];
}

export class PartnerLedger {
  readonly accounts = new Map<string, Account>();
  readonly virtualAccounts = new Map<string, VirtualAccount>();
  readonly billings = new Map<string, Billing>();

  constructor(
    readonly prng: Prng,
    seed: LedgerSeed,
  ) {
    for (const a of seed.accounts) this.accounts.set(a.accountNo, { ...a, hold: 0n, currency: 'IDR' });
    for (const v of seed.virtualAccounts)
      this.addVirtualAccount(newVirtualAccount({ ...v, expiresAtMs: undefined, echo: {} }));
    for (const b of seed.billings) {
      const paid = seed.paidBillings.includes(b.billingCode);
      this.billings.set(b.billingCode, { ...b, status: paid ? 'paid' : 'unpaid', payment: undefined });
    }
  }

  addVirtualAccount(va: VirtualAccount): void {
    this.virtualAccounts.set(va.virtualAccountNo, va);
  }

  /** A customer number of `length` digits not used by any VA of this partner with that prefix. */
  newCustomerNo(partnerServiceId: string, length = 10): string {
    for (;;) {
      const candidate = randomDigits(this.prng, length);
      if (!this.virtualAccounts.has(partnerServiceId + candidate)) return candidate;
    }
  }

  /** A bank reference number: 12 digits from the partner's generator. */
  newReferenceNo(): string {
    return randomDigits(this.prng, 12);
  }
}

/** Input of {@link newVirtualAccount}: the VA's fixed data. */
export type NewVirtualAccount = Pick<
  VirtualAccount,
  'partnerServiceId' | 'customerNo' | 'name' | 'trxId' | 'totalCents' | 'trxType' | 'expiresAtMs' | 'echo'
> & { virtualAccountNo?: string };

/** A fresh, unpaid VA. */
export function newVirtualAccount(input: NewVirtualAccount): VirtualAccount {
  const { virtualAccountNo, ...rest } = input;
  return {
    ...rest,
    virtualAccountNo: virtualAccountNo ?? input.partnerServiceId + input.customerNo,
    status: 'active',
    paidCents: 0n,
    inquiryRequestIds: new Set(),
    payments: new Map(),
  };
}

/** Why a VA cannot be inquired or paid now, if it cannot. */
export type VaProblem = 'deleted' | 'paid' | 'expired';

export function vaAvailability(va: VirtualAccount, nowMs: number): VaProblem | undefined {
  if (va.status === 'deleted') return 'deleted';
  if (va.status === 'paid') return 'paid';
  if (va.expiresAtMs !== undefined && va.expiresAtMs <= nowMs) return 'expired';
  return undefined;
}

/** Whether a VA of its trx type accepts a payment of `cents` (closed: exact; open: any; partial: ≤ rest…). */
export function vaAcceptsAmount(va: VirtualAccount, cents: bigint): boolean {
  if (cents <= 0n) return false;
  const total = va.totalCents;
  if (total === undefined) return true;
  switch (va.trxType) {
    case 'O':
      return true;
    case 'I':
      return cents <= total - va.paidCents;
    case 'M':
    case 'N':
      return cents >= total;
    case 'L':
    case 'X':
      return cents <= total;
    default:
      return cents === total;
  }
}

/** Books a payment on a VA; closed and fully paid partial VAs become `paid`. */
export function applyVaPayment(va: VirtualAccount, payment: VaPayment): void {
  va.paidCents += payment.paidCents;
  va.payments.set(payment.paymentRequestId, payment);
  const open = va.trxType === 'O' || va.trxType === 'N' || va.trxType === 'X';
  if (open) return;
  if (va.trxType === 'I' && va.totalCents !== undefined && va.paidCents < va.totalCents) return;
  va.status = 'paid';
}

/** Why an intrabank transfer cannot happen, if it cannot. */
export type TransferProblem =
  | { kind: 'unknown-account'; field: 'sourceAccountNo' | 'beneficiaryAccountNo' }
  | { kind: 'dormant'; field: 'sourceAccountNo' | 'beneficiaryAccountNo' }
  | { kind: 'same-account' }
  | { kind: 'invalid-amount' }
  | { kind: 'insufficient-funds'; available: string };

/** Checks a transfer of `cents` between two account numbers of a ledger. */
export function transferProblem(
  ledger: PartnerLedger,
  input: { sourceAccountNo: string; beneficiaryAccountNo: string; cents: bigint },
): TransferProblem | undefined {
  const source = ledger.accounts.get(input.sourceAccountNo);
  if (source === undefined) return { kind: 'unknown-account', field: 'sourceAccountNo' };
  const beneficiary = ledger.accounts.get(input.beneficiaryAccountNo);
  if (beneficiary === undefined) return { kind: 'unknown-account', field: 'beneficiaryAccountNo' };
  if (source.status !== '0001') return { kind: 'dormant', field: 'sourceAccountNo' };
  if (beneficiary.status !== '0001') return { kind: 'dormant', field: 'beneficiaryAccountNo' };
  if (source === beneficiary) return { kind: 'same-account' };
  if (input.cents <= 0n) return { kind: 'invalid-amount' };
  const available = source.balance - source.hold;
  if (available < input.cents) return { kind: 'insufficient-funds', available: formatAmount(available) };
  return undefined;
}

/** Moves money between two accounts already checked by {@link transferProblem}. */
export function applyTransfer(
  ledger: PartnerLedger,
  input: { sourceAccountNo: string; beneficiaryAccountNo: string; cents: bigint },
): void {
  const source = ledger.accounts.get(input.sourceAccountNo);
  const beneficiary = ledger.accounts.get(input.beneficiaryAccountNo);
  if (source === undefined || beneficiary === undefined) throw new Error('applyTransfer: unknown account');
  source.balance -= input.cents;
  beneficiary.balance += input.cents;
}
