import { defineCommand } from '../command.ts';
import { outTo, reports } from './shared.ts';

export const merge = defineCommand({
  name: 'merge',
  summary: 'combine the results of several runs (CI shards) into one report',
  details: ['Exits 1 if any request failed.'],
  args: {
    usage: '<dir|results.json>…',
    min: 1,
    max: Infinity,
    missing: {
      message: 'merge needs at least one directory (or results.json) to read',
      hint: 'e.g. kontrak merge reports/shard-1 reports/shard-2',
    },
  },
  options: { ...outTo('where the merged reports are written', 'reports'), ...reports() },
  run: async (io, { values, args }) => {
    const { mergeCommand } = await import('../commands/merge.ts');
    return mergeCommand(io, {
      inputs: args,
      out: values.out,
      reporters: values.reporters,
      ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
    });
  },
});
