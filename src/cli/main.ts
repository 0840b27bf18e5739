/**
 * The CLI entry: finds the command, checks the command line against that command's table, then
 * runs its handler. Commands load what they need when they run: `validate` never loads newman,
 * the mock bank or the report templates.
 */
import { EXIT, type ExitCode } from './exit-codes.ts';
import { fail, processIo, report, type Io } from './context.ts';
import { error, exitCodeOf } from '../diagnostics/diagnostic.ts';
import { closest } from '../diagnostics/suggest.ts';
import { GLOBAL_OPTIONS, parseCommandLine } from './command.ts';
import { commandHelp } from './help.ts';
import { kontrakVersion } from '../project/version.ts';
import { COMMANDS, commandNamed, unknownCommand } from './table/index.ts';

/** `kontrak --help`, `kontrak -v`… before any command. */
async function globalOption(io: Io, word: string, rest: string[]): Promise<ExitCode> {
  if (word === '--version' || word === '-v') {
    io.out(kontrakVersion());
    return EXIT.OK;
  }
  if (word === '--help' || word === '-h') return main(['help', ...rest], io);
  const names = Object.keys(GLOBAL_OPTIONS);
  const guess = closest(word.replace(/^-+/, ''), names);
  return fail(
    io,
    error('E_UNKNOWN_OPTION', `unknown option "${word}" before a command`, {
      hint: guess
        ? `did you mean "--${guess}"?`
        : 'the command comes first: kontrak <command> [options]; kontrak help lists the commands',
    }),
  );
}

/** The CLI entry: returns the exit code (only bin/ sets it on the process). */
export async function main(argv: string[], io: Io = processIo()): Promise<ExitCode> {
  const [name = 'help', ...rest] = argv;
  if (name.startsWith('-')) return globalOption(io, name, rest);
  const command = commandNamed(name);
  if (!command) return fail(io, unknownCommand(name));
  const line = parseCommandLine(command, rest, COMMANDS);
  if ('code' in line) return fail(io, line);
  if (line.help) {
    io.out(commandHelp(command));
    return EXIT.OK;
  }
  if (line.version) {
    io.out(kontrakVersion());
    return EXIT.OK;
  }
  const started = command.start(io, line.raw, line.args);
  if (Array.isArray(started)) {
    report(io, started);
    return exitCodeOf(started);
  }
  try {
    return await started();
  } catch (e) {
    // A bug or an environment failure, not a user mistake: say so plainly, exit 3.
    return fail(io, error('E_INTERNAL', (e as Error).stack ?? String(e)));
  }
}
