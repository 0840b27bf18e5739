import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import {
  call,
  createVaBody,
  CREATE_VA_PATH,
  getToken,
  makePartner,
  transactionHeaders,
  type TestPartner,
} from './helpers.ts';

const STATUS_PATH = '/nicepay/api/v1.0/transfer-va/status';
const DELETE_PATH = '/nicepay/api/v1.0/transfer-va/delete-va';

let mock: RunningMock;
let tp: TestPartner;
let token: string;

beforeAll(async () => {
  tp = makePartner('IONPAYTEST');
  mock = await startMockBank({ partners: [tp.partner], seed: 42 });
  token = await getToken(mock.url, tp);
});
afterAll(async () => {
  await mock.close();
});

function send(path: string, body: Record<string, unknown>, method = 'POST') {
  const text = JSON.stringify(body);
  const headers = transactionHeaders({
    token,
    body: text,
    secret: tp.partner.clientSecret,
    partnerId: tp.partner.clientId,
    signedPath: path.replace('/nicepay', ''),
    method,
  });
  return call(mock.url + path, { method, headers, body: text });
}

async function createVa(): Promise<Record<string, unknown>> {
  const res = await send(CREATE_VA_PATH, createVaBody());
  expect(res.json['responseCode']).toBe('2002700');
  return res.json['virtualAccountData'] as Record<string, unknown>;
}

/** The NICEPAY status / delete body of a created VA (identifiers may be left empty). */
function reference(va: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const info = va['additionalInfo'] as Record<string, unknown>;
  return {
    partnerServiceId: '',
    customerNo: '',
    virtualAccountNo: va['virtualAccountNo'],
    ...extra,
    additionalInfo: { totalAmount: va['totalAmount'], trxId: va['trxId'], tXidVA: info['tXidVA'] },
  };
}

/** A delete (cancel) body: NICEPAY also wants a cancelMessage. */
function cancellation(va: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const body = reference(va, extra);
  return { ...body, additionalInfo: { ...body.additionalInfo, cancelMessage: 'cancelled by test' } };
}

describe('NICEPAY VA status (26) and delete (31)', () => {
  it('reports a created VA as pending, with NICEPAY’s tXidVA', async () => {
    const va = await createVa();
    const res = await send(STATUS_PATH, reference(va, { inquiryRequestId: 'INQ-1' }));
    expect(res.status).toBe(200);
    expect(res.json['responseCode']).toBe('2002600');
    const data = res.json['virtualAccountData'] as Record<string, unknown>;
    expect(data).toMatchObject({
      virtualAccountNo: va['virtualAccountNo'],
      trxId: va['trxId'],
      paidAmount: { value: '0.00', currency: 'IDR' },
    });
    expect(data['additionalInfo']).toMatchObject({
      tXidVA: (va['additionalInfo'] as Record<string, unknown>)['tXidVA'],
      latestTransactionStatus: '03',
      transactionStatusDesc: 'Pending',
    });
  });

  it('cancels a VA with DELETE and a JSON body, then reports it cancelled', async () => {
    const va = await createVa();
    const res = await send(DELETE_PATH, cancellation(va, { trxId: va['trxId'] }), 'DELETE');
    expect(res.json['responseCode']).toBe('2003100');
    expect(res.json['virtualAccountData']).toMatchObject({
      virtualAccountNo: va['virtualAccountNo'],
      trxId: va['trxId'],
    });
    const status = await send(STATUS_PATH, reference(va));
    expect((status.json['virtualAccountData'] as Record<string, unknown>)['additionalInfo']).toMatchObject({
      latestTransactionStatus: '05',
    });
    const again = await send(DELETE_PATH, cancellation(va, { trxId: va['trxId'] }), 'DELETE');
    expect(again.status).toBe(404);
    expect(again.json['responseCode']).toBe('4043112');
  });

  it('refuses a tXidVA or trxId of another VA, and names missing fields', async () => {
    const va = await createVa();
    const wrongTxid = reference(va);
    (wrongTxid.additionalInfo as Record<string, unknown>)['tXidVA'] = 'IONPAYTEST0220240101000000' + '0000';
    const res = await send(STATUS_PATH, wrongTxid);
    expect(res.json['responseCode']).toBe('4042612');
    expect(res.json['responseMessage']).toMatch(/tXidVA/);
    const wrongTrx = await send(DELETE_PATH, cancellation(va, { trxId: 'OTHER' }), 'DELETE');
    expect(wrongTrx.json['responseCode']).toBe('4043112');
    const noTrx = await send(DELETE_PATH, cancellation(va), 'DELETE');
    expect(noTrx.json).toEqual({ responseCode: '4003102', responseMessage: 'Invalid Mandatory Field trxId' });
    const noNumber = await send(STATUS_PATH, { ...reference(va), virtualAccountNo: '' });
    expect(noNumber.json).toEqual({
      responseCode: '4002602',
      responseMessage: 'Invalid Mandatory Field virtualAccountNo',
    });
    const unknown = await send(STATUS_PATH, { ...reference(va), virtualAccountNo: '   88899000' });
    expect(unknown.json['responseCode']).toBe('4042612');
  });
});
