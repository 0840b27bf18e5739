/**
 * Each knob DOKU's SDK needs, the other way: set to ASPI's strict value in a project profile of
 * DOKU (sourced to this test), the same unmodified SDK call that test/sdk/doku.test.ts sees
 * accepted is refused, and X-Kontrak-Diagnosis and the mock's console name the knob and the source.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import BalanceInquiryRequestDto from 'doku-nodejs-library/_models/balanceInquiryRequestDTO.js';
import BalanceInquiryAdditionalInfoRequestDto from 'doku-nodejs-library/_models/balanceInquiryAdditionalInfoRequestDTO.js';
import { tempDir } from '../support/project.ts';
import RefundRequestDto from 'doku-nodejs-library/_models/refundRequestDTO.js';
import {
  CHANNEL,
  IP_ADDRESS,
  allo,
  dokuAtMock,
  dokuProfile,
  dokuReference,
  dokuStatus,
  dokuVa,
  settled,
  type DokuAtMock,
} from './doku-sdk.ts';

const SOURCE = 'ASPI SNAP strict rule (set by this test)';
const FREE_TEXT = [{ english: 'Pay before noon', indonesia: 'Bayar sebelum siang' }];
const strict = (value: unknown) => ({ value, source: SOURCE, confidence: 'assumed' });

describe("doku-nodejs-library 1.0.52 against a DOKU profile set to ASPI's strict rules", () => {
  const dirs: { cleanup: () => void }[] = [];
  const mocks: DokuAtMock[] = [];
  afterAll(async () => {
    for (const m of mocks) await m.close();
    for (const d of dirs) d.cleanup();
  });
  /** A mock whose DOKU profile has `change` applied. */
  const strictDoku = async (change: (profile: Record<string, unknown>) => void): Promise<DokuAtMock> => {
    const dir = tempDir();
    dirs.push(dir);
    const doku = await dokuAtMock(dir.dir, dokuProfile(change));
    mocks.push(doku);
    return doku;
  };
  const expectKnob = (doku: DokuAtMock, diagnosis: string, knob: string) => {
    expect(diagnosis).toContain(`knob ${knob}:`);
    expect(diagnosis).toContain(`source: ${SOURCE}`);
    expect(doku.log.some((l) => l.includes(`knob ${knob}:`) && l.includes(SOURCE))).toBe(true);
  };

  it('customerToken bearer: the balance inquiry with the bare B2B2C token is refused (401)', async () => {
    const doku = await strictDoku((p) => (p['customerToken'] = strict('bearer')));
    const snap = await doku.snap();
    const refused = await settled(
      snap.doBalanceInquiry(
        new BalanceInquiryRequestDto(new BalanceInquiryAdditionalInfoRequestDto('DIRECT_DEBIT_ALLO_SNAP')),
        await doku.authCode(),
        IP_ADDRESS,
      ),
    );
    expect(refused.status).toBe(401);
    expectKnob(doku, refused.diagnosis, 'customerToken');
    expect(refused.diagnosis).toContain('received "<token>"');
  });

  it('channelId required: the payment without CHANNEL-ID is refused (400xx02)', async () => {
    const doku = await strictDoku((p) => {
      for (const knobs of Object.values(p['services'] as Record<string, Record<string, unknown>>))
        delete knobs['channelId'];
      p['channelId'] = strict({ required: true, maxLength: 5 });
    });
    const snap = await doku.snap();
    const refused = await settled(
      snap.doPayment(allo(dokuReference('KONTRAK-CH'), '15000.00'), await doku.authCode(), IP_ADDRESS),
    );
    expect([refused.status, refused.body['responseCode']]).toEqual([400, '4005402']);
    expectKnob(doku, refused.diagnosis, 'channelId');
  });

  it('deviceHeaders required: the payment with a customer token and no X-DEVICE-ID is refused', async () => {
    const doku = await strictDoku((p) => (p['deviceHeaders'] = strict('required')));
    const snap = await doku.snap();
    const refused = await settled(
      snap.doPayment(allo(dokuReference('KONTRAK-DV'), '15000.00'), await doku.authCode(), IP_ADDRESS),
    );
    expect([refused.status, refused.body['responseCode']]).toEqual([400, '4005402']);
    expectKnob(doku, refused.diagnosis, 'deviceHeaders');
  });

  it('originalServiceCode original: the status with serviceCode "55" is refused', async () => {
    const doku = await strictDoku((p) => (p['originalServiceCode'] = strict('original')));
    const snap = await doku.snap();
    const refused = await settled(snap.doCheckStatus(dokuStatus(dokuReference('KONTRAK-SC'))));
    expect([refused.status, refused.body['responseCode']]).toEqual([400, '4005501']);
    expectKnob(doku, refused.diagnosis, 'originalServiceCode');
    expect(refused.diagnosis).toContain('received "55"');
  });

  it('externalId digits: VA create with the SDK\u2019s uuid-ms X-EXTERNAL-ID is refused', async () => {
    const doku = await strictDoku(
      (p) => (p['externalId'] = strict({ characters: 'digits', maxLength: 36, uniqueWithin: 'day' })),
    );
    const snap = await doku.snap();
    const refused = await settled(snap.createVa(dokuVa(`KONTRAK-EX-${Date.now()}`, FREE_TEXT)));
    expect([refused.status, refused.body['responseCode']]).toEqual([400, '4002701']);
    expectKnob(doku, refused.diagnosis, 'externalId');
  });

  it('blankOptional invalid: the refund with the SDK\u2019s blank originalExternalId is refused', async () => {
    const doku = await strictDoku((p) => (p['blankOptional'] = strict('invalid')));
    const snap = await doku.snap();
    const refund = new RefundRequestDto(
      dokuReference('KONTRAK-BL'),
      { value: '15000.00', currency: 'IDR' },
      dokuReference('KONTRAK-RF'),
      '',
      'kontrak test refund',
      { channel: CHANNEL },
    );
    const refused = await settled(snap.doRefund(refund, await doku.authCode(), IP_ADDRESS, ''));
    expect([refused.status, refused.body['responseCode']]).toEqual([400, '4005801']);
    expect(refused.body['responseMessage']).toBe('Invalid Field Format originalExternalId');
    expectKnob(doku, refused.diagnosis, 'blankOptional');
  });
  it('timestampForms with milliseconds: the SDK\u2019s token calls (seconds only) are refused, the constructor\u2019s too', async () => {
    // The SDK writes X-TIMESTAMP as yyyy-MM-ddTHH:mm:ss and the host's offset: no form of seconds
    // only reaches a bank that requires milliseconds, whatever the host's time zone.
    const doku = await strictDoku((p) => {
      p['timestampFormat'] = strict('snap-millis');
      p['timestampForms'] = strict({ offsets: 'any', milliseconds: 'required' });
    });
    // The constructor fires a token call it never awaits; its refusal is an unhandled rejection.
    // This listener takes it in for the test (Vitest leaves a rejection to a listener of the
    // test's own) and is removed once it has.
    const strays: unknown[] = [];
    const onStray = (reason: unknown): void => {
      strays.push(reason);
    };
    process.on('unhandledRejection', onStray);
    try {
      const snap = doku.construct();
      const refused = await settled(snap.getTokenB2B());
      expect([refused.status, refused.body['responseCode']]).toEqual([400, '4007301']);
      expect(refused.body['responseMessage']).toBe('Invalid Field Format X-TIMESTAMP');
      expectKnob(doku, refused.diagnosis, 'timestampForms');
      expect(refused.diagnosis).toContain('it has no milliseconds');

      await vi.waitFor(() => expect(strays).toHaveLength(1));
      const stray = (strays[0] as { response?: { status: number; headers: Record<string, string> } })
        .response;
      expect(stray?.status).toBe(400);
      expect(stray?.headers['x-kontrak-diagnosis']).toContain('knob timestampForms:');
      expect(stray?.headers['x-kontrak-diagnosis']).toContain(`source: ${SOURCE}`);
      // Both token calls, the constructor's and the test's, are on the mock's console.
      expect(doku.log.filter((l) => l.includes('knob timestampForms:'))).toHaveLength(2);
    } finally {
      process.off('unhandledRejection', onStray);
    }
  });
});
