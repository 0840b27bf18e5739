/**
 * The mock knows which bank it plays: a call is verified with that bank profile's signing, not
 * with what the partner was registered with (a provider file's belief about the bank).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { tempProject } from '../support/project.ts';
import { bankClient, bankPartner } from './bank-client.ts';

const sourced = (value: string): string =>
  `{ value: ${value}, source: "a test's own bank", confidence: assumed }`;

/** A bank of a project's own on ASPI's standard paths, the same as `snap`'s; its token type tells it apart. */
const KOPI_BANK = `bank: kopibank
title: Kopi Bank (a project's own, on the standard paths)
tokenPath: ${sourced('/v1.0/access-token/b2b')}
basePath: ${sourced('/v1.0')}
signatureEncoding: ${sourced('hex')}
timestampFormat: ${sourced('snap')}
externalIdDigits: ${sourced('16')}
signature: ${sourced('symmetric')}
tokenType: ${sourced('BearerToken')}
services:
  access-token/b2b: {}
  balance-inquiry: {}
`;

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

  it("Mandiri's sandbox X-PARTNER-ID SANDBOX, registered apart from the client id, is accepted", async () => {
    const sandbox = bankPartner('mandiri', 'MANDIRICLIENT');
    sandbox.partner.partnerId = 'SANDBOX';
    const plain = bankPartner('mandiri', 'MANDIRIPLAIN');
    const at = await startMockBank({ partners: [sandbox.partner, plain.partner] });
    try {
      const path = '/openapi/transactions/v1.0/balance-inquiry';
      const c = await bankClient(at.url, sandbox, '/openapi/auth/v2.0/access-token/b2b');
      const accepted = await c.send(
        path,
        { accountNo: '1234567890' },
        { headers: { 'X-PARTNER-ID': 'SANDBOX' } },
      );
      expect([200, 404]).toContain(accepted.status);
      const asClient = await c.send(path, { accountNo: '1234567890' });
      expect([asClient.status, asClient.json['responseCode']]).toEqual([401, '4011100']);
      expect(asClient.headers.get('x-kontrak-diagnosis')).toContain('knob partnerId');
      // A partner registered without a partner id keeps sending its client id.
      const p = await bankClient(at.url, plain, '/openapi/auth/v2.0/access-token/b2b');
      expect([200, 404]).toContain((await p.send(path, { accountNo: '1234567890' })).status);
    } finally {
      await at.close();
    }
  });

  describe('two banks on the standard SNAP paths', () => {
    const project = tempProject({ 'banks/kopibank.yaml': KOPI_BANK });
    const kopi = bankPartner('kopibank', 'KOPICLIENT');
    const snap = bankPartner('snap', 'SNAPCLIENT');
    // One client registered with both banks: only a /<bank> prefix says which it calls.
    const both = bankPartner('kopibank', 'BOTHCLIENT');
    const bothAtSnap = { ...both, partner: { ...both.partner, provider: 'snap' } };
    let shared: RunningMock;
    beforeAll(async () => {
      shared = await startMockBank({
        projectRoot: project.root,
        partners: [snap.partner, kopi.partner, both.partner, bothAtSnap.partner],
      });
    });
    afterAll(async () => {
      await shared.close();
      project.cleanup();
    });

    it("a partner registered with one bank gets that bank's token and balance, verified its way", async () => {
      const atKopi = await bankClient(shared.url, kopi, undefined, { encoding: 'hex' });
      const kopiToken = await atKopi.tokenRequest('/v1.0/access-token/b2b', {
        grantType: 'client_credentials',
      });
      expect([kopiToken.status, kopiToken.json['tokenType']]).toEqual([200, 'BearerToken']);
      const atSnap = await bankClient(shared.url, snap, undefined);
      const snapToken = await atSnap.tokenRequest('/v1.0/access-token/b2b', {
        grantType: 'client_credentials',
      });
      expect([snapToken.status, snapToken.json['tokenType']]).toEqual([200, 'Bearer']);

      const kopiClient = await bankClient(shared.url, kopi, '/v1.0/access-token/b2b', { encoding: 'hex' });
      const kopiBalance = await kopiClient.send('/v1.0/balance-inquiry', { accountNo: '1234567890' });
      expect(kopiBalance.status).not.toBe(401);
      expect(kopiBalance.status).not.toBe(400);
      // Kopi Bank verifies hex: the same call signed base64 is refused by its gate.
      const wrongWay = await kopiClient.send(
        '/v1.0/balance-inquiry',
        { accountNo: '1234567890' },
        { encoding: 'base64' },
      );
      expect([wrongWay.status, wrongWay.json['responseCode']]).toEqual([401, '4011100']);
      const snapClient = await bankClient(shared.url, snap, '/v1.0/access-token/b2b');
      const snapBalance = await snapClient.send('/v1.0/balance-inquiry', { accountNo: '1234567890' });
      expect(snapBalance.status).not.toBe(401);
      expect(snapBalance.status).not.toBe(400);
    });

    it('a /<bank> prefix names the bank for a client registered with both', async () => {
      const viaPrefix = await bankClient(shared.url, both, undefined, { encoding: 'hex' });
      const token = await viaPrefix.tokenRequest('/kopibank/v1.0/access-token/b2b', {
        grantType: 'client_credentials',
      });
      expect([token.status, token.json['tokenType']]).toEqual([200, 'BearerToken']);
      const snapToken = await viaPrefix.tokenRequest('/snap/v1.0/access-token/b2b', {
        grantType: 'client_credentials',
      });
      // /snap/v1.0/access-token/b2b is BRI's own path: the prefix does not hide a bank's real path.
      expect(snapToken.status).toBe(401);
      const unknown = await viaPrefix.tokenRequest('/nobank/v1.0/access-token/b2b', {
        grantType: 'client_credentials',
      });
      expect(unknown.status).toBe(404);
    });
  });
});
