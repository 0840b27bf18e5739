import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { SNAP_LAYOUTS, snapClient, snapPartner, unique, type SnapClient } from './emulations.ts';
import { jakartaTimestamp } from './helpers.ts';

const EXPECTED = 'x-kontrak-expected-string-to-sign';

describe.each(['snap', 'bri-snap'] as const)('%s accounts', (emulation) => {
  const layout = SNAP_LAYOUTS[emulation];
  const BALANCE = `${layout.base}/balance-inquiry`;
  const INQUIRY = `${layout.intrabase}/account-inquiry-internal`;
  const TRANSFER = `${layout.intrabase}/transfer-intrabank`;
  let mock: RunningMock;
  let client: SnapClient;
  let other: SnapClient;

  beforeAll(async () => {
    const a = snapPartner(layout, 'MERCHANT01');
    const b = snapPartner(layout, 'MERCHANT02');
    mock = await startMockBank({ partners: [a.partner, b.partner] });
    client = await snapClient(mock.url, layout, a);
    other = await snapClient(mock.url, layout, b);
  });
  afterAll(async () => {
    await mock.close();
  });

  const available = async (c: SnapClient, accountNo: string): Promise<string> => {
    const res = await c.send(BALANCE, { partnerReferenceNo: unique(), accountNo });
    const infos = res.json['accountInfos'] as Array<Record<string, { value: string }>>;
    return infos[0]?.['availableBalance']?.value ?? 'none';
  };

  const transfer = (overrides: Record<string, unknown> = {}, c = client) =>
    c.send(TRANSFER, {
      partnerReferenceNo: `REF${unique()}`,
      amount: { value: '125000.50', currency: 'IDR' },
      beneficiaryAccountNo: '5566778899',
      currency: 'IDR',
      sourceAccountNo: '0011223344',
      transactionDate: jakartaTimestamp(),
      remark: 'kontrak test',
      ...overrides,
    });

  it('answers a balance inquiry for a seeded account (2001100)', async () => {
    const res = await client.send(BALANCE, {
      partnerReferenceNo: '2020102900000000000001',
      accountNo: '0011223344',
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      responseCode: '2001100',
      accountNo: '0011223344',
      name: 'PT KONTRAK SUMBER DANA',
      partnerReferenceNo: '2020102900000000000001',
    });
    expect(res.json['referenceNo']).toMatch(/^\d{12}$/);
    expect(res.json['accountInfos']).toEqual([
      expect.objectContaining({
        availableBalance: { value: '1000000000.00', currency: 'IDR' },
        status: '0001',
      }),
    ]);
  });

  it('answers the internal account inquiry with name and status (2001500)', async () => {
    const res = await client.send(INQUIRY, {
      beneficiaryAccountNo: '5566778899',
      partnerReferenceNo: unique(),
    });
    expect(res.json).toMatchObject({
      responseCode: '2001500',
      beneficiaryAccountName: 'BUDI SANTOSO',
      beneficiaryAccountNo: '5566778899',
      currency: 'IDR',
    });
    const unknown = await client.send(INQUIRY, { beneficiaryAccountNo: '1111111111' });
    expect(unknown.status).toBe(404);
    expect(unknown.json['responseCode']).toBe('4041511');
  });

  it('moves balances with an intrabank transfer, for that partner only (2001700)', async () => {
    const res = await transfer();
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      responseCode: '2001700',
      amount: { value: '125000.50', currency: 'IDR' },
      sourceAccountNo: '0011223344',
      beneficiaryAccountNo: '5566778899',
    });
    expect(res.json['referenceNo']).toMatch(/^\d{12}$/);
    expect(await available(client, '0011223344')).toBe('999874999.50');
    expect(await available(client, '5566778899')).toBe('2625000.50');
    expect(await available(other, '0011223344')).toBe('1000000000.00');
  });

  it('answers 4091701 for a duplicate partnerReferenceNo', async () => {
    const partnerReferenceNo = `DUP${unique()}`;
    expect((await transfer({ partnerReferenceNo })).json['responseCode']).toBe('2001700');
    const again = await transfer({ partnerReferenceNo });
    expect(again.status).toBe(409);
    expect(again.json['responseCode']).toBe('4091701');
  });

  it('refuses insufficient funds, dormant and unknown accounts with standard codes', async () => {
    const poor = await transfer(
      { sourceAccountNo: '1234567890', amount: { value: '10000.01', currency: 'IDR' } },
      other,
    );
    expect(poor.status).toBe(403);
    expect(poor.json['responseCode']).toBe('4031714');
    const dormant = await transfer({ beneficiaryAccountNo: '9988776655' });
    expect(dormant.json['responseCode']).toBe('4031709');
    const unknown = await transfer({ beneficiaryAccountNo: '4444444444' });
    expect(unknown.status).toBe(404);
    expect(unknown.json['responseCode']).toBe('4041711');
    expect(unknown.json['responseMessage']).toMatch(/beneficiaryAccountNo 4444444444/);
    const same = await transfer({ beneficiaryAccountNo: '0011223344' });
    expect(same.json['responseCode']).toBe('4031715');
    const zero = await transfer({ amount: { value: '0.00', currency: 'IDR' } });
    expect(zero.json['responseCode']).toBe('4041713');
  });

  it('names missing and malformed fields (400xx02 / 400xx01)', async () => {
    const noAmount = await transfer({ amount: undefined });
    expect(noAmount.json).toEqual({
      responseCode: '4001702',
      responseMessage: 'Invalid Mandatory Field amount',
    });
    const badAmount = await transfer({ amount: { value: '10', currency: 'IDR' } });
    expect(badAmount.json).toEqual({
      responseCode: '4001701',
      responseMessage: 'Invalid Field Format amount.value',
    });
    const badDate = await transfer({ transactionDate: '2024-13-01' });
    expect(badDate.json).toEqual({
      responseCode: '4001701',
      responseMessage: 'Invalid Field Format transactionDate',
    });
    const noAccount = await client.send(BALANCE, { partnerReferenceNo: unique() });
    expect(noAccount.json).toEqual({
      responseCode: '4001102',
      responseMessage: 'Invalid Mandatory Field accountNo',
    });
    const unknown = await client.send(BALANCE, { accountNo: '4444444444' });
    expect(unknown.json['responseCode']).toBe('4041111');
    const noBeneficiary = await client.send(INQUIRY, {});
    expect(noBeneficiary.json).toEqual({
      responseCode: '4001502',
      responseMessage: 'Invalid Mandatory Field beneficiaryAccountNo',
    });
  });

  it('verifies the HMAC over the full path in the emulation’s encoding (4011100)', async () => {
    const wrongEncoding = await client.send(
      BALANCE,
      { accountNo: '0011223344' },
      { encoding: layout.encoding === 'hex' ? 'base64' : 'hex' },
    );
    expect(wrongEncoding.status).toBe(401);
    expect(wrongEncoding.json).toEqual({
      responseCode: '4011100',
      responseMessage: 'Unauthorized. Invalid Signature',
    });
    const shortPath = BALANCE.replace(/^\/snap/, '').replace('/v1.0', '/v1.0/x');
    const res = await client.send(BALANCE, { accountNo: '0011223344' }, { signedPath: shortPath });
    expect(res.json['responseCode']).toBe('4011100');
    expect(res.headers.get(EXPECTED)).toMatch(new RegExp(`^POST:${BALANCE.replace(/\./g, '\\.')}:`));
    const intrabank = await client.send(
      INQUIRY,
      { beneficiaryAccountNo: '5566778899' },
      { signedPath: INQUIRY.replace('/intrabank', '') },
    );
    expect(intrabank.json['responseCode']).toBe(emulation === 'bri-snap' ? '4011500' : '2001500');
  });

  it('enforces the timestamp window and X-EXTERNAL-ID once a day', async () => {
    const stale = await client.send(
      BALANCE,
      { accountNo: '0011223344' },
      { timestamp: jakartaTimestamp(Date.now() - 400_000) },
    );
    expect(stale.json['responseCode']).toBe('4011100');
    expect(stale.json['responseMessage']).toMatch(/X-TIMESTAMP is \d+s in the past/);
    const externalId = unique(12);
    expect(
      (await client.send(BALANCE, { accountNo: '0011223344' }, { externalId })).json['responseCode'],
    ).toBe('2001100');
    const again = await client.send(BALANCE, { accountNo: '0011223344' }, { externalId });
    expect(again.status).toBe(409);
    expect(again.json['responseCode']).toBe('4091100');
  });

  it('checks the partner headers: X-PARTNER-ID, CHANNEL-ID (≤ 5), numeric X-EXTERNAL-ID', async () => {
    const longChannel = await client.send(
      BALANCE,
      { accountNo: '0011223344' },
      { headers: { 'CHANNEL-ID': 'MERCHANT0101' } },
    );
    expect(longChannel.json).toEqual({
      responseCode: '4001101',
      responseMessage: 'Invalid Field Format CHANNEL-ID',
    });
    const noPartner = await client.send(
      BALANCE,
      { accountNo: '0011223344' },
      { headers: { 'X-PARTNER-ID': undefined } },
    );
    expect(noPartner.json).toEqual({
      responseCode: '4001102',
      responseMessage: 'Invalid Mandatory Field X-PARTNER-ID',
    });
    const alpha = await client.send(BALANCE, { accountNo: '0011223344' }, { externalId: 'abc123' });
    expect(alpha.json).toEqual({
      responseCode: '4001101',
      responseMessage: 'Invalid Field Format X-EXTERNAL-ID',
    });
    const noToken = await client.send(
      BALANCE,
      { accountNo: '0011223344' },
      { headers: { Authorization: undefined } },
    );
    expect(noToken.json['responseCode']).toBe('4011103');
  });

  it('answers 405 with the service code and 404 for unknown paths', async () => {
    const res = await fetch(mock.url + TRANSFER, { method: 'GET' });
    expect(res.status).toBe(405);
    expect(((await res.json()) as Record<string, unknown>)['responseCode']).toBe('4051700');
    const missing = await client.send(`${layout.base}/transfer-rtgs`, {});
    expect(missing.status).toBe(404);
    expect(missing.json['responseCode']).toBe('4040000');
  });
});
