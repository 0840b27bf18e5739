import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { SNAP_LAYOUTS, snapClient, snapPartner, unique, type SnapClient } from './emulations.ts';
import { jakartaTimestamp } from './helpers.ts';

const layout = SNAP_LAYOUTS['bri-snap'];
let mock: RunningMock;
let clients: SnapClient[];

beforeAll(async () => {
  const partners = ['PARALLEL01', 'PARALLEL02', 'PARALLEL03'].map((id) => snapPartner(layout, id));
  mock = await startMockBank({ partners: partners.map((p) => p.partner) });
  clients = await Promise.all(partners.map((p) => snapClient(mock.url, layout, p)));
});
afterAll(async () => {
  await mock.close();
});

describe('concurrent suites', () => {
  it('keep their own balances when they transfer at the same time', async () => {
    const transfers = clients.flatMap((client, index) =>
      Array.from({ length: 20 }, () =>
        client.send('/intrabank/snap/v1.0/transfer-intrabank', {
          partnerReferenceNo: `C${unique()}`,
          amount: { value: `${index + 1}.00`, currency: 'IDR' },
          beneficiaryAccountNo: '5566778899',
          sourceAccountNo: '0011223344',
          transactionDate: jakartaTimestamp(),
        }),
      ),
    );
    const results = await Promise.all(transfers);
    expect(results.every((r) => r.json['responseCode'] === '2001700')).toBe(true);
    for (const [index, client] of clients.entries()) {
      const res = await client.send('/snap/v1.0/balance-inquiry', { accountNo: '5566778899' });
      const info = (res.json['accountInfos'] as Array<Record<string, { value: string }>>)[0];
      expect(info?.['availableBalance']?.value).toBe((2_500_000 + 20 * (index + 1)).toFixed(2));
    }
  });
});
