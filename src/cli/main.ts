import { parseArgs } from 'node:util';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { fail, processIo, type Io } from './context.ts';
import { error, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { closest } from '../diagnostics/suggest.ts';
// Commands are imported when they run: `validate` then never loads newman, the mock bank or the
// report templates (half the start-up time and memory), and `run` parses the collections first.
import { MAX_SHARDS, parseShard } from '../run/schedule.ts';
import { DEFAULT_MAX_FILE_BYTES, setMaxFileBytes } from '../input-files.ts';
import { setCacheDir } from '../cache.ts';
import { useProjectRoot } from '../project/assets.ts';

/** --timeout bounds: 0 or a huge value would switch the deadline off. */
export const TIMEOUT_RANGE = { min: 1, max: 10 * 60 * 1000 } as const;
/** --max-response-bytes bounds: 1 KiB to 1 GiB (a body is held in memory while it is checked). */
export const RESPONSE_BYTES_RANGE = { min: 1024, max: 1024 * 1024 * 1024 } as const;

const HELP = `kontrak — contract tests for SNAP BI, BRI API and NICEPAY

Usage: kontrak <command> [options]

Commands:
  run        load, render, run every suite, check and report (default env: mock)
             --env <name>  --suite <glob>  --out <dir>  --reporters html,junit,json[,evidence]
             --timeout <ms> (whole request, 1–600000, default 30000)
             --max-response-bytes <n> (decoded body, default 10485760)
             --workers <n> (suites at once, default 1)  --shard <i>/<n> (this CI shard's suites)
             --baseline <results.json> (report what changed since that run)
             evidence: --bank bri,mandiri,dana,generic (default all)  --provider-name  --partner-name
  merge      kontrak merge <dir|results.json>…  combine shard results into one report
             --out <dir> (reports)  --reporters html,junit,json  --baseline <results.json>
             exits 1 if any request failed
  diff       kontrak diff <old results.json> <new results.json>  what changed in the responses:
             fields added, removed or retyped, codes, headers (per suite and request)
             --fail-on drift|removed|none (default drift: exit 1 on any change)
  evidence   kontrak evidence <dir|results.json>… --bank bri|mandiri|dana|generic --out <dir>
             certification evidence from earlier runs  --provider-name <text>  --partner-name <text>
             kontrak evidence verify <dir>: re-check a pack's manifest, name every changed row
  explain    kontrak explain [suite] [request]  what would be signed: canonical body, hash,
             string to sign, headers (secrets masked)  --env <name>
  render     write dist/postman/<suite>.postman_collection.json and <env>.postman_environment.json
             --out <dir>  --suite <glob>  --include-secrets [--force]  --mock-url <url>
  validate   load and lint collections and schemas; no network
  init       kontrak init [dir]  a new project in an empty folder: collections/ with one suite,
             npm scripts, a CI workflow, .gitignore, README
             --bank nicepay|bri|bri-snap|snap|bca|bni|mandiri|dana|doku (default nicepay)  --force

Every command that reads collections/ and schemas/: --max-file-bytes <n> (largest input file,
default ${DEFAULT_MAX_FILE_BYTES})
  mock       start the mock bank standalone  --port <n> (4010)  --host <addr>  --out <dir>
             --fresh (new throwaway keys; POST /kontrak/reset restores the seed data)
             --partners <file>  register your own clients (YAML: clientId, clientSecret, publicKey, providers)
  partner    start the reference partner (a merchant's callback endpoints) standalone, for the
             inbound suites (--env partner)  --port <n> (4020)  --host <addr>  --out <dir>
  help       this text

Exit codes: 0 all checks passed · 1 a check failed · 2 invalid input · 3 infrastructure · 4 usage`;

/** Every option the CLI accepts (exported so tests can check scripts and workflows against it). */
export const OPTIONS = {
  env: { type: 'string', default: 'mock' },
  // Repeatable: `--suite a --suite b` runs both, as `--suite a,b` does.
  suite: { type: 'string', multiple: true },
  out: { type: 'string' },
  reporters: { type: 'string', default: 'html,junit,json' },
  timeout: { type: 'string', default: '30000' },
  'max-response-bytes': { type: 'string', default: String(10 * 1024 * 1024) },
  'max-file-bytes': { type: 'string', default: String(DEFAULT_MAX_FILE_BYTES) },
  force: { type: 'boolean', default: false },
  workers: { type: 'string', default: '1' },
  shard: { type: 'string' },
  baseline: { type: 'string' },
  'fail-on': { type: 'string', default: 'drift' },
  'include-secrets': { type: 'boolean', default: false },
  fresh: { type: 'boolean', default: false },
  bank: { type: 'string' },
  'provider-name': { type: 'string' },
  'partner-name': { type: 'string' },
  'mock-url': { type: 'string', default: 'http://127.0.0.1:4010' },
  port: { type: 'string' },
  host: { type: 'string', default: '127.0.0.1' },
  partners: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Every command the CLI knows. */
export const COMMANDS = [
  'run',
  'merge',
  'diff',
  'evidence',
  'explain',
  'render',
  'validate',
  'init',
  'mock',
  'partner',
  'help',
] as const;

function positiveInt(io: Io, name: string, text: string, min = 0): number | undefined {
  const value = Number(text);
  if (Number.isInteger(value) && value >= min) return value;
  fail(
    io,
    error(
      'E_OPTION_VALUE',
      `--${name} must be a whole number${min > 0 ? ` of at least ${min}` : ''}, got "${text}"`,
    ),
  );
  return undefined;
}

function intInRange(
  io: Io,
  name: string,
  text: string,
  range: { min: number; max: number },
): number | undefined {
  const value = Number(text);
  if (/^\s*\d+\s*$/.test(text) && Number.isSafeInteger(value) && value >= range.min && value <= range.max)
    return value;
  fail(
    io,
    error(
      'E_OPTION_VALUE',
      `--${name} must be a whole number from ${range.min} to ${range.max}, got "${text}"`,
    ),
  );
  return undefined;
}

type Parsed = ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true }>
>;

/** The command line, or the diagnostic saying what is wrong with it (never Node's parser text alone). */
function parseCommandLine(argv: string[]): Parsed | Diagnostic {
  const { tokens } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const known = Object.keys(OPTIONS);
  for (const token of tokens) {
    if (token.kind !== 'option' || Object.hasOwn(OPTIONS, token.name)) continue;
    const guess = closest(token.name, known);
    return error('E_UNKNOWN_OPTION', `unknown option "${token.rawName}"`, {
      hint: guess ? `did you mean "--${guess}"?` : 'see `kontrak help` for the options',
    });
  }
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    return error('E_USAGE', (e as Error).message.split('. ')[0] ?? 'bad command line', {
      hint: 'see `kontrak help`',
    });
  }
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

type Values = ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true }>
>['values'];

async function run(io: Io, values: Values): Promise<ExitCode> {
  const timeout = intInRange(io, 'timeout', values.timeout, TIMEOUT_RANGE);
  const maxResponseBytes = intInRange(
    io,
    'max-response-bytes',
    values['max-response-bytes'],
    RESPONSE_BYTES_RANGE,
  );
  const workers = positiveInt(io, 'workers', values.workers, 1);
  if (timeout === undefined || workers === undefined || maxResponseBytes === undefined) return EXIT.USAGE;
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (values.shard !== undefined && !shard) {
    return fail(
      io,
      error('E_OPTION_VALUE', `--shard must be i/n with 1 ≤ i ≤ n ≤ ${MAX_SHARDS}, got "${values.shard}"`, {
        hint: 'e.g. --shard 2/4',
      }),
    );
  }
  const { runCommand } = await import('./commands/run.ts');
  return runCommand(io, {
    env: values.env,
    ...(values.suite ? { suite: values.suite.join(',') } : {}),
    out: values.out ?? 'reports',
    reporters: values.reporters,
    timeout,
    maxResponseBytes,
    workers,
    ...(shard ? { shard } : {}),
    ...evidenceFlags(values),
    ...(values.baseline ? { baseline: values.baseline } : {}),
  });
}

function evidenceFlags(values: Values): { bank?: string; providerName?: string; partnerName?: string } {
  return {
    ...(values.bank !== undefined ? { bank: values.bank } : {}),
    ...(values['provider-name'] !== undefined ? { providerName: values['provider-name'] } : {}),
    ...(values['partner-name'] !== undefined ? { partnerName: values['partner-name'] } : {}),
  };
}

async function init(io: Io, rest: string[], values: Values): Promise<ExitCode> {
  const { initCommand } = await import('./commands/init.ts');
  const [dir] = rest;
  return initCommand(io, {
    ...(dir !== undefined ? { dir } : {}),
    ...(values.bank !== undefined ? { bank: values.bank } : {}),
    force: values.force,
  });
}

/** The CLI entry: returns the exit code (only bin/ sets it on the process). */
export async function main(argv: string[], io: Io = processIo()): Promise<ExitCode> {
  const parsed = parseCommandLine(argv);
  if ('code' in parsed) return fail(io, parsed);
  const { values, positionals } = parsed;
  const [command = 'help', ...rest] = positionals;
  if (values.help || command === 'help') {
    io.out(HELP);
    return EXIT.OK;
  }
  const maxFileBytes = intInRange(io, 'max-file-bytes', values['max-file-bytes'], {
    min: 1024,
    max: 2 ** 31 - 1,
  });
  if (maxFileBytes === undefined) return EXIT.USAGE;
  setMaxFileBytes(maxFileBytes);
  setCacheDir(io.env.KONTRAK_CACHE_DIR);
  // The project's banks/ and schemas/ join the shipped ones (project/assets.ts).
  useProjectRoot(io.cwd);
  try {
    return await dispatch(io, command, rest, values);
  } catch (e) {
    // A bug or an environment failure, not a user mistake: say so plainly, exit 3.
    return fail(io, error('E_INTERNAL', (e as Error).stack ?? String(e)));
  }
}

// eslint-disable-next-line complexity -- one flat case per command, each only forwarding its options
async function dispatch(io: Io, command: string, rest: string[], values: Values): Promise<ExitCode> {
  switch (command) {
    case 'run':
      return await run(io, values);
    case 'merge': {
      const { mergeCommand } = await import('./commands/merge.ts');
      return await mergeCommand(io, {
        inputs: rest,
        out: values.out ?? 'reports',
        reporters: values.reporters,
        ...(values.baseline ? { baseline: values.baseline } : {}),
      });
    }
    case 'evidence': {
      const { evidenceCommand } = await import('./commands/evidence.ts');
      return await evidenceCommand(io, {
        inputs: rest,
        out: values.out ?? 'reports/evidence',
        ...evidenceFlags(values),
        ...(values.env !== OPTIONS.env.default ? { env: values.env } : {}),
      });
    }
    case 'diff': {
      const { diffCommand } = await import('./commands/diff.ts');
      return await diffCommand(io, { files: rest, failOn: values['fail-on'] });
    }
    case 'explain': {
      const { explainCommand } = await import('./commands/explain.ts');
      const [suite, request] = rest;
      return await explainCommand(io, {
        ...(suite ? { suite } : {}),
        ...(request ? { request } : {}),
        env: values.env,
      });
    }
    case 'render': {
      const { renderCommand } = await import('./commands/render.ts');
      return await renderCommand(io, {
        out: values.out ?? 'dist/postman',
        ...(values.suite ? { suite: values.suite.join(',') } : {}),
        includeSecrets: values['include-secrets'],
        force: values.force,
        mockUrl: values['mock-url'],
      });
    }
    case 'validate': {
      const { validateCommand } = await import('./commands/validate.ts');
      return validateCommand(io);
    }
    case 'init':
      return await init(io, rest, values);
    case 'mock': {
      const { mockCommand } = await import('./commands/mock.ts');
      const port = positiveInt(io, 'port', values.port ?? '4010');
      if (port === undefined) return EXIT.USAGE;
      return await mockCommand(io, {
        port,
        host: values.host,
        out: values.out ?? 'dist/postman',
        fresh: values.fresh,
        ...(values.partners !== undefined ? { partners: values.partners } : {}),
        until: untilSignal(),
      });
    }
    case 'partner': {
      const { partnerCommand } = await import('./commands/partner.ts');
      const port = positiveInt(io, 'port', values.port ?? '4020');
      if (port === undefined) return EXIT.USAGE;
      return await partnerCommand(io, {
        port,
        host: values.host,
        out: values.out ?? 'dist/postman',
        until: untilSignal(),
      });
    }
    default: {
      const guess = closest(command, COMMANDS);
      return fail(
        io,
        error('E_UNKNOWN_COMMAND', `unknown command "${command}"`, {
          hint: guess ? `did you mean "${guess}"?` : `commands: ${COMMANDS.join(', ')}`,
        }),
      );
    }
  }
}
