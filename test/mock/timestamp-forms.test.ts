/**
 * The X-TIMESTAMP forms a bank accepts are its profile's timestampForms knob, ASPI's rule (any
 * ISO-8601 offset, with or without milliseconds) by default. Tried both ways: BCA's documented
 * 25-character form refuses milliseconds and `Z` with 400xx01 and a diagnosis naming the knob and
 * BCA's source, while the standard SNAP bank accepts both; a profile whose own timestampFormat
 * falls outside its forms is refused when it loads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { timestampFormProblem, type TimestampForms } from '../../src/banks/timestamp-forms.ts';
import { readBankProfile } from '../../src/load/bank-profiles.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { bankPartner, externalId } from './bank-client.ts';
import { call, hmacSign, jakartaTimestamp, rsaSign, sha256, type JsonResponse } from './helpers.ts';
import type { TestPartner } from './helpers.ts';

const BCA_SOURCE = 'developer.bca.co.id Headers (SNAP)';
const diagnosis = (r: JsonResponse) => r.headers.get('x-kontrak-diagnosis') ?? '';
const code = (r: JsonResponse) => r.json['responseCode'];

/** The same instant in the forms banks write: seconds, milliseconds, UTC with Z. */
const forms = (ms = Date.now()) => ({
  seconds: jakartaTimestamp(ms),
  millis: jakartaTimestamp(ms, true),
  utc: new Date(ms).toISOString(),
});

describe('timestampFormProblem', () => {
  it('judges offsets and milliseconds by the knob', () => {
    const aspi: TimestampForms = { offsets: 'any', milliseconds: 'optional' };
    const bca: TimestampForms = { offsets: 'numeric', milliseconds: 'forbidden' };
    const jakartaMillis: TimestampForms = { offsets: ['+07:00'], milliseconds: 'required' };
    const { seconds, millis, utc } = forms(Date.UTC(2024, 2, 5, 10, 37, 16, 123));
    for (const value of [seconds, millis, utc, '2024-03-05T12:37:16-05:30'])
      expect(timestampFormProblem(aspi, value)).toBeUndefined();
    expect(timestampFormProblem(bca, seconds)).toBeUndefined();
    expect(timestampFormProblem(bca, millis)).toBe('it has milliseconds');
    expect(timestampFormProblem(bca, '2024-03-05T10:37:16Z')).toBe('its offset is Z');
    expect(timestampFormProblem(jakartaMillis, millis)).toBeUndefined();
    expect(timestampFormProblem(jakartaMillis, seconds)).toBe('it has no milliseconds');
    expect(timestampFormProblem(jakartaMillis, utc)).toBe('its offset is Z');
  });
});

describe('X-TIMESTAMP forms from the bank profile', () => {
  const bca = bankPartner('bca', 'BCASTAMP01');
  const snap = bankPartner('snap', 'SNAPSTAMP01');
  const log: string[] = [];
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMockBank({ partners: [bca.partner, snap.partner], log: (line) => log.push(line) });
  });
  afterAll(async () => {
    await mock.close();
  });

  /** A B2B token request signed over `clientId|timestamp` with the timestamp as given. */
  const token = (tp: TestPartner, path: string, timestamp: string) =>
    call(mock.url + path, {
      headers: {
        'Content-Type': 'application/json',
        'X-TIMESTAMP': timestamp,
        'X-CLIENT-KEY': tp.partner.clientId,
        'X-SIGNATURE': rsaSign(`${tp.partner.clientId}|${timestamp}`, tp.privateKey),
      },
      body: JSON.stringify({ grantType: 'client_credentials' }),
    });

  /** A type B balance inquiry signed with the timestamp as given. */
  const balance = (tp: TestPartner, path: string, accessToken: string, timestamp: string) => {
    const body = JSON.stringify({ partnerReferenceNo: `STAMP${Date.now()}`, accountNo: '0011223344' });
    return call(mock.url + path, {
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${accessToken}`,
        'X-TIMESTAMP': timestamp,
        'X-SIGNATURE': hmacSign(
          `POST:${path}:${accessToken}:${sha256(body)}:${timestamp}`,
          tp.partner.clientSecret,
        ),
        'X-PARTNER-ID': tp.partner.clientId,
        'X-EXTERNAL-ID': externalId(),
        'CHANNEL-ID': '95051',
      },
      body,
    });
  };

  const expectFormRefusal = (r: JsonResponse, status: string, received: string) => {
    expect([r.status, code(r)]).toEqual([400, status]);
    expect(r.json['responseMessage']).toBe('Invalid Field Format X-TIMESTAMP');
    expect(diagnosis(r)).toContain(`knob timestampForms: received ${JSON.stringify(received)}; bca expects`);
    expect(diagnosis(r)).toContain(`source: ${BCA_SOURCE}`);
    expect(log.some((line) => line.includes('knob timestampForms:') && line.includes(received))).toBe(true);
  };

  it("BCA's token call: its 25-character form passes, milliseconds and Z get 4007301 naming the knob", async () => {
    const { seconds, millis, utc } = forms();
    const path = '/openapi/v1.0/access-token/b2b';
    expect((await token(bca, path, seconds)).status).toBe(200);
    expectFormRefusal(await token(bca, path, millis), '4007301', millis);
    const zuluSeconds = `${utc.slice(0, 19)}Z`;
    const zulu = await token(bca, path, zuluSeconds);
    expectFormRefusal(zulu, '4007301', zuluSeconds);
    expect(diagnosis(zulu)).toContain('its offset is Z');
  });

  it("BCA's transactions refuse milliseconds the same way (400xx01 before the signature)", async () => {
    const t = await token(bca, '/openapi/v1.0/access-token/b2b', jakartaTimestamp());
    const accessToken = t.json['accessToken'] as string;
    const { millis } = forms();
    const refused = await balance(bca, '/openapi/v1.0/balance-inquiry', accessToken, millis);
    expectFormRefusal(refused, '4001101', millis);
    expect(diagnosis(refused)).toContain('without milliseconds');
  });

  it("the standard SNAP bank (ASPI's default) accepts Z and milliseconds, on the token and on a transaction", async () => {
    const { millis, utc } = forms();
    expect((await token(snap, '/v1.0/access-token/b2b', utc)).status).toBe(200);
    const t = await token(snap, '/v1.0/access-token/b2b', millis);
    expect(t.status).toBe(200);
    const accessToken = t.json['accessToken'] as string;
    const answered = await balance(snap, '/v1.0/balance-inquiry', accessToken, forms().utc);
    expect(diagnosis(answered)).not.toContain('timestampForms');
    expect([answered.status, code(answered)]).toEqual([200, '2001100']);
  });
});

describe('a profile whose timestampForms refuse its own timestampFormat', () => {
  it('is refused when it loads, at the knob, naming both', () => {
    const snap = parse(readFileSync(join(import.meta.dirname, '../../banks/snap.yaml'), 'utf8')) as Record<
      string,
      unknown
    >;
    const text = stringify({
      ...snap,
      bank: 'stamp-bank',
      starter: undefined,
      timestampFormat: { value: 'snap-millis', source: 'this test', confidence: 'assumed' },
      timestampForms: {
        value: { offsets: 'numeric', milliseconds: 'forbidden' },
        source: 'this test',
        confidence: 'assumed',
      },
    });
    const outcome = readBankProfile('banks/stamp-bank.yaml', text);
    expect(outcome.value).toBeUndefined();
    const [problem] = outcome.diagnostics;
    expect(problem?.code).toBe('E_INVALID_VALUE');
    expect(problem?.message).toContain('timestampForms refuses what timestampFormat snap-millis writes');
    expect(problem?.line).toBe(text.split('\n').findIndex((l) => l.startsWith('timestampForms:')) + 1);
  });

  it('every shipped profile accepts its own form', () => {
    for (const bank of ['snap', 'bca', 'bni', 'bri-snap', 'dana', 'doku', 'mandiri']) {
      const file = join(import.meta.dirname, `../../banks/${bank}.yaml`);
      expect(readBankProfile(file, readFileSync(file, 'utf8')).diagnostics, bank).toEqual([]);
    }
  });
});
