/**
 * A command of the CLI as data: its name, what it does, the arguments and options it takes
 * (each option typed and checked by its table entry), and its handler. Help is printed from
 * these, and a command line is checked against the one command it names.
 */
import { parseArgs } from 'node:util';
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { closest } from '../diagnostics/suggest.ts';
import type { Io } from './context.ts';
import type { ExitCode } from './exit-codes.ts';
import type { OptionTable, RawValue, ValuesOf } from './options.ts';

/** The arguments (positionals) a command takes. */
export interface Arguments {
  /** As help shows them: `<dir|results.json>…`, `[suite] [request]`. */
  readonly usage: string;
  readonly min: number;
  readonly max: number;
  /** Said when fewer than `min` are given. */
  readonly missing?: { readonly message: string; readonly hint: string };
}

export const NO_ARGUMENTS: Arguments = { usage: '', min: 0, max: 0 };

export interface CommandSpec<O extends OptionTable> {
  readonly name: string;
  /** One line, for the list of commands. */
  readonly summary: string;
  /** More lines for the command's own help; a function when they are read from files (banks/). */
  readonly details?: readonly string[] | (() => readonly string[]);
  readonly args: Arguments;
  readonly options: O;
  readonly run: (io: Io, input: { values: ValuesOf<O>; args: string[] }) => Promise<ExitCode> | ExitCode;
}

/** A command with its option types erased, as the table of every command holds it. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly details: readonly string[];
  readonly args: Arguments;
  readonly options: OptionTable;
  /** Reads the option values through the table, then runs; diagnostics when a value is refused. */
  readonly start: (
    io: Io,
    raw: Readonly<Record<string, RawValue>>,
    args: string[],
  ) => Diagnostic[] | (() => Promise<ExitCode> | ExitCode);
}

export function defineCommand<O extends OptionTable>(spec: CommandSpec<O>): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    get details() {
      return typeof spec.details === 'function' ? spec.details() : (spec.details ?? []);
    },
    args: spec.args,
    options: spec.options,
    start: (io, raw, args) => {
      const diagnostics: Diagnostic[] = [];
      const values: Record<string, unknown> = {};
      for (const [name, option] of Object.entries(spec.options)) {
        const read = option.read(raw[name], `--${name}`);
        if (read.ok) values[name] = read.value;
        else
          diagnostics.push(
            error('E_OPTION_VALUE', read.message, {
              hint: read.hint ?? `kontrak ${spec.name} --help lists its options`,
            }),
          );
      }
      if (diagnostics.length) return diagnostics;
      // Every key of the table was read by its own entry above, so the record has the table's types.
      return () => spec.run(io, { values: values as ValuesOf<O>, args });
    },
  };
}

/** Options every command takes. */
export const GLOBAL_OPTIONS = {
  help: { short: 'h', description: 'this command’s options' },
  version: { short: 'v', description: 'the version of kontrak' },
} as const;

export interface CommandLine {
  raw: Record<string, RawValue>;
  args: string[];
  help: boolean;
  version: boolean;
}

type ParseConfig = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

function parseConfig(command: Command): ParseConfig {
  const config: ParseConfig = {};
  for (const [name, option] of Object.entries(command.options))
    config[name] = {
      type: option.value ? 'string' : 'boolean',
      ...(option.multiple ? { multiple: true } : {}),
    };
  for (const [name, option] of Object.entries(GLOBAL_OPTIONS))
    config[name] = { type: 'boolean', short: option.short };
  return config;
}

/** Why an option the command does not take was given, with the likeliest meaning. */
function unknownOption(command: Command, rawName: string, name: string, all: readonly Command[]): Diagnostic {
  const own = [...Object.keys(command.options), ...Object.keys(GLOBAL_OPTIONS)];
  const guess = closest(name, own);
  const owners = all.filter((c) => Object.hasOwn(c.options, name)).map((c) => c.name);
  const hint = guess
    ? `did you mean "--${guess}"?`
    : owners.length
      ? `--${name} is an option of ${owners.join(', ')}; kontrak ${command.name} --help lists its own`
      : `kontrak ${command.name} --help lists its options`;
  return error('E_UNKNOWN_OPTION', `unknown option "${rawName}" for kontrak ${command.name}`, { hint });
}

function arityProblem(command: Command, args: readonly string[]): Diagnostic | undefined {
  const { min, max, missing, usage } = command.args;
  const form = `usage: kontrak ${command.name}${usage ? ` ${usage}` : ''} [options]`;
  if (args.length < min)
    return error('E_USAGE', missing?.message ?? `${command.name} needs ${usage}`, {
      hint: missing?.hint ?? form,
    });
  if (args.length > max) {
    const extra = args.slice(max).join(' ');
    return error(
      'E_USAGE',
      max === 0
        ? `${command.name} takes no arguments, got "${extra}"`
        : `${command.name} takes at most ${max} argument${max === 1 ? '' : 's'}, got also "${extra}"`,
      { hint: form },
    );
  }
  return undefined;
}

/** The command line after the command's name, checked against its table (not its values yet). */
export function parseCommandLine(
  command: Command,
  argv: string[],
  all: readonly Command[],
): CommandLine | Diagnostic {
  const options = parseConfig(command);
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens)
    if (token.kind === 'option' && !Object.hasOwn(options, token.name))
      return unknownOption(command, token.rawName, token.name, all);
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: ParseConfig; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    // Node's own text (a value missing, a value given to a flag): its first sentence says it.
    return error('E_USAGE', (e as Error).message.split('. ')[0] ?? 'bad command line', {
      hint: `kontrak ${command.name} --help`,
    });
  }
  const { help, version, ...raw } = parsed.values;
  const wanted = { help: help === true, version: version === true };
  if (wanted.help || wanted.version) return { raw, args: parsed.positionals, ...wanted };
  return arityProblem(command, parsed.positionals) ?? { raw, args: parsed.positionals, ...wanted };
}
