import { defineCommand } from '../command.ts';
import { text } from '../options.ts';
import { EVIDENCE, outTo, READS_COLLECTIONS, useReadLimits } from './shared.ts';

export const evidence = defineCommand({
  name: 'evidence',
  summary: 'a certification evidence pack from earlier runs; `evidence verify <dir>` re-checks one',
  details: ['kontrak evidence verify <dir>: re-check a pack’s manifest and name every changed row.'],
  args: {
    usage: '<dir|results.json>… | verify <dir>',
    min: 1,
    max: Infinity,
    missing: {
      message: 'evidence needs results to build from',
      hint: 'kontrak evidence <results.json|dir>… --bank bri --out <dir>, or kontrak evidence verify <dir>',
    },
  },
  options: {
    ...outTo('where the pack is written', 'reports/evidence'),
    ...EVIDENCE,
    env: text('<name>', 'the environment whose evidence names to use (default the run’s)'),
    ...READS_COLLECTIONS,
  },
  run: async (io, { values, args }) => {
    useReadLimits(values);
    const { evidenceCommand } = await import('../commands/evidence.ts');
    return evidenceCommand(io, {
      inputs: args,
      out: values.out,
      ...(values.bank !== undefined ? { bank: values.bank } : {}),
      ...(values['provider-name'] !== undefined ? { providerName: values['provider-name'] } : {}),
      ...(values['partner-name'] !== undefined ? { partnerName: values['partner-name'] } : {}),
      ...(values.env !== undefined ? { env: values.env } : {}),
    });
  },
});
