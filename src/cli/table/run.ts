import { MAX_SHARDS, parseShard } from '../../run/schedule.ts';
import { defineCommand, NO_ARGUMENTS } from '../command.ts';
import { flag, integer, parsed } from '../options.ts';
import { ENVIRONMENT, EVIDENCE, outTo, READS_COLLECTIONS, reports, SUITES, useReadLimits } from './shared.ts';

/** --timeout bounds: 0 or a huge value would switch the deadline off. */
export const TIMEOUT_RANGE = { min: 1, max: 10 * 60 * 1000 } as const;
/** --max-response-bytes bounds: 1 KiB to 1 GiB (a body is held in memory while it is checked). */
export const RESPONSE_BYTES_RANGE = { min: 1024, max: 1024 * 1024 * 1024 } as const;

export const run = defineCommand({
  name: 'run',
  summary: 'load, render, run every suite, check and report (default env: mock)',
  details: [
    'With --reporters …,evidence the certification evidence pack is written to <out>/evidence.',
    'Exits 1 when a check failed, 3 when no request reached the server.',
  ],
  args: NO_ARGUMENTS,
  options: {
    ...ENVIRONMENT,
    ...SUITES,
    ...outTo('where the reports are written', 'reports'),
    ...reports(['evidence']),
    timeout: integer('<ms>', 'deadline of each request as a whole', TIMEOUT_RANGE, 30_000),
    'max-response-bytes': integer(
      '<n>',
      'largest decoded response body',
      RESPONSE_BYTES_RANGE,
      10 * 1024 * 1024,
    ),
    workers: integer('<n>', 'suites run at once', { min: 1, max: 64 }, 1),
    shard: parsed('<i>/<n>', "only this CI shard's suites", parseShard, {
      message: `i/n with 1 ≤ i ≤ n ≤ ${MAX_SHARDS}`,
      hint: 'e.g. --shard 2/4',
    }),
    'clean-payloads': flag(
      "inbound suites: send SNAP's clean payloads only, not also each bank's quirks (null fields, one-decimal amounts…)",
    ),
    ...EVIDENCE,
    ...READS_COLLECTIONS,
  },
  run: async (io, { values }) => {
    useReadLimits(values);
    const { runCommand } = await import('../commands/run.ts');
    return runCommand(io, {
      env: values.env,
      ...(values.suite ? { suite: values.suite.join(',') } : {}),
      out: values.out,
      reporters: values.reporters,
      timeout: values.timeout,
      maxResponseBytes: values['max-response-bytes'],
      workers: values.workers,
      ...(values.shard ? { shard: values.shard } : {}),
      ...(values.bank !== undefined ? { bank: values.bank } : {}),
      ...(values['provider-name'] !== undefined ? { providerName: values['provider-name'] } : {}),
      ...(values['partner-name'] !== undefined ? { partnerName: values['partner-name'] } : {}),
      ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
      ...(values['clean-payloads'] ? { payloads: 'clean' as const } : {}),
    });
  },
});
