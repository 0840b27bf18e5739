import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { SNAP_LAYOUTS, snapClient, snapPartner, unique, type SnapClient } from './emulations.ts';
import { jakartaTimestamp } from './helpers.ts';

type Body = Record<string, unknown>;
const ids = (data: Body) => ({
  partnerServiceId: data['partnerServiceId'],
  customerNo: data['customerNo'],
  virtualAccountNo: data['virtualAccountNo'],
});

describe.each(['snap', 'bri-snap'] as const)('%s virtual accounts', (emulation) => {
  const layout = SNAP_LAYOUTS[emulation];
  const VA = `${layout.base}/transfer-va`;
  let mock: RunningMock;
  let client: SnapClient;
  let now = Date.now();

  beforeAll(async () => {
    const tp = snapPartner(layout, 'VAMERCHANT');
    mock = await startMockBank({ partners: [tp.partner], now: () => now, seed: 7 });
    client = await snapClient(mock.url, layout, tp);
  });
  afterAll(async () => {
    await mock.close();
  });

  const create = async (overrides: Body = {}): Promise<Body> => {
    const res = await client.send(`${VA}/create-va`, layout.createVaBody(overrides));
    expect(res.json['responseCode'], JSON.stringify(res.json)).toBe('2002700');
    return res.json['virtualAccountData'] as Body;
  };
  const del = (body: Body) => client.send(`${VA}/delete-va`, body, { method: 'DELETE' });
  const pay = (va: Body, extra: Body = {}) =>
    client.send(`${VA}/payment`, {
      ...ids(va),
      paymentRequestId: `PAY${unique()}`,
      paidAmount: { value: '150000.00', currency: 'IDR' },
      ...extra,
    });

  it('creates, inquires, pays and reports a VA', async () => {
    const va = await create();
    expect(va).toMatchObject({
      virtualAccountName: 'Setya Wardana',
      totalAmount: { value: '150000.00', currency: 'IDR' },
      virtualAccountTrxType: 'C',
    });
    const inquiryVa = await client.send(`${VA}/inquiry-va`, ids(va));
    expect(inquiryVa.json['responseCode']).toBe('2003000');
    expect(inquiryVa.json['virtualAccountData']).toMatchObject({ ...ids(va), trxId: va['trxId'] });

    const inquiryRequestId = `INQ${unique()}`;
    const inquiry = await client.send(`${VA}/inquiry`, { ...ids(va), inquiryRequestId, channelCode: 6011 });
    expect(inquiry.json['responseCode']).toBe('2002400');
    expect(inquiry.json['virtualAccountData']).toMatchObject({
      inquiryStatus: '00',
      inquiryRequestId,
      totalAmount: { value: '150000.00', currency: 'IDR' },
    });

    const pending = await client.send(`${VA}/status`, { ...ids(va), inquiryRequestId });
    expect(pending.json['virtualAccountData']).toMatchObject({
      paymentFlagStatus: '01',
      additionalInfo: expect.objectContaining({ latestTransactionStatus: '03' }) as unknown,
    });

    const paymentRequestId = `PAY${unique()}`;
    const paid = await pay(va, { paymentRequestId });
    expect(paid.json['responseCode']).toBe('2002500');
    expect(paid.json['virtualAccountData']).toMatchObject({
      paymentRequestId,
      paidAmount: { value: '150000.00', currency: 'IDR' },
      paymentFlagStatus: '00',
    });

    const status = await client.send(`${VA}/status`, { ...ids(va), paymentRequestId });
    expect(status.json['responseCode']).toBe('2002600');
    expect(status.json['virtualAccountData']).toMatchObject({
      paymentFlagStatus: '00',
      paidAmount: { value: '150000.00', currency: 'IDR' },
      additionalInfo: expect.objectContaining({ latestTransactionStatus: '00' }) as unknown,
    });

    expect(
      (await client.send(`${VA}/inquiry`, { ...ids(va), inquiryRequestId: `INQ${unique()}` })).json[
        'responseCode'
      ],
    ).toBe('4042414');
    expect((await del(ids(va))).json['responseCode']).toBe('4043114');
    const unknownInquiry = await client.send(`${VA}/status`, { ...ids(va), inquiryRequestId: 'NEVER' });
    expect(unknownInquiry.json['responseCode']).toBe('4042601');
  });

  it('deletes a VA with DELETE and a JSON body; the VA is gone but its status says cancelled', async () => {
    const va = await create();
    const res = await del({ ...ids(va), trxId: va['trxId'] });
    expect(res.status).toBe(200);
    expect(res.json['responseCode']).toBe('2003100');
    expect((await client.send(`${VA}/inquiry-va`, ids(va))).json['responseCode']).toBe('4043012');
    expect((await pay(va)).json['responseCode']).toBe('4042512');
    const status = await client.send(`${VA}/status`, ids(va));
    expect(status.json['virtualAccountData']).toMatchObject({
      additionalInfo: expect.objectContaining({ latestTransactionStatus: '05' }) as unknown,
    });
    expect((await del(ids(va))).json['responseCode']).toBe('4043112');
    // DELETE is the only method of delete-va.
    const post = await client.send(`${VA}/delete-va`, ids(va));
    expect(post.status).toBe(405);
    expect(post.json['responseCode']).toBe('4053100');
  });

  it('checks payment amounts, duplicates and retries', async () => {
    const va = await create();
    const wrong = await pay(va, { paidAmount: { value: '149999.99', currency: 'IDR' } });
    expect(wrong.status).toBe(404);
    expect(wrong.json['responseCode']).toBe('4042513');
    const paymentRequestId = `PAY${unique()}`;
    const first = await pay(va, { paymentRequestId });
    const retry = await pay(va, { paymentRequestId, flagAdvise: 'Y' });
    expect(retry.json).toEqual(first.json);
    const duplicate = await pay(va, { paymentRequestId });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json['responseCode']).toBe('4092501');
  });

  it('pays the seeded VA and refuses an expired one (4042419)', async () => {
    const seeded = {
      partnerServiceId: '   12345',
      customerNo: '0000000001',
      virtualAccountNo: '   123450000000001',
    };
    const inquiry = await client.send(`${VA}/inquiry-va`, seeded);
    expect(inquiry.json['virtualAccountData']).toMatchObject({
      virtualAccountName: 'PELANGGAN KONTRAK',
      trxId: 'SEEDTRX0001',
    });
    expect((await pay(seeded)).json['responseCode']).toBe('2002500');
    const va = await create({ expiredDate: jakartaTimestamp(now + 60_000) });
    now += 120_000;
    try {
      const expired = await pay(va, { paymentRequestId: `PAY${unique()}` });
      expect(expired.json['responseCode']).toBe('4042519');
    } finally {
      now = Date.now();
    }
  });

  it('checks the VA identifiers and create-VA rules', async () => {
    const unpadded = await client.send(`${VA}/create-va`, layout.createVaBody({ partnerServiceId: '12345' }));
    expect(unpadded.json).toEqual({
      responseCode: '4002701',
      responseMessage: 'Invalid Field Format partnerServiceId',
    });
    const inconsistent = await client.send(
      `${VA}/create-va`,
      layout.createVaBody({ virtualAccountNo: '   12345999' }),
    );
    expect(inconsistent.json).toEqual({
      responseCode: '4002701',
      responseMessage: 'Invalid Field Format virtualAccountNo',
    });
    const noName = await client.send(`${VA}/create-va`, layout.createVaBody({ virtualAccountName: '' }));
    expect(noName.json).toEqual({
      responseCode: '4002702',
      responseMessage: 'Invalid Mandatory Field virtualAccountName',
    });
    const noExpiry = await client.send(`${VA}/create-va`, layout.createVaBody({ expiredDate: undefined }));
    expect(noExpiry.json['responseCode']).toBe(emulation === 'bri-snap' ? '4002702' : '2002700');
    const va = await create();
    const dupTrx = await client.send(`${VA}/create-va`, layout.createVaBody({ trxId: va['trxId'] }));
    expect(dupTrx.json['responseCode']).toBe('4092701');
    const dupNumber = await client.send(`${VA}/create-va`, layout.createVaBody({ ...ids(va) }));
    expect(dupNumber.json['responseCode']).toBe('4092700');
    const badIds = await client.send(`${VA}/inquiry-va`, { ...ids(va), customerNo: '1' });
    expect(badIds.json).toEqual({
      responseCode: '4003001',
      responseMessage: 'Invalid Field Format virtualAccountNo',
    });
    const noInquiryId = await client.send(`${VA}/inquiry`, ids(va));
    expect(noInquiryId.json).toEqual({
      responseCode: '4002402',
      responseMessage: 'Invalid Mandatory Field inquiryRequestId',
    });
    const noPaid = await client.send(`${VA}/payment`, { ...ids(va), paymentRequestId: 'X' });
    expect(noPaid.json).toEqual({
      responseCode: '4002502',
      responseMessage: 'Invalid Mandatory Field paidAmount',
    });
  });

  if (emulation === 'snap') {
    it('generates the identifiers a generic SNAP create leaves out', async () => {
      const va = await create({
        partnerServiceId: undefined,
        customerNo: undefined,
        virtualAccountNo: undefined,
      });
      expect(va['partnerServiceId']).toBe('   77777');
      expect(va['customerNo']).toMatch(/^\d{10}$/);
      expect(va['virtualAccountNo']).toBe(`   77777${String(va['customerNo'])}`);
    });
  }
});
