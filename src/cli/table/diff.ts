import { FAIL_ON } from '../fail-on.ts';
import { defineCommand } from '../command.ts';
import { choice } from '../options.ts';

export const diff = defineCommand({
  name: 'diff',
  summary: 'what changed in the responses between two runs: fields added, removed or retyped, codes, headers',
  details: ['drift: exit 1 on any change; removed: only on fields gone or retyped; none: never.'],
  args: {
    usage: '<old results.json> <new results.json>',
    min: 2,
    max: 2,
    missing: {
      message: 'diff needs two results.json files, the older first',
      hint: 'kontrak diff last-night/results.json reports/results.json',
    },
  },
  options: { 'fail-on': choice('<when>', 'when to exit 1', FAIL_ON, 'drift') },
  run: async (io, { values, args }) => {
    const { diffCommand } = await import('../commands/diff.ts');
    return diffCommand(io, { files: args, failOn: values['fail-on'] });
  },
});
