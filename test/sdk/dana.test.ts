/**
 * DANA's own Node SDK (dana-node 1.5.11, unmodified) against the mock, its client registered by a
 * partners file. Only the base URL is configured (a pre-middleware of the SDK's own API puts the
 * mock's origin in place of DANA's sandbox host), with a key pair and partner id made at run time.
 * Every call must be accepted with the answer DANA documents.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Configuration, Dana } from 'dana-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadPartnersFile } from '../../src/load/partners-file.ts';
import {
  mockEmulationNames,
  startMockBank,
  type MockPartner,
  type RunningMock,
} from '../../src/mock/server.ts';
import { tempDir } from '../support/project.ts';
import { bankClient } from '../mock/bank-client.ts';

const PARTNER_ID = '2025120700000000000001';
const MERCHANT_ID = '216620000000000000001';

describe('dana-node 1.5.11 against the mock', () => {
  const dir = tempDir();
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const log: string[] = [];
  let mock: RunningMock;
  let dana: Dana;
  let registered: MockPartner;
  /**
   * The SDK's API object, sending to the mock: its Configuration (the SDK's own class) with the
   * mock as basePath. The SDK fixes basePath by env and its withPreMiddleware clone loses env, so
   * the configuration object is what is set; nothing else of the API object is touched.
   */
  const atMock = <T extends object>(api: T): T => {
    Reflect.set(api, 'configuration', new Configuration({ basePath: mock.url }));
    return api;
  };

  beforeAll(async () => {
    writeFileSync(join(dir.dir, 'dana.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(
      join(dir.dir, 'partners.yaml'),
      `partners:\n  - clientId: "${PARTNER_ID}"\n    clientSecret: dana-client-secret\n    publicKey: dana.pub.pem\n    providers: [dana]\n`,
    );
    const partners = loadPartnersFile(join(dir.dir, 'partners.yaml'), mockEmulationNames());
    expect(partners.diagnostics).toEqual([]);
    registered = partners.value?.[0] ?? expect.fail('no partner registered');
    mock = await startMockBank({
      host: '127.0.0.1',
      partners: partners.value ?? [],
      log: (l) => log.push(l),
    });
    dana = new Dana({
      partnerId: PARTNER_ID,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      origin: 'https://merchant.example',
      env: 'sandbox',
      clientSecret: 'dana-client-secret',
    });
  });
  afterAll(async () => {
    await mock.close();
    dir.cleanup();
  });

  const authCode = async (): Promise<string> => {
    const res = await fetch(`${mock.url}/kontrak/auth-code`, { method: 'POST' });
    return ((await res.json()) as { authCode: string }).authCode;
  };

  it('apply token with "refreshToken": "" as DANA sends it, then widget payment and its payment-gateway status', async () => {
    const widget = atMock(dana.widgetApi);
    const token = await widget.applyToken({
      grantType: 'AUTHORIZATION_CODE',
      authCode: await authCode(),
      refreshToken: '',
    });
    expect(log).toEqual([]);
    expect(token.responseCode).toBe('2007400');
    expect(token.accessToken).toMatch(/\S{20,}/);

    const partnerReferenceNo = `KONTRAK-${Date.now()}`;
    const payment = await widget.widgetPayment({
      partnerReferenceNo,
      merchantId: MERCHANT_ID,
      amount: { value: '15000.00', currency: 'IDR' },
      urlParams: [{ url: 'https://merchant.example/notify', type: 'NOTIFICATION', isDeeplink: 'N' }],
      additionalInfo: {
        productCode: '51051000100000000001',
        mcc: '5732',
        order: { orderTitle: 'kontrak order' },
        envInfo: { sourcePlatform: 'IPG', terminalType: 'SYSTEM' },
      },
    });
    expect(log).toEqual([]);
    expect(payment.responseCode).toBe('2005400');
    expect(payment.partnerReferenceNo).toBe(partnerReferenceNo);

    const status = await atMock(dana.paymentGatewayApi).queryPayment({
      originalPartnerReferenceNo: partnerReferenceNo,
      serviceCode: '54',
      merchantId: MERCHANT_ID,
    });
    expect(log).toEqual([]);
    expect(status.responseCode).toBe('2005500');
    expect(status.originalPartnerReferenceNo).toBe(partnerReferenceNo);
  });

  it('account inquiry, refund of a paid order and top-up (transfer to DANA) as the SDK calls them', async () => {
    const widget = atMock(dana.widgetApi);
    const partnerReferenceNo = `KONTRAK-R-${Date.now()}`;
    const payment = await widget.widgetPayment({
      partnerReferenceNo,
      merchantId: MERCHANT_ID,
      amount: { value: '20000.00', currency: 'IDR' },
      additionalInfo: {
        productCode: '51051000100000000001',
        mcc: '5732',
        order: { orderTitle: 'kontrak refund order' },
        envInfo: { sourcePlatform: 'IPG', terminalType: 'SYSTEM' },
      },
    });
    expect(payment.responseCode).toBe('2005400');

    // The customer pays in DANA's app; the test plays the customer with the mock's staging header
    // on a status call of its own (signed as DANA's partner), not through the SDK.
    const customer = await bankClient(mock.url, { partner: registered, privateKey }, undefined, {
      asymmetric: true,
      headers: { 'X-PARTNER-ID': PARTNER_ID, 'X-Kontrak-Simulate': 'customer-pays' },
    });
    const paid = await customer.send('/payment-gateway/v1.0/debit/status.htm', {
      originalPartnerReferenceNo: partnerReferenceNo,
      serviceCode: '54',
      merchantId: MERCHANT_ID,
    });
    expect(paid.json['latestTransactionStatus']).toBe('00');

    const disbursement = atMock(dana.disbursementApi);
    const inquiry = await disbursement.danaAccountInquiry({
      partnerReferenceNo: `KONTRAK-I-${Date.now()}`,
      customerNumber: '6281234567890',
      amount: { value: '10000.00', currency: 'IDR' },
      additionalInfo: { fundType: 'AGENT_TOPUP_FOR_USER_SETTLE' },
    });
    expect(log).toEqual([]);
    expect(inquiry.responseCode).toBe('2003700');

    const refund = await atMock(dana.paymentGatewayApi).refundOrder({
      merchantId: MERCHANT_ID,
      originalPartnerReferenceNo: partnerReferenceNo,
      partnerRefundNo: `KONTRAK-RF-${Date.now()}`,
      refundAmount: { value: '20000.00', currency: 'IDR' },
      reason: 'kontrak test refund',
    });
    expect(log).toEqual([]);
    expect(refund.responseCode).toBe('2005800');

    const topup = await disbursement.transferToDana({
      partnerReferenceNo: `KONTRAK-T-${Date.now()}`,
      customerNumber: '6281234567890',
      amount: { value: '10000.00', currency: 'IDR' },
      feeAmount: { value: '0.00', currency: 'IDR' },
      additionalInfo: { fundType: 'AGENT_TOPUP_FOR_USER_SETTLE' },
    });
    expect(log).toEqual([]);
    expect(topup.responseCode).toBe('2003800');
  });

  /** A mock whose DANA profile has one knob set to a strict value sourced to this test. */
  const strictDana = async (knob: string, value: unknown, source: string) => {
    const root = join(dir.dir, `strict-${knob}`);
    mkdirSync(join(root, 'banks'), { recursive: true });
    const shipped = parse(readFileSync(join(import.meta.dirname, '../../banks/dana.yaml'), 'utf8')) as object;
    writeFileSync(
      join(root, 'banks', 'dana.yaml'),
      stringify({ ...shipped, [knob]: { value, source, confidence: 'assumed' } }),
    );
    const strictLog: string[] = [];
    const partners = loadPartnersFile(join(dir.dir, 'partners.yaml'), mockEmulationNames(root));
    const strict = await startMockBank({
      host: '127.0.0.1',
      projectRoot: root,
      partners: partners.value ?? [],
      log: (l) => strictLog.push(l),
    });
    return { strict, strictLog };
  };
  /** The SDK's ResponseError carries DANA's answer body; the diagnosis is on the mock's console. */
  const refusedBody = (call: Promise<unknown>) =>
    call.then(
      () => undefined,
      (error: unknown) => (error as { response?: unknown }).response,
    );

  it("set to ASPI's digits-only X-EXTERNAL-ID, the SDK's widget payment (X-EXTERNAL-ID sdk + uuid) is refused", async () => {
    const source = 'ASPI SNAP: X-EXTERNAL-ID Numeric String(36) (set by this test)';
    const { strict, strictLog } = await strictDana(
      'externalId',
      { characters: 'digits', maxLength: 36, uniqueWithin: 'day' },
      source,
    );
    try {
      const widget = dana.widgetApi;
      Reflect.set(widget, 'configuration', new Configuration({ basePath: strict.url }));
      const refused = await refusedBody(
        widget.widgetPayment({
          partnerReferenceNo: `KONTRAK-X-${Date.now()}`,
          merchantId: MERCHANT_ID,
          amount: { value: '15000.00', currency: 'IDR' },
          additionalInfo: {
            productCode: '51051000100000000001',
            mcc: '5732',
            order: { orderTitle: 'kontrak order' },
            envInfo: { sourcePlatform: 'IPG', terminalType: 'SYSTEM' },
          },
        }),
      );
      expect(refused).toMatchObject({ responseCode: '4005401' });
      const line = strictLog.find((l) => l.includes('knob externalId')) ?? '';
      expect(line).toContain('received "sdk');
      expect(line).toContain(`source: ${source}`);
    } finally {
      await strict.close();
    }
  });

  it('set to blank optional fields invalid, the SDK\u2019s apply token with "refreshToken": "" is refused', async () => {
    const source = 'a bank that refuses blank optional fields (set by this test)';
    const { strict, strictLog } = await strictDana('blankOptional', 'invalid', source);
    try {
      const widget = dana.widgetApi;
      Reflect.set(widget, 'configuration', new Configuration({ basePath: strict.url }));
      const minted = (await (await fetch(`${strict.url}/kontrak/auth-code`, { method: 'POST' })).json()) as {
        authCode: string;
      };
      const refused = await refusedBody(
        widget.applyToken({ grantType: 'AUTHORIZATION_CODE', authCode: minted.authCode, refreshToken: '' }),
      );
      expect(refused).toMatchObject({ responseCode: '4007401' });
      const line = strictLog.find((l) => l.includes('knob blankOptional')) ?? '';
      expect(line).toContain('refreshToken');
      expect(line).toContain(`source: ${source}`);
    } finally {
      await strict.close();
    }
  });

  it("set to ASPI's 5-character CHANNEL-ID, the SDK's widget payment is refused, naming the knob and its source", async () => {
    const root = join(dir.dir, 'strict');
    mkdirSync(join(root, 'banks'), { recursive: true });
    const shipped = parse(readFileSync(join(import.meta.dirname, '../../banks/dana.yaml'), 'utf8')) as object;
    const source = 'ASPI SNAP: CHANNEL-ID Numeric(5) (set by this test)';
    writeFileSync(
      join(root, 'banks', 'dana.yaml'),
      stringify({
        ...shipped,
        channelId: { value: { required: true, maxLength: 5 }, source, confidence: 'assumed' },
      }),
    );
    const strictLog: string[] = [];
    const partners = loadPartnersFile(join(dir.dir, 'partners.yaml'), mockEmulationNames(root));
    const strict = await startMockBank({
      host: '127.0.0.1',
      projectRoot: root,
      partners: partners.value ?? [],
      log: (l) => strictLog.push(l),
    });
    try {
      const widget = dana.widgetApi;
      Reflect.set(widget, 'configuration', new Configuration({ basePath: strict.url }));
      const refused: unknown = await widget
        .widgetPayment({
          partnerReferenceNo: `KONTRAK-S-${Date.now()}`,
          merchantId: MERCHANT_ID,
          amount: { value: '15000.00', currency: 'IDR' },
          additionalInfo: {
            productCode: '51051000100000000001',
            mcc: '5732',
            order: { orderTitle: 'kontrak order' },
            envInfo: { sourcePlatform: 'IPG', terminalType: 'SYSTEM' },
          },
        })
        .then(
          () => undefined,
          // The SDK's ResponseError carries DANA's answer body; the diagnosis is on the mock's console.
          (error: unknown) => (error as { response?: unknown }).response,
        );
      expect(refused).toMatchObject({ responseCode: '4005401' });
      const line = strictLog.find((l) => l.includes('knob channelId')) ?? '';
      expect(line).toContain(`knob channelId: received "${PARTNER_ID}-SERVER"`);
      expect(line).toContain(`source: ${source}`);
    } finally {
      await strict.close();
    }
  });
});
