import { defineCommand, NO_ARGUMENTS } from '../command.ts';
import { untilStopped } from '../stop.ts';
import { listening, outTo } from './shared.ts';

export const partner = defineCommand({
  name: 'partner',
  summary:
    'start the reference partner (a merchant’s callback endpoints) for the inbound suites (--env partner)',
  details: ['Ctrl+C stops it.'],
  args: NO_ARGUMENTS,
  options: {
    ...listening(4020),
    ...outTo('where the Postman environment is written', 'dist/postman'),
  },
  run: async (io, { values }) => {
    const { partnerCommand } = await import('../commands/partner.ts');
    return partnerCommand(io, {
      port: values.port,
      host: values.host,
      out: values.out,
      until: untilStopped(),
    });
  },
});
