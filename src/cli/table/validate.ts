import { defineCommand, NO_ARGUMENTS } from '../command.ts';
import { READS_COLLECTIONS, useReadLimits } from './shared.ts';

export const validate = defineCommand({
  name: 'validate',
  summary: 'load and lint collections and schemas; no network',
  args: NO_ARGUMENTS,
  options: { ...READS_COLLECTIONS },
  run: async (io, { values }) => {
    useReadLimits(values);
    const { validateCommand } = await import('../commands/validate.ts');
    return validateCommand(io);
  },
});
