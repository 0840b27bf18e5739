/**
 * A bank's own wording of its answers (profile `messages`) and its sandbox's scripted answers keyed
 * off body fields (`scenarios[].when.fields`): DANA answers exactly what its UAT scenarios
 * (uat-script @05d2169) document, the mock's own explanation goes to X-Kontrak-Diagnosis, and a bank
 * whose profile states no wording keeps ASPI's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { IDR, bankClient, bankPartner, uniqueRef, type BankClient } from './bank-client.ts';

const DIAGNOSIS = 'x-kontrak-diagnosis';
const answer = (r: { json: Record<string, unknown> }) => [r.json['responseCode'], r.json['responseMessage']];

describe("bank messages: DANA's documented wording", () => {
  let mock: RunningMock;
  let dana: BankClient;
  let snap: BankClient;
  const dana1 = bankPartner('dana', 'DANAMSG01');
  const snap1 = bankPartner('snap', 'SNAPMSG01');

  beforeAll(async () => {
    mock = await startMockBank({ partners: [dana1.partner, snap1.partner] });
    dana = await bankClient(mock.url, dana1, undefined, { asymmetric: true });
    snap = await bankClient(mock.url, snap1, '/v1.0/access-token/b2b');
  });
  afterAll(async () => {
    await mock.close();
  });

  const topup = (client: BankClient, path: string, customerNumber: string, amount = '1.00') =>
    client.send(path, { partnerReferenceNo: uniqueRef('TU'), customerNumber, amount: IDR(amount) });
  const transfer = (client: BankClient, path: string, beneficiaryAccountNumber: string, amount: string) =>
    client.send(path, {
      partnerReferenceNo: uniqueRef('TB'),
      customerNumber: '62811742234',
      beneficiaryAccountNumber,
      beneficiaryBankCode: '014',
      amount: IDR(amount),
    });

  it('answers the message DANA documents, and keeps the why in X-Kontrak-Diagnosis', async () => {
    const poor = await transfer(dana, '/v1.0/emoney/transfer-bank.htm', '2460888509', '1000000000000.00');
    expect(answer(poor)).toEqual(['4034314', 'Insufficient Fund']);
    expect(poor.headers.get(DIAGNOSIS)).toContain('Insufficient Funds');
    const inactive = await transfer(dana, '/v1.0/emoney/transfer-bank.htm', '81398055100', '100.00');
    expect(answer(inactive)).toEqual(['4034318', 'Inactive Account Merchant']);
    expect(answer(await transfer(dana, '/v1.0/emoney/transfer-bank.htm', '2460888509', '100.00'))).toEqual([
      '2024300',
      'Request In Progress',
    ]);
    const frozen = await topup(dana, '/rest/v1.0/emoney/topup', '628996647679');
    expect(answer(frozen)).toEqual(['4033805', 'Do Not Honor']);
    expect(frozen.headers.get(DIAGNOSIS)).toContain('account frozen');
  });

  it('names the refused field as DANA does: its top-level name', async () => {
    const bad = await dana.send('/rest/redirection/v1.0/debit/payment-host-to-host', {
      partnerReferenceNo: uniqueRef('DA'),
      amount: IDR('10000.0000'),
      merchantId: 'M1',
    });
    expect(answer(bad)).toEqual(['4005401', 'Invalid Field Format amount']);
    expect(bad.headers.get(DIAGNOSIS)).toContain('amount.value');
  });

  it('words a create-order of scenario REDIRECT as DANA does, and any other one "Successful"', async () => {
    const order = (scenario: string) =>
      dana.send('/rest/redirection/v1.0/debit/payment-host-to-host', {
        partnerReferenceNo: uniqueRef('DA'),
        amount: IDR('1.00'),
        merchantId: 'M1',
        additionalInfo: { order: { orderTitle: 'Order', scenario } },
      });
    const redirect = await order('REDIRECT');
    expect(redirect.json['responseCode']).toBe('2005400');
    expect(String(redirect.json['responseMessage'])).toMatch(/^Successful\. If you want to use QRIS/);
    expect(answer(await order('API'))).toEqual(['2005400', 'Successful']);
  });

  it("scripts answers off a customer number and an amount, as DANA's sandbox does", async () => {
    const path = '/rest/v1.0/emoney/topup';
    expect(answer(await topup(dana, path, '628551008794'))).toEqual(['5003801', 'Internal Server Error']);
    expect(answer(await topup(dana, path, '628121111111'))).toEqual(['5003800', 'General Error']);
    expect(answer(await topup(dana, path, '62811742234', '1000000000000.00'))).toEqual([
      '4033814',
      'Insufficient Fund',
    ]);
    expect(answer(await topup(dana, path, '62811742234'))).toEqual(['2003800', 'Successful']);
  });

  it("answers the sandbox's script before the body checks, as DANA does for a blank partnerReferenceNo", async () => {
    const debit = (amount: string) =>
      dana.send('/rest/redirection/v1.0/debit/payment-host-to-host', {
        partnerReferenceNo: '',
        amount: IDR(amount),
        merchantId: 'M1',
      });
    expect(answer(await debit('445408.00'))).toEqual(['4045408', 'Invalid Merchant']);
    expect(answer(await debit('1.00'))).toEqual(['4005402', 'Invalid Mandatory Field partnerReferenceNo']);
  });

  it('leaves a bank whose profile states no wording with the mock’s own', async () => {
    const frozen = await topup(snap, '/v1.0/emoney/topup', '6281122334455');
    expect(answer(frozen)).toEqual(['4033805', 'Do Not Honor (account frozen)']);
    expect(answer(await topup(snap, '/v1.0/emoney/topup', '628551008794'))[0]).toBe('4043811');
  });
});
