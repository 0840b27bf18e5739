/** Help text, printed from the command table: nothing here names a command or an option itself. */
import { EXIT, type ExitCode } from './exit-codes.ts';
import { GLOBAL_OPTIONS, type Command } from './command.ts';

/** What each exit code means, for help (a new code is a type error until it is said here). */
export const EXIT_MEANINGS: Record<ExitCode, string> = {
  [EXIT.OK]: 'all checks passed',
  [EXIT.CHECK_FAILED]: 'a check failed',
  [EXIT.INVALID_INPUT]: 'invalid input',
  [EXIT.INFRASTRUCTURE]: 'infrastructure',
  [EXIT.USAGE]: 'usage',
  [EXIT.SIGINT]: 'stopped by SIGINT',
  [EXIT.SIGTERM]: 'stopped by SIGTERM',
};

const columns = (rows: ReadonlyArray<readonly [string, string]>): string[] => {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`.trimEnd());
};

const exitLine = (): string =>
  `Exit codes: ${Object.entries(EXIT_MEANINGS)
    .map(([code, meaning]) => `${code} ${meaning}`)
    .join(' · ')}`;

/** `kontrak help`: every command, one line each. */
export function overview(commands: readonly Command[], facts: { version: string; banks: string[] }): string {
  return [
    `kontrak ${facts.version} — contract tests for SNAP BI, BRI API and NICEPAY`,
    '',
    'Usage: kontrak <command> [arguments] [options]',
    '',
    'Commands:',
    ...columns(commands.map((c) => [c.name, c.summary])),
    '',
    `Every command: ${Object.entries(GLOBAL_OPTIONS)
      .map(([name, o]) => `--${name} (-${o.short}) ${o.description}`)
      .join(', ')}.`,
    `kontrak <command> --help lists a command's arguments and options.`,
    ...(facts.banks.length
      ? [`Bank profiles (banks/, your project's included): ${facts.banks.join(', ')}`]
      : []),
    '',
    exitLine(),
  ].join('\n');
}

/** `kontrak <command> --help`: its arguments and every option of its table. */
export function commandHelp(command: Command): string {
  const options: Array<[string, string]> = Object.entries(command.options).map(([name, o]) => [
    `--${name}${o.value ? ` ${o.value}` : ''}`,
    `${o.description}${o.note ? ` (${o.note})` : ''}`,
  ]);
  for (const [name, o] of Object.entries(GLOBAL_OPTIONS))
    options.push([`-${o.short}, --${name}`, o.description]);
  return [
    `Usage: kontrak ${command.name}${command.args.usage ? ` ${command.args.usage}` : ''} [options]`,
    '',
    command.summary,
    ...command.details,
    '',
    'Options:',
    ...columns(options),
    '',
    exitLine(),
  ].join('\n');
}
