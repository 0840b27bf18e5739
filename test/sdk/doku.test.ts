/**
 * DOKU's own Node SDK (doku-nodejs-library 1.0.52, unmodified) through its documented calls
 * against the mock, its client registered by a partners file (test/sdk/doku-sdk.ts): token B2B and
 * B2B2C, direct-debit payment, status and refund, balance inquiry, VA create. Every call must be
 * accepted with the answer DOKU documents, and nothing refused on the mock's console.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import BalanceInquiryRequestDto from 'doku-nodejs-library/_models/balanceInquiryRequestDTO.js';
import BalanceInquiryAdditionalInfoRequestDto from 'doku-nodejs-library/_models/balanceInquiryAdditionalInfoRequestDTO.js';
import RefundRequestDto from 'doku-nodejs-library/_models/refundRequestDTO.js';
import { bankClient } from '../mock/bank-client.ts';
import { tempDir } from '../support/project.ts';
import {
  CHANNEL,
  IP_ADDRESS,
  allo,
  dokuAtMock,
  dokuReference,
  dokuStatus,
  dokuVa,
  type DokuAtMock,
} from './doku-sdk.ts';

describe('doku-nodejs-library 1.0.52 against the mock', () => {
  const dir = tempDir();
  let doku: DokuAtMock;
  beforeAll(async () => {
    doku = await dokuAtMock(dir.dir);
  });
  afterAll(async () => {
    await doku.close();
    dir.cleanup();
  });

  it('token B2B and token B2B2C for an auth code', async () => {
    const snap = await doku.snap();
    const token = await snap.getTokenB2B();
    expect(token.responseCode).toBe('2007300');
    expect(token.accessToken).toMatch(/\S{20,}/);
    const customer = await snap.getTokenB2B2c(await doku.authCode());
    expect(customer.responseCode).toBe('2007400');
    expect(customer.accessToken).toMatch(/\S{20,}/);
    expect(doku.log).toEqual([]);
  });

  it('balance inquiry with a B2B2C token from an auth code, as the SDK sends it', async () => {
    const balance = await (
      await doku.snap()
    ).doBalanceInquiry(
      new BalanceInquiryRequestDto(new BalanceInquiryAdditionalInfoRequestDto(CHANNEL)),
      await doku.authCode(),
      IP_ADDRESS,
    );
    expect(doku.log).toEqual([]);
    expect(balance.responseCode).toBe('2001100');
    expect(balance['accountInfos']).toBeDefined();
  });

  it('direct-debit payment, its status (serviceCode 55) and a refund once the customer paid', async () => {
    const snap = await doku.snap();
    const reference = dokuReference('KONTRAK-DD');
    const payment = await snap.doPayment(allo(reference, '15000.00'), await doku.authCode(), IP_ADDRESS);
    expect(doku.log).toEqual([]);
    expect(payment.responseCode).toBe('2005400');

    const pending = await snap.doCheckStatus(dokuStatus(reference));
    expect(doku.log).toEqual([]);
    expect(pending.responseCode).toBe('2005500');
    expect(pending['latestTransactionStatus']).toBe('03');

    // The customer approves in the wallet's app: the test plays the customer with the mock's
    // staging header on a status call of its own (signed as DOKU's partner), not through the SDK.
    const customer = await bankClient(doku.mock.url, doku.registered, '/authorization/v1/access-token/b2b', {
      headers: { 'X-Kontrak-Simulate': 'customer-pays', 'CHANNEL-ID': 'SDK' },
    });
    const approved = await customer.send('/orders/v1.0/debit/status', {
      originalPartnerReferenceNo: reference,
      serviceCode: '55',
    });
    expect(approved.json['latestTransactionStatus']).toBe('00');
    const paid = await snap.doCheckStatus(dokuStatus(reference));
    expect(paid.responseCode).toBe('2005500');
    expect(paid['latestTransactionStatus']).toBe('00');

    const refund = await snap.doRefund(
      new RefundRequestDto(
        reference,
        { value: '15000.00', currency: 'IDR' },
        dokuReference('KONTRAK-RF'),
        '',
        'kontrak test refund',
        { channel: CHANNEL },
      ),
      await doku.authCode(),
      IP_ADDRESS,
      '',
    );
    expect(doku.log).toEqual([]);
    expect(refund.responseCode).toBe('2005800');
  });

  it('VA create with the SDK\u2019s CHANNEL-ID "SDK", uuid-ms X-EXTERNAL-ID and freeText', async () => {
    const created = await (
      await doku.snap()
    ).createVa(
      dokuVa(`KONTRAK-VA-${Date.now()}`, [{ english: 'Pay before noon', indonesia: 'Bayar sebelum siang' }]),
    );
    expect(doku.log).toEqual([]);
    expect(created.responseCode).toBe('2002700');
    const va = created['virtualAccountData'] as Record<string, unknown>;
    expect(va['partnerServiceId']).toBe('   88899');
  });
});
