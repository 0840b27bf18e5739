import { defineCommand, NO_ARGUMENTS } from '../command.ts';
import { flag, integer, text } from '../options.ts';
import { READS_COLLECTIONS, useReadLimits } from './shared.ts';

export const probe = defineCommand({
  name: 'probe',
  summary: 'learn a bank’s dialect from its sandbox, one knob at a time, and write a draft profile',
  details: [
    'Varies one axis at a time (X-TIMESTAMP form, signature encoding, query and body in the string',
    'to sign, CHANNEL-ID, X-EXTERNAL-ID, X-PARTNER-ID, device headers, a status call’s serviceCode)',
    'from a call the bank accepted, and writes each knob with confidence: observed and its evidence.',
    'Inquiries and status calls only; stops at the first 429, lockout wording or 5xx burst.',
    'Exit 1 when it stopped early (the draft is partial).',
  ],
  args: NO_ARGUMENTS,
  options: {
    provider: text('<name>', 'the provider to probe (its bank profile is the starting point)'),
    env: text('<name>', 'the environment: sandbox, or mock for the embedded mock’s emulation', 'sandbox'),
    out: text('<file>', 'where the draft profile is written (default banks/<bank>.draft.yaml)'),
    'max-requests': integer('<n>', 'the most requests it sends', { min: 1, max: 1000 }, 60),
    'pace-ms': integer(
      '<ms>',
      'the pause between two requests (1000: one a second)',
      { min: 0, max: 600_000 },
      1000,
    ),
    'allow-transactions': flag('let a money-moving call be sent (never needed by the probe’s own plan)'),
    diff: flag('print where the sandbox and the shipped profile disagree, knob by knob'),
    ...READS_COLLECTIONS,
  },
  run: async (io, { values }) => {
    useReadLimits(values);
    const { fail } = await import('../context.ts');
    const { error } = await import('../../diagnostics/diagnostic.ts');
    if (values.provider === undefined)
      return fail(
        io,
        error('E_USAGE', 'kontrak probe needs --provider <name>', {
          hint: 'kontrak probe --help lists its options',
        }),
      );
    const { probeCommand } = await import('../commands/probe.ts');
    return probeCommand(io, {
      provider: values.provider,
      env: values.env,
      ...(values.out === undefined ? {} : { out: values.out }),
      maxRequests: values['max-requests'],
      paceMs: values['pace-ms'],
      allowTransactions: values['allow-transactions'],
      diff: values.diff,
    });
  },
});
