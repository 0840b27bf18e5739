import { DEFAULT_STARTER, starterBanks } from '../../init/scaffold.ts';
import { defineCommand } from '../command.ts';
import { flag, text } from '../options.ts';

export const init = defineCommand({
  name: 'init',
  summary: 'a new project in an empty folder: one suite, npm scripts, a CI workflow, .gitignore, README',
  details: () => [`Banks with a starter suite: ${starterBanks().join(', ')}.`],
  args: { usage: '[dir]', min: 0, max: 1 },
  options: {
    bank: text('<bank>', 'the bank whose starter suite the project gets', DEFAULT_STARTER),
    force: flag('write into a folder that holds files, over the starter’s own paths'),
  },
  run: async (io, { values, args }) => {
    const { initCommand } = await import('../commands/init.ts');
    const [dir] = args;
    return initCommand(io, { ...(dir !== undefined ? { dir } : {}), bank: values.bank, force: values.force });
  },
});
