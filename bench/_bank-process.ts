/**
 * A mock bank in a process of its own, for the run benchmarks (not a benchmark itself): takes its
 * partners and latency as JSON in BENCH_BANK, prints its URL, and stops on SIGTERM. A bank is
 * never in the process that calls it: its CPU must not be counted as the run's.
 */
import { startMockBank, type MockPartner } from '../src/mock/server.ts';

const { partners, latencyMs } = JSON.parse(process.env['BENCH_BANK'] ?? '{}') as {
  partners: MockPartner[];
  latencyMs: number;
};
const mock = await startMockBank({ partners, latencyMs });
process.once('SIGTERM', () => void mock.close().then(() => process.exit(0)));
console.log(JSON.stringify({ url: mock.url }));
