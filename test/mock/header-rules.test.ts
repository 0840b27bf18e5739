/**
 * The header rules are the bank profile's knobs. Each is tried both ways with hand-built requests
 * in the form a bank's own SDK sends them: accepted under the shipped profile, refused under a
 * project profile of the same bank set to ASPI's strict rule, with X-Kontrak-Diagnosis naming the
 * knob and the profile's source, and the same line on the mock's console.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { bankClient, bankPartner, uniqueRef, type BankClient } from './bank-client.ts';
import type { JsonResponse } from './helpers.ts';
import { tempDir } from '../support/project.ts';

const STRICT = 'strict rule set by this test';
const strict = (value: unknown) => ({ value, source: STRICT, confidence: 'assumed' });
/** DOKU's X-EXTERNAL-ID as doku-nodejs-library 1.0.52 makes it: uuid v4, '-', epoch ms. */
const dokuExternalId = () => `${crypto.randomUUID()}-${Date.now()}`;
const code = (r: JsonResponse) => r.json['responseCode'];
const diagnosis = (r: JsonResponse) => r.headers.get('x-kontrak-diagnosis') ?? '';

/** banks/doku.yaml with every header rule at ASPI's default, sourced to this test. */
function strictDoku(): string {
  const doku = parse(readFileSync(join(import.meta.dirname, '../../banks/doku.yaml'), 'utf8')) as {
    services: Record<string, Record<string, unknown>>;
  } & Record<string, unknown>;
  for (const knobs of Object.values(doku.services)) delete knobs['channelId'];
  Object.assign(doku, {
    channelId: strict({ required: true, maxLength: 5 }),
    externalId: strict({ characters: 'digits', maxLength: 36, uniqueWithin: 'day' }),
    customerToken: strict('bearer'),
    deviceHeaders: strict('required'),
    originalServiceCode: strict('original'),
    headers: strict({ 'X-DEVICE-ID': 'any' }),
  });
  return stringify(doku);
}

/** A SNAP bank whose X-PARTNER-ID is a registered partner id, not the client id. */
function partnerIdBank(): string {
  const snap = parse(readFileSync(join(import.meta.dirname, '../../banks/snap.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  return stringify({
    ...snap,
    bank: 'apikey-bank',
    title: 'A bank whose X-PARTNER-ID is an API key',
    basePath: strict('/apikey/v1.0'),
    tokenPath: strict('/apikey/v1.0/access-token/b2b'),
    partnerId: strict('registered'),
    starter: undefined,
    services: { 'access-token/b2b': {}, 'balance-inquiry': {} },
  });
}

/** banks/dana.yaml with "" and null in optional fields refused. */
function strictDana(): string {
  const dana = parse(readFileSync(join(import.meta.dirname, '../../banks/dana.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  return stringify({ ...dana, blankOptional: strict('invalid') });
}

interface Mocks {
  shipped: RunningMock;
  strict: RunningMock;
  strictLog: string[];
}

describe('header rules from the bank profile', () => {
  const dir = tempDir();
  const doku = bankPartner('doku', 'DOKURULES01');
  const apikey = bankPartner('apikey-bank', 'APIKEYCLIENT');
  const dana = bankPartner('dana', 'DANARULES01');
  apikey.partner.partnerId = 'api-key-0001';
  const mocks = {} as Mocks;
  beforeAll(async () => {
    mkdirSync(join(dir.dir, 'banks'));
    writeFileSync(join(dir.dir, 'banks', 'doku.yaml'), strictDoku());
    writeFileSync(join(dir.dir, 'banks', 'apikey-bank.yaml'), partnerIdBank());
    writeFileSync(join(dir.dir, 'banks', 'dana.yaml'), strictDana());
    mocks.strictLog = [];
    mocks.shipped = await startMockBank({ partners: [doku.partner, dana.partner] });
    mocks.strict = await startMockBank({
      projectRoot: dir.dir,
      partners: [doku.partner, apikey.partner, dana.partner],
      log: (line) => mocks.strictLog.push(line),
    });
  });
  afterAll(async () => {
    await mocks.shipped.close();
    await mocks.strict.close();
    dir.cleanup();
  });

  const client = (mock: RunningMock): Promise<BankClient> =>
    bankClient(mock.url, doku, '/authorization/v1/access-token/b2b');
  /** A direct-debit status call as DOKU's SDK sends it: no CHANNEL-ID, a uuid-ms external id, "55". */
  const dokuStatus = (c: BankClient, headers: Record<string, string | undefined> = {}, serviceCode = '55') =>
    c.send(
      '/orders/v1.0/debit/status',
      { originalPartnerReferenceNo: uniqueRef('NONE'), serviceCode },
      { headers: { 'CHANNEL-ID': undefined, 'X-EXTERNAL-ID': dokuExternalId(), ...headers } },
    );
  const expectKnob = (r: JsonResponse, knob: string, source: string) => {
    expect(diagnosis(r)).toContain(`knob ${knob}:`);
    expect(diagnosis(r)).toContain(`source: ${source}`);
    expect(mocks.strictLog.some((line) => line.includes(`knob ${knob}:`))).toBe(true);
  };

  it('DOKU status as its SDK sends it passes the gate (the original is unknown: 404), each strict knob refuses it', async () => {
    const shipped = await dokuStatus(await client(mocks.shipped));
    expect([shipped.status, code(shipped)]).toEqual([404, '4045501']);

    const c = await client(mocks.strict);
    const noChannel = await dokuStatus(c, { 'X-EXTERNAL-ID': '1234567890' });
    expect([noChannel.status, code(noChannel)]).toEqual([400, '4005502']);
    expectKnob(noChannel, 'channelId', STRICT);

    const uuidMs = await dokuStatus(c, { 'CHANNEL-ID': '95221' });
    expect([uuidMs.status, code(uuidMs)]).toEqual([400, '4005501']);
    expect(uuidMs.json['responseMessage']).toBe('Invalid Field Format X-EXTERNAL-ID');
    expectKnob(uuidMs, 'externalId', STRICT);
    expect(diagnosis(uuidMs)).toContain('digits characters, at most 36');

    const own = await dokuStatus(c, {
      'CHANNEL-ID': '95221',
      'X-EXTERNAL-ID': '1234567891',
      'X-DEVICE-ID': 'd',
    });
    expect([own.status, code(own)]).toEqual([400, '4005501']);
    expectKnob(own, 'originalServiceCode', STRICT);
    expect(diagnosis(own)).toContain('received "55"');
  });

  it('the shipped DOKU profile names its SDK as the source of what it accepts', async () => {
    const c = await client(mocks.shipped);
    const longId = await dokuStatus(c, { 'X-EXTERNAL-ID': `${dokuExternalId()}X` });
    expect([longId.status, code(longId)]).toEqual([400, '4005501']);
    expect(diagnosis(longId)).toContain('knob externalId: received');
    expect(diagnosis(longId)).toContain('doku expects uuid-like characters, at most 50');
    expect(diagnosis(longId)).toContain('source: doku-nodejs-library 1.0.52 (npm)');
  });

  it('DOKU customer token without "Bearer " and without X-DEVICE-ID: accepted as shipped, refused strict, saying why', async () => {
    const customerToken = async (mock: RunningMock, c: BankClient) => {
      const minted = (await (await fetch(`${mock.url}/kontrak/auth-code`, { method: 'POST' })).json()) as {
        authCode: string;
      };
      const res = await c.tokenRequest('/authorization/v1/access-token/b2b2c', {
        grantType: 'AUTHORIZATION_CODE',
        authCode: minted.authCode,
      });
      return String(res.json['accessToken']);
    };
    const balance = (c: BankClient, token: string, headers: Record<string, string | undefined> = {}) =>
      c.send(
        '/direct-debit/core/v1/balance-inquiry',
        { partnerReferenceNo: uniqueRef('BAL') },
        {
          headers: {
            'CHANNEL-ID': undefined,
            'X-EXTERNAL-ID': dokuExternalId(),
            'Authorization-Customer': token,
            ...headers,
          },
        },
      );
    const shippedClient = await client(mocks.shipped);
    const shipped = await balance(shippedClient, await customerToken(mocks.shipped, shippedClient));
    expect([shipped.status, code(shipped)]).toEqual([200, '2001100']);

    const c = await client(mocks.strict);
    // Everything else as the strict profile wants it: only the token's form differs.
    const bare = await balance(c, await customerToken(mocks.strict, c), {
      'CHANNEL-ID': '95221',
      'X-EXTERNAL-ID': String(Date.now()),
      'X-DEVICE-ID': 'device-1',
    });
    expect([bare.status, code(bare)]).toEqual([401, '4011102']);
    expect(String(bare.json['responseMessage'])).toContain('sent without "Bearer "');
    expect(String(bare.json['responseMessage'])).not.toContain('unknown to this server');
    expectKnob(bare, 'customerToken', STRICT);

    const noDevice = await c.send(
      '/direct-debit/core/v1/balance-inquiry',
      { partnerReferenceNo: uniqueRef('BAL') },
      {
        headers: {
          'X-EXTERNAL-ID': String(Date.now() + 1),
          'Authorization-Customer': `Bearer ${await customerToken(mocks.strict, c)}`,
        },
      },
    );
    expect([noDevice.status, code(noDevice)]).toEqual([400, '4001102']);
    expectKnob(noDevice, 'deviceHeaders', STRICT);
  });

  it('X-PARTNER-ID: a registered partner id where the bank says so, the client id refused naming the knob', async () => {
    const c = await bankClient(mocks.strict.url, apikey, '/apikey/v1.0/access-token/b2b');
    const asKey = await c.send(
      '/apikey/v1.0/balance-inquiry',
      { accountNo: '1234567890' },
      {
        headers: { 'X-PARTNER-ID': 'api-key-0001' },
      },
    );
    expect(asKey.status).toBe(200);
    const asClient = await c.send('/apikey/v1.0/balance-inquiry', { accountNo: '1234567890' });
    expect([asClient.status, code(asClient)]).toEqual([401, '4011100']);
    expectKnob(asClient, 'partnerId', STRICT);
    expect(diagnosis(asClient)).toContain('received "APIKEYCLIENT"');
  });

  it('DANA apply token with "refreshToken": "" (its SDK and UAT case): absent as shipped, refused strict naming the knob', async () => {
    const applyToken = async (mock: RunningMock) => {
      const c = await bankClient(mock.url, dana, undefined, { asymmetric: true });
      const minted = (await (await fetch(`${mock.url}/kontrak/auth-code`, { method: 'POST' })).json()) as {
        authCode: string;
      };
      return c.tokenRequest('/v1.0/access-token/b2b2c.htm', {
        grantType: 'AUTHORIZATION_CODE',
        authCode: minted.authCode,
        refreshToken: '',
      });
    };
    const shipped = await applyToken(mocks.shipped);
    expect([shipped.status, code(shipped)]).toEqual([200, '2007400']);
    const refused = await applyToken(mocks.strict);
    expect(refused.status).toBe(400);
    expectKnob(refused, 'blankOptional', STRICT);
    expect(diagnosis(refused)).toContain('refreshToken: \\"\\"');
  });

  it('a 400 refusal of a body field explains itself, in the header and on the console', async () => {
    const c = await client(mocks.strict);
    const refused = await c.send(
      '/virtual-accounts/bi-snap-va/v1.1/transfer-va/create-va',
      {
        virtualAccountName: 'PELANGGAN KONTRAK',
        trxId: uniqueRef('VA'),
        totalAmount: { value: '10', currency: 'IDR' },
      },
      { headers: { 'CHANNEL-ID': '95221', 'X-EXTERNAL-ID': '777000222', 'X-DEVICE-ID': 'd' } },
    );
    expect([refused.status, code(refused)]).toEqual([400, '4002701']);
    expect(diagnosis(refused)).toContain('Invalid Field Format totalAmount.value');
    expect(mocks.strictLog.some((l) => l.includes('-> 400 4002701') && l.includes('totalAmount.value'))).toBe(
      true,
    );
  });

  it('404 and 409 refusals explain themselves, in the header and on the console', async () => {
    const unknown = await fetch(`${mocks.strict.url}/no/such/path`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-kontrak-diagnosis')).toContain('No endpoint POST /no/such/path');
    expect(mocks.strictLog.some((l) => l.startsWith('POST /no/such/path -> 404'))).toBe(true);

    const c = await client(mocks.strict);
    const headers = { 'X-EXTERNAL-ID': '777000111', 'X-DEVICE-ID': 'd' };
    const body = { originalPartnerReferenceNo: uniqueRef('NONE'), serviceCode: '54' };
    await c.send('/orders/v1.0/debit/status', body, { headers });
    const again = await c.send('/orders/v1.0/debit/status', body, { headers });
    expect([again.status, code(again)]).toEqual([409, '4095500']);
    expectKnob(again, 'externalId', STRICT);
    expect(diagnosis(again)).toContain('not used before the same day');
  });

  it('DOKU serves VA create, status and delete at its SDK\'s paths, with CHANNEL-ID "SDK" and a uuid-ms external id', async () => {
    const c = await client(mocks.shipped);
    const headers = { 'CHANNEL-ID': 'SDK', 'X-EXTERNAL-ID': dokuExternalId() };
    const created = await c.send(
      '/virtual-accounts/bi-snap-va/v1.1/transfer-va/create-va',
      {
        virtualAccountName: 'PELANGGAN KONTRAK',
        trxId: uniqueRef('VA'),
        totalAmount: { value: '10000.00', currency: 'IDR' },
      },
      { headers },
    );
    expect([created.status, code(created)]).toEqual([200, '2002700']);
    const va = created.json['virtualAccountData'] as Record<string, string>;
    const ids = {
      partnerServiceId: va['partnerServiceId'],
      customerNo: va['customerNo'],
      virtualAccountNo: va['virtualAccountNo'],
    };
    const deleted = await c.send(
      '/virtual-accounts/bi-snap-va/v1.1/transfer-va/delete-va',
      { ...ids, trxId: va['trxId'] },
      {
        method: 'DELETE',
        headers: { ...headers, 'X-EXTERNAL-ID': dokuExternalId() },
      },
    );
    expect([deleted.status, code(deleted)]).toEqual([200, '2003100']);
  });
});
