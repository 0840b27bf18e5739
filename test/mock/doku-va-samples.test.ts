/**
 * DOKU's own documented VA create requests (test/fixtures/bank-samples/doku) reach DOKU's mock in
 * the formats DOKU publishes: `freeText` (DOKU's spelling), a prefix shorter than ASPI's 8
 * characters (" 8412"), virtualAccountTrxType "c". What no bank takes today is moved, and only
 * that: the long-past expiredDate becomes tomorrow's, and the BCA sample's virtualAccountNo (one
 * 0 more than its prefix and customer number) is made of them. ASPI's `snap` bank refuses the
 * same requests: the formats are DOKU's, held by banks/doku.yaml.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { bankClient, bankPartner, externalId, uniqueRef } from './bank-client.ts';
import { REPO_ROOT } from '../support/project.ts';

interface Sample {
  sample: Record<string, unknown>;
}

const sampleOf = (file: string): Record<string, unknown> =>
  (
    JSON.parse(
      readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'bank-samples', 'doku', file), 'utf8'),
    ) as Sample
  ).sample;

/** Tomorrow in SNAP's form (+07:00), so the VA is not born expired. */
function tomorrow(): string {
  const jakarta = new Date(Date.now() + 86_400_000 + 7 * 3_600_000);
  return `${jakarta.toISOString().slice(0, 19)}+07:00`;
}

/** The sample as DOKU documents it, but for what no bank takes today, and a fresh trxId and number. */
function replayable(file: string, suffix: string): Record<string, unknown> {
  const sample = sampleOf(file);
  const prefix = String(sample['partnerServiceId']);
  const customerNo = `${String(sample['customerNo']).slice(0, -suffix.length)}${suffix}`;
  return {
    ...sample,
    customerNo,
    virtualAccountNo: `${prefix}${customerNo}`,
    trxId: uniqueRef('DOKUVA'),
    expiredDate: tomorrow(),
  };
}

describe("DOKU's documented VA create requests", () => {
  const doku = bankPartner('doku', 'DOKUSAMPLES01');
  const snap = bankPartner('snap', 'SNAPSAMPLES01');
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMockBank({ partners: [doku.partner, snap.partner] });
  });
  afterAll(async () => {
    await mock.close();
  });

  const createAtDoku = async (body: unknown) => {
    const c = await bankClient(mock.url, doku, '/authorization/v1/access-token/b2b');
    return c.send('/virtual-accounts/bi-snap-va/v1.1/transfer-va/create-va', body, {
      headers: { 'CHANNEL-ID': 'SDK', 'X-EXTERNAL-ID': `${crypto.randomUUID()}-${Date.now()}` },
    });
  };
  const createAtSnap = async (body: unknown) => {
    const c = await bankClient(mock.url, snap, '/v1.0/access-token/b2b');
    return c.send('/v1.0/transfer-va/create-va', body, { headers: { 'X-EXTERNAL-ID': externalId() } });
  };

  it('BCA channel: freeText and the prefix " 19008" are taken, and the VA answers with its ids', async () => {
    const body = replayable('transfer-va-create-va-request-bca.json', '7');
    const created = await createAtDoku(body);
    expect([created.status, created.json['responseCode']]).toEqual([200, '2002700']);
    const va = created.json['virtualAccountData'] as Record<string, unknown>;
    expect(va['partnerServiceId']).toBe(' 19008');
    expect(va['virtualAccountNo']).toBe(body['virtualAccountNo']);

    const atAspi = await createAtSnap(replayable('transfer-va-create-va-request-bca.json', '8'));
    expect([atAspi.status, atAspi.json['responseMessage']]).toEqual([400, 'Invalid Field Format freeText']);
  });

  it('BNI channel: the prefix " 8412" and virtualAccountTrxType "c" are taken as a closed VA', async () => {
    const created = await createAtDoku(replayable('transfer-va-create-va-request-bni.json', '7'));
    expect([created.status, created.json['responseCode']]).toEqual([200, '2002700']);
    const va = created.json['virtualAccountData'] as Record<string, unknown>;
    expect(va['partnerServiceId']).toBe(' 8412');
    expect(va['virtualAccountTrxType']).toBe('C');

    const atAspi = await createAtSnap(replayable('transfer-va-create-va-request-bni.json', '8'));
    expect([atAspi.status, atAspi.json['responseMessage']]).toEqual([
      400,
      'Invalid Field Format partnerServiceId',
    ]);
  });
});
