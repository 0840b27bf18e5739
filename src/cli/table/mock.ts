import { defineCommand, NO_ARGUMENTS } from '../command.ts';
import { flag, text } from '../options.ts';
import { untilStopped } from '../stop.ts';
import { listening, outTo, READS_COLLECTIONS, useReadLimits } from './shared.ts';

export const mock = defineCommand({
  name: 'mock',
  summary: 'start the mock bank standalone, for Postman, manual runs and your own SDK',
  details: ['POST /kontrak/reset restores the seed data; Ctrl+C stops it.'],
  args: NO_ARGUMENTS,
  options: {
    ...listening(4010),
    ...outTo('where the Postman environment is written', 'dist/postman'),
    fresh: flag('new throwaway keys (import the environment again)'),
    partners: text(
      '<file>',
      'register your own clients (YAML: clientId, clientSecret, publicKey, providers)',
    ),
    ...READS_COLLECTIONS,
  },
  run: async (io, { values }) => {
    useReadLimits(values);
    const { mockCommand } = await import('../commands/mock.ts');
    return mockCommand(io, {
      port: values.port,
      host: values.host,
      out: values.out,
      fresh: values.fresh,
      ...(values.partners !== undefined ? { partners: values.partners } : {}),
      until: untilStopped(),
    });
  },
});
