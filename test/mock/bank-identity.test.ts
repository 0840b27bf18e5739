/**
 * The mock knows which bank it plays: a call is verified with that bank profile's signing, not
 * with what the partner was registered with (a provider file's belief about the bank).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { bankClient, bankPartner } from './bank-client.ts';

describe('the bank the mock plays', () => {
  // A BCA partner registered with hex signatures, as a provider file set to hex would register it.
  const believer = bankPartner('bca', 'BCAHEXBELIEVER');
  believer.partner.signing = {
    signedPathStripPrefix: '',
    signQuery: 'as-sent',
    bodyHash: 'minified',
    signatureEncoding: 'hex',
  };
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMockBank({ partners: [believer.partner] });
  });
  afterAll(async () => {
    await mock.close();
  });

  it("verifies with the bank profile's signing: BCA's base64, whatever the partner was registered with", async () => {
    const body = { accountNo: '1234567890' };
    const hex = await bankClient(mock.url, believer, '/openapi/v1.0/access-token/b2b', { encoding: 'hex' });
    const refused = await hex.send('/openapi/v1.0/balance-inquiry', body, {
      headers: { 'CHANNEL-ID': '95051' },
    });
    expect([refused.status, refused.json['responseCode']]).toEqual([401, '4011100']);
    expect(refused.headers.get('x-kontrak-diagnosis')).toBeTruthy();

    const base64 = await bankClient(mock.url, believer, '/openapi/v1.0/access-token/b2b');
    const accepted = await base64.send('/openapi/v1.0/balance-inquiry', body, {
      headers: { 'CHANNEL-ID': '95051' },
    });
    // Past the gate: the ledger answers (a balance, or an account it does not hold).
    expect([200, 404]).toContain(accepted.status);
  });
});
