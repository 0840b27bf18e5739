/**
 * The certification negatives every SNAP emulation answers: a reference sent again with the same
 * content is a duplicate (409xx01), with another amount an inconsistent request (404xx18), and a
 * call without Authorization is "Token Not Found" (401xx03).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { SNAP_LAYOUTS, snapClient, snapPartner, unique, type SnapClient } from './emulations.ts';
import {
  call,
  CREATE_VA_PATH,
  createVaBody,
  getToken,
  jakartaTimestamp,
  makePartner,
  transactionHeaders,
  type TestPartner,
} from './helpers.ts';

describe.each(['snap', 'bri-snap'] as const)('%s repeated partnerReferenceNo', (emulation) => {
  const layout = SNAP_LAYOUTS[emulation];
  const TRANSFER = `${layout.intrabase}/transfer-intrabank`;
  let mock: RunningMock;
  let client: SnapClient;

  beforeAll(async () => {
    const a = snapPartner(layout, 'MERCHANT01');
    mock = await startMockBank({ partners: [a.partner] });
    client = await snapClient(mock.url, layout, a);
  });
  afterAll(async () => {
    await mock.close();
  });

  const transfer = (
    partnerReferenceNo: string,
    value: string,
    headers?: Record<string, string | undefined>,
  ) =>
    client.send(
      TRANSFER,
      {
        partnerReferenceNo,
        amount: { value, currency: 'IDR' },
        beneficiaryAccountNo: '5566778899',
        sourceAccountNo: '0011223344',
        transactionDate: jakartaTimestamp(),
      },
      headers ? { headers } : {},
    );

  it('answers 4091701 for the same reference and amount, 4041718 for another amount', async () => {
    const reference = `REF${unique()}`;
    expect((await transfer(reference, '1000.00')).json['responseCode']).toBe('2001700');
    const duplicate = await transfer(reference, '1000.00');
    expect([duplicate.status, duplicate.json['responseCode']]).toEqual([409, '4091701']);
    const inconsistent = await transfer(reference, '1001.00');
    expect([inconsistent.status, inconsistent.json['responseCode']]).toEqual([404, '4041718']);
    expect(inconsistent.json['responseMessage']).toMatch(/^Inconsistent Request/);
  });

  it('answers 4011703 when no Authorization header is sent', async () => {
    const res = await transfer(`REF${unique()}`, '1000.00', { Authorization: undefined });
    expect([res.status, res.json['responseCode']]).toEqual([401, '4011703']);
  });
});

describe('nicepay repeated trxId and missing token', () => {
  let mock: RunningMock;
  let tp: TestPartner;
  let token: string;
  beforeAll(async () => {
    tp = makePartner('IONPAYTEST');
    mock = await startMockBank({ partners: [tp.partner] });
    token = await getToken(mock.url, tp);
  });
  afterAll(async () => {
    await mock.close();
  });

  const createVa = (body: Record<string, unknown>, headers?: Record<string, string | undefined>) => {
    const text = JSON.stringify(body);
    return call(mock.url + CREATE_VA_PATH, {
      headers: transactionHeaders({
        token,
        body: text,
        secret: tp.partner.clientSecret,
        partnerId: tp.partner.clientId,
        ...(headers ? { headers } : {}),
      }),
      body: text,
    });
  };

  it('answers 4092701 for the same trxId and amount, 4042718 for another amount', async () => {
    const body = createVaBody();
    expect((await createVa(body)).json['responseCode']).toBe('2002700');
    expect((await createVa(body)).json['responseCode']).toBe('4092701');
    const other = { ...body, totalAmount: { value: '10001.00', currency: 'IDR' } };
    const res = await createVa(other);
    expect([res.status, res.json['responseCode']]).toEqual([404, '4042718']);
  });

  it('answers 4012703 when no Authorization header is sent', async () => {
    const res = await createVa(createVaBody(), { Authorization: undefined });
    expect([res.status, res.json['responseCode']]).toEqual([401, '4012703']);
  });
});
