import { defineCommand } from '../command.ts';
import { ENVIRONMENT, READS_COLLECTIONS, useReadLimits } from './shared.ts';

export const explain = defineCommand({
  name: 'explain',
  summary: 'what a request would sign: canonical body, hash, string to sign, headers (secrets masked)',
  details: ['Without a request it lists the suites and their requests.'],
  args: { usage: '[suite] [request name or number]', min: 0, max: 2 },
  options: { ...ENVIRONMENT, ...READS_COLLECTIONS },
  run: async (io, { values, args }) => {
    useReadLimits(values);
    const { explainCommand } = await import('../commands/explain.ts');
    const [suite, request] = args;
    return explainCommand(io, {
      ...(suite ? { suite } : {}),
      ...(request ? { request } : {}),
      env: values.env,
    });
  },
});
