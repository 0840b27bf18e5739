/** Options several commands take, defined once and composed into their tables. */
import { DEFAULT_MAX_FILE_BYTES, setMaxFileBytes } from '../../input-files.ts';
import { REPORTER_NAMES } from '../../report/names.ts';
import { integer, text, texts, type OptionSpec } from '../options.ts';

/** Every command that reads collections/ and schemas/. */
export const READS_COLLECTIONS = {
  'max-file-bytes': integer(
    '<n>',
    'largest input file (YAML, JSON schema) in bytes',
    { min: 1024, max: 2 ** 31 - 1 },
    DEFAULT_MAX_FILE_BYTES,
  ),
} as const;

/** Applies the READS_COLLECTIONS options before a command loads anything. */
export function useReadLimits(values: { 'max-file-bytes': number }): void {
  setMaxFileBytes(values['max-file-bytes']);
}

/** Which suites: a glob, or a comma list of them. */
export const SUITES = {
  suite: texts(
    '<glob>',
    'only the suites whose names match (nicepay-*, a,b; qris-mpm is each bank’s copy, qris-mpm@bca one)',
  ),
} as const;

/** The environment of collections/environments/ a command signs for. */
export const ENVIRONMENT = {
  env: text('<name>', 'the environment (collections/environments/<name>.yaml)', 'mock'),
} as const;

/** The report files a command writes (`also`: reporters of its own beside the report files). */
export const reports = (
  also: readonly string[] = [],
): { reporters: OptionSpec<string>; baseline: OptionSpec<string | undefined> } => ({
  reporters: text(
    '<list>',
    `report formats, comma-separated: ${[...REPORTER_NAMES, ...also].join(', ')}`,
    'html,junit,json',
  ),
  baseline: text('<results.json>', 'an earlier run: the reports say what changed since (drift, times)'),
});

/** The certification evidence pack's bank and the names on its sheets. */
export const EVIDENCE = {
  bank: text('<list>', 'the banks whose evidence formats to write, comma-separated (default all)'),
  'provider-name': text('<text>', 'the provider named on the evidence sheets (default from the environment)'),
  'partner-name': text('<text>', 'the partner named on the evidence sheets (default from the environment)'),
} as const;

/** Where a server kontrak plays listens (0: any free port). */
export function listening(port: number): { port: OptionSpec<number>; host: OptionSpec<string> } {
  return {
    port: integer('<n>', 'the port to listen on (0: any free port)', { min: 0, max: 65535 }, port),
    host: text('<addr>', 'the address to listen on', '127.0.0.1'),
  };
}

/** Where a command writes its files. */
export const outTo = (what: string, fallback: string): { out: OptionSpec<string> } => ({
  out: text('<dir>', what, fallback),
});
