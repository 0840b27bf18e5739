/** Every command of the CLI, in the order help lists them. */
import { EXIT } from '../exit-codes.ts';
import { defineCommand, type Command } from '../command.ts';
import { commandHelp, overview } from '../help.ts';
import { kontrakVersion } from '../../project/version.ts';
import { knownBanks } from '../banks.ts';
import { fail } from '../context.ts';
import { error } from '../../diagnostics/diagnostic.ts';
import { closest } from '../../diagnostics/suggest.ts';
import { coverage } from './coverage.ts';
import { diff } from './diff.ts';
import { evidence } from './evidence.ts';
import { explain } from './explain.ts';
import { importSuites } from './import.ts';
import { goLive } from './go-live.ts';
import { init } from './init.ts';
import { merge } from './merge.ts';
import { mock } from './mock.ts';
import { partner } from './partner.ts';
import { probe } from './probe.ts';
import { render } from './render.ts';
import { run } from './run.ts';
import { validate } from './validate.ts';

const help = defineCommand({
  name: 'help',
  summary: 'this list, or one command’s arguments and options: kontrak help <command>',
  args: { usage: '[command]', min: 0, max: 1 },
  options: {},
  run: (io, { args }) => {
    const [name] = args;
    if (name === undefined) {
      io.out(overview(COMMANDS, { version: kontrakVersion(), banks: knownBanks(io.cwd) }));
      return EXIT.OK;
    }
    const command = commandNamed(name);
    if (!command) return fail(io, unknownCommand(name));
    io.out(commandHelp(command));
    return EXIT.OK;
  },
});

export const COMMANDS: readonly Command[] = [
  run,
  merge,
  diff,
  evidence,
  explain,
  coverage,
  render,
  validate,
  importSuites,
  init,
  mock,
  partner,
  goLive,
  probe,
  help,
];

export function commandNamed(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

export function unknownCommand(name: string): ReturnType<typeof error> {
  const names = COMMANDS.map((c) => c.name);
  const guess = closest(name, names);
  return error('E_UNKNOWN_COMMAND', `unknown command "${name}"`, {
    hint: guess ? `did you mean "${guess}"?` : `commands: ${names.join(', ')}`,
  });
}
