import { defineCommand } from '../command.ts';
import { flag, text } from '../options.ts';
import { outTo, READS_COLLECTIONS, useReadLimits } from './shared.ts';

export const importSuites = defineCommand({
  name: 'import',
  summary: 'YAML suites from DANA’s UAT scenarios, a Postman v2.1 collection or a file of curl commands',
  details: [
    'kontrak import dana-uat <uat-script resource/ | components .json>',
    'kontrak import postman <collection.json> [--for <provider>]',
    'kontrak import curl <file> --for <provider>',
    'All files are written or none; an existing file is replaced only with --force.',
  ],
  args: {
    usage: 'dana-uat|postman|curl <file|dir>',
    min: 2,
    max: 2,
    missing: {
      message: 'import needs what to import and from where',
      hint: 'kontrak import postman collection.json --for snap',
    },
  },
  options: {
    ...outTo('where the suites are written', 'collections/imported'),
    for: text(
      '<provider>',
      'the provider whose suites they become, which signs them (default: the one the source names)',
    ),
    force: flag('replace files that exist'),
    ...READS_COLLECTIONS,
  },
  run: async (io, { values, args }) => {
    useReadLimits(values);
    const { importCommand } = await import('../commands/import.ts');
    const [kind = '', source = ''] = args;
    return importCommand(io, {
      kind,
      source,
      out: values.out,
      force: values.force,
      ...(values.for !== undefined ? { provider: values.for } : {}),
    });
  },
});
