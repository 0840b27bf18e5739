/**
 * Every endpoint the mock builds from a bank profile for the services beyond the first ten — each
 * bank's own path, signing (type B HMAC with token in base64 or hex, type C RSA without), headers,
 * service code and success code — answers a request signed with Node's crypto only (no kontrak
 * code) with its success code, and a standard business error with its code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicePath, serviceSignature, type BankProfile } from '../../src/banks/profile.ts';
import { bankProfiles } from '../../src/load/bank-profiles.ts';
import { catalogueEntry } from '../../src/catalogue/catalogue.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { SERVICE_TABLE } from '../../src/mock/snap/service-table.ts';
import { defined } from '../support/defined.ts';
import { IDR, bankClient, bankPartner, uniqueRef, type BankClient } from './bank-client.ts';
import type { JsonResponse } from './helpers.ts';

/** The services kontrak tested before the catalogue: their endpoints are covered elsewhere. */
const FIRST_TEN = new Set([
  'balance-inquiry',
  'account-inquiry-internal',
  'transfer-intrabank',
  'transfer-va/inquiry',
  'transfer-va/payment',
  'transfer-va/status',
  'transfer-va/create-va',
  'transfer-va/inquiry-va',
  'transfer-va/delete-va',
]);
const PAY = { 'X-Kontrak-Simulate': 'customer-pays' };
const DATES = { fromDateTime: '2020-01-01T00:00:00+07:00', toDateTime: '2099-01-01T00:00:00+07:00' };

/** One bank's client: sends a service's request to the bank's path, signed and headed its way. */
interface Session {
  offers(service: string): boolean;
  send(service: string, body: unknown, headers?: Record<string, string>): Promise<JsonResponse>;
  customerToken(body: unknown): Promise<JsonResponse>;
  /** Headers of a bound customer (a fresh customer token from a seeded auth code). */
  customer(): Promise<Record<string, string>>;
}

/** What a service's scenario sends: a request that succeeds, one refused, and the refusal (status + case). */
type Scenario = (s: Session) => Promise<{ ok: JsonResponse; refused: JsonResponse; refusal: string }>;

const ref = (body: JsonResponse) => String(body.json['referenceNo']);
const generateQr = (s: Session, amount = '15000.00') =>
  s.send('qr/qr-mpm-generate', {
    partnerReferenceNo: uniqueRef('QR'),
    amount: IDR(amount),
    merchantId: 'M1',
  });
const debit = (s: Session, amount = '10000.00') =>
  s.send('debit/payment-host-to-host', {
    partnerReferenceNo: uniqueRef('DD'),
    amount: IDR(amount),
    merchantId: 'M1',
  });
const interbank = (s: Session, reference: string) =>
  s.send('transfer-interbank', {
    partnerReferenceNo: reference,
    amount: IDR('25000.00'),
    beneficiaryAccountName: 'DEWI LESTARI',
    beneficiaryAccountNo: '8880001234',
    beneficiaryBankCode: '014',
    beneficiaryEmail: 'dewi@example.com',
    remark: 'kontrak',
    sourceAccountNo: '0011223344',
    transactionDate: '2026-01-01T10:00:00+07:00',
  });
const transferToBank = (s: Session, amount = '500.00') =>
  s.send('emoney/transfer-bank', {
    partnerReferenceNo: uniqueRef('TB'),
    customerNumber: '6281234567890',
    beneficiaryAccountNumber: '8880001234',
    amount: IDR(amount),
  });
const topup = (s: Session, amount: string, reference = uniqueRef('TU')) =>
  s.send('emoney/topup', {
    partnerReferenceNo: reference,
    customerNumber: '6281234567890',
    amount: IDR(amount),
  });

const SCENARIOS: Record<string, Scenario> = {
  'qr/qr-mpm-generate': async (s) => ({
    ok: await generateQr(s),
    refused: await generateQr(s, '0.00'),
    refusal: '40413',
  }),
  'qr/qr-mpm-query': async (s) => {
    const qr = await generateQr(s);
    const query = (reference: string) =>
      s.send('qr/qr-mpm-query', { originalReferenceNo: reference, serviceCode: '47', merchantId: 'M1' });
    return { ok: await query(ref(qr)), refused: await query('000000000000'), refusal: '40401' };
  },
  'qr/qr-mpm-cancel': async (s) => {
    const qr = await generateQr(s);
    const cancel = () =>
      s.send('qr/qr-mpm-cancel', { originalReferenceNo: ref(qr), merchantId: 'M1', reason: 'kontrak' });
    return { ok: await cancel(), refused: await cancel(), refusal: '40404' };
  },
  'qr/qr-mpm-refund': async (s) => {
    const qr = await generateQr(s);
    await s.send(
      'qr/qr-mpm-query',
      { originalReferenceNo: ref(qr), serviceCode: '47', merchantId: 'M1' },
      PAY,
    );
    const refund = (amount: string) =>
      s.send('qr/qr-mpm-refund', {
        originalReferenceNo: ref(qr),
        partnerRefundNo: uniqueRef('RF'),
        refundAmount: IDR(amount),
      });
    return { ok: await refund('5000.00'), refused: await refund('10000.01'), refusal: '40413' };
  },
  'debit/payment-host-to-host': async (s) => ({
    ok: await debit(s),
    refused: await debit(s, '9000000.00'),
    refusal: '40314',
  }),
  'debit/status': async (s) => {
    const payment = await debit(s);
    const status = (reference: string) =>
      s.send('debit/status', { originalReferenceNo: reference, serviceCode: '54' });
    return { ok: await status(ref(payment)), refused: await status('000000000000'), refusal: '40401' };
  },
  'debit/cancel': async (s) => {
    const payment = await debit(s);
    const cancel = () => s.send('debit/cancel', { originalReferenceNo: ref(payment) });
    return { ok: await cancel(), refused: await cancel(), refusal: '40404' };
  },
  'debit/refund': async (s) => {
    const payment = await debit(s);
    await s.send('debit/status', { originalReferenceNo: ref(payment), serviceCode: '54' }, PAY);
    const refund = (amount: string) =>
      s.send('debit/refund', {
        originalReferenceNo: ref(payment),
        partnerRefundNo: uniqueRef('RF'),
        refundAmount: IDR(amount),
      });
    return { ok: await refund('4000.00'), refused: await refund('6000.01'), refusal: '40413' };
  },
  'account-inquiry-external': async (s) => {
    const inquiry = (account: string) =>
      s.send('account-inquiry-external', { beneficiaryBankCode: '014', beneficiaryAccountNo: account });
    return { ok: await inquiry('8880001234'), refused: await inquiry('8880009999'), refusal: '40318' };
  },
  'transfer-interbank': async (s) => {
    const reference = uniqueRef('IB');
    return { ok: await interbank(s, reference), refused: await interbank(s, reference), refusal: '40901' };
  },
  'transfer/status': async (s) => {
    const [original, serviceCode] = s.offers('transfer-interbank')
      ? [await interbank(s, uniqueRef('IB')), '18']
      : [await transferToBank(s), '43'];
    const status = (reference: string) =>
      s.send('transfer/status', { originalReferenceNo: reference, serviceCode });
    return { ok: await status(ref(original)), refused: await status('000000000000'), refusal: '40401' };
  },
  'bank-statement': async (s) => {
    const statement = (accountNo: string) => s.send('bank-statement', { accountNo, ...DATES });
    return { ok: await statement('0011223344'), refused: await statement('7777777777'), refusal: '40411' };
  },
  'emoney/account-inquiry': async (s) => {
    const inquiry = (customerNumber: string) =>
      s.send('emoney/account-inquiry', { customerNumber, amount: IDR('1000.00') });
    return { ok: await inquiry('6281234567890'), refused: await inquiry('6281122334455'), refusal: '40305' };
  },
  'emoney/topup': async (s) => ({
    ok: await topup(s, '1000.00'),
    refused: await topup(s, '19900000.00'),
    refusal: '40302',
  }),
  'emoney/topup-status': async (s) => {
    const reference = uniqueRef('TU');
    await topup(s, '1000.00', reference);
    const status = (partnerReference: string) =>
      s.send('emoney/topup-status', { originalPartnerReferenceNo: partnerReference, serviceCode: '38' });
    return { ok: await status(reference), refused: await status('NOPE'), refusal: '40401' };
  },
  'emoney/bank-account-inquiry': async (s) => {
    const inquiry = (customerNumber: string) =>
      s.send('emoney/bank-account-inquiry', {
        customerNumber,
        amount: IDR('500.00'),
        beneficiaryAccountNumber: '8880001234',
      });
    return { ok: await inquiry('6281234567890'), refused: await inquiry('6289900000000'), refusal: '40318' };
  },
  'emoney/transfer-bank': async (s) => ({
    ok: await transferToBank(s),
    refused: await transferToBank(s, '9999999.00'),
    refusal: '40314',
  }),
  'transaction-history-list': async (s) => {
    const customer = await s.customer();
    await topup(s, '1000.00');
    return {
      ok: await s.send('transaction-history-list', DATES, customer),
      refused: await s.send('transaction-history-list', DATES, {
        ...customer,
        'Authorization-Customer': 'Bearer x',
      }),
      refusal: '40102',
    };
  },
  'transaction-history-detail': async (s) => {
    const customer = await s.customer();
    const reference = uniqueRef('TU');
    await topup(s, '1000.00', reference);
    const detail = (partnerReference: string) =>
      s.send('transaction-history-detail', { originalPartnerReferenceNo: partnerReference }, customer);
    return { ok: await detail(reference), refused: await detail('NOPE'), refusal: '40401' };
  },
  'access-token/b2b2c': async (s) => {
    const token = () => s.customerToken({ grantType: 'AUTHORIZATION_CODE', authCode: 'AUTHCODE-KONTRAK-5' });
    return { ok: await token(), refused: await token(), refusal: '40100' };
  },
};

/** Seeded auth codes are single-use: each bank's next unused one. */
const authCodesUsed = new Map<string, number>();

function session(client: BankClient, profile: BankProfile): Session {
  const headersOf = (service: string) => ({
    ...profile.headers?.value,
    ...profile.services[service]?.headers?.value,
  });
  const s: Session = {
    offers: (service) => service in profile.services,
    send: (service, body, headers = {}) =>
      client.send(servicePath(profile, service), body, {
        asymmetric: serviceSignature(profile, service) === 'asymmetric',
        encoding: profile.signatureEncoding.value,
        headers: { ...headersOf(service), ...headers },
      }),
    customerToken: (body) => client.tokenRequest(servicePath(profile, 'access-token/b2b2c'), body),
    customer: async () => {
      const n = (authCodesUsed.get(profile.bank) ?? 0) + 1;
      authCodesUsed.set(profile.bank, n);
      const token = await s.customerToken({
        grantType: 'AUTHORIZATION_CODE',
        authCode: `AUTHCODE-KONTRAK-${String(n)}`,
      });
      return {
        'Authorization-Customer': `Bearer ${String(token.json['accessToken'])}`,
        'X-DEVICE-ID': 'kontrak-test-device',
      };
    },
  };
  return s;
}

/** Every (bank, service) pair the profiles offer beyond the first ten. */
const ENDPOINTS = [...bankProfiles().values()].flatMap((profile) =>
  Object.keys(profile.services)
    .filter((service) => service !== 'access-token/b2b' && !FIRST_TEN.has(service))
    .map((service) => ({
      bank: profile.bank,
      service,
      label: `${profile.bank} ${servicePath(profile, service)}`,
    })),
);

describe('every endpoint of the catalogue services, on every bank that offers it', () => {
  let mock: RunningMock;
  const partners = new Map([...bankProfiles().keys()].map((bank) => [bank, bankPartner(bank, `EP${bank}`)]));
  beforeAll(async () => {
    mock = await startMockBank({ partners: [...partners.values()].map((p) => p.partner) });
  });
  afterAll(async () => {
    await mock.close();
  });

  it('has a scenario for every business step and for the customer token', () => {
    const services = [...Object.keys(SERVICE_TABLE), 'access-token/b2b2c'].filter((s) => !FIRST_TEN.has(s));
    expect(Object.keys(SCENARIOS).sort()).toEqual(services.sort());
    expect(ENDPOINTS.length).toBeGreaterThan(40);
  });

  it.each(ENDPOINTS)('$label: success and a business error', async ({ bank, service }) => {
    const profile = defined(bankProfiles().get(bank));
    const tokenPath =
      'access-token/b2b' in profile.services ? servicePath(profile, 'access-token/b2b') : undefined;
    const client = await bankClient(mock.url, defined(partners.get(bank)), tokenPath, {
      ...(profile.headers ? { headers: profile.headers.value } : {}),
    });
    const { ok, refused, refusal } = await defined(SCENARIOS[service], service)(session(client, profile));
    const knobs = profile.services[service];
    const code = knobs?.serviceCode?.value ?? defined(catalogueEntry(service)).code;
    const success = knobs?.successCodes?.value[0] ?? `200${code}00`;
    expect([ok.status, ok.json['responseCode']], JSON.stringify(ok.json)).toEqual([
      Number(success.slice(0, 3)),
      success,
    ]);
    const expected = `${refusal.slice(0, 3)}${code}${refusal.slice(3)}`;
    expect([refused.status, refused.json['responseCode']], JSON.stringify(refused.json)).toEqual([
      Number(refusal.slice(0, 3)),
      expected,
    ]);
  });
});
