import { defineCommand, NO_ARGUMENTS } from '../command.ts';
import { choice, flag, text } from '../options.ts';
import { READS_COLLECTIONS, SUITES, useReadLimits } from './shared.ts';

export const render = defineCommand({
  name: 'render',
  summary:
    'write Postman collections (<suite>.postman_collection.json) and environments, or Bruno collections (--format opencollection)',
  args: NO_ARGUMENTS,
  options: {
    out: text('<dir>', 'where the files are written (default dist/postman, dist/bruno for opencollection)'),
    format: choice(
      '<format>',
      'postman: Collection v2.1 files; opencollection: a Bruno collection folder per suite',
      ['postman', 'opencollection'] as const,
      'postman',
    ),
    ...SUITES,
    'include-secrets': flag('write the secret values set in the environment into the environment files'),
    force: flag('with --include-secrets: write them even where git does not ignore them'),
    'mock-url': text('<url>', 'where the mock environment points (kontrak mock)', 'http://127.0.0.1:4010'),
    ...READS_COLLECTIONS,
  },
  run: async (io, { values }) => {
    useReadLimits(values);
    const { renderCommand } = await import('../commands/render.ts');
    return renderCommand(io, {
      out: values.out ?? (values.format === 'opencollection' ? 'dist/bruno' : 'dist/postman'),
      format: values.format,
      ...(values.suite ? { suite: values.suite.join(',') } : {}),
      includeSecrets: values['include-secrets'],
      force: values.force,
      mockUrl: values['mock-url'],
    });
  },
});
