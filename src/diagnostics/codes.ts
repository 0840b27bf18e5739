/**
 * Every diagnostic code kontrak reports, with its title, a general hint and the exit code it
 * leads to. The one list: stages and commands build diagnostics from these codes (the type
 * refuses any other), `docs/diagnostics.md` is generated from it, and the golden tests under
 * test/golden/ show each code a user can trigger.
 */
import type { YAMLError } from 'yaml';
import { EXIT, type ExitCode } from './exit-codes.ts';

export interface CodeInfo {
  title: string;
  /** What to do in general; a diagnostic's own hint is more specific. */
  hint: string;
  exit: ExitCode;
  /** Where it comes from, for the docs. */
  area: Area;
}

export type Area =
  'YAML' | 'collections' | 'environment' | 'command line' | 'merge' | 'run' | 'mock partners' | 'import';

type YamlCode = `E_YAML_${YAMLError['code']}`;

const yaml = (title: string, hint: string): CodeInfo => ({
  title,
  hint,
  exit: EXIT.INVALID_INPUT,
  area: 'YAML',
});

/** The parser's own codes (yaml 2.x), each named here: a new one is a type error until it is. */
const YAML_CODES: Record<YamlCode, CodeInfo> = {
  E_YAML_ALIAS_PROPS: yaml('anchor or tag on an alias', 'an alias (*name) cannot carry an anchor or a tag'),
  E_YAML_BAD_ALIAS: yaml('unknown alias', 'define the anchor (&name) before using *name'),
  E_YAML_BAD_DIRECTIVE: yaml('bad directive', 'remove the %-directive; kontrak files need none'),
  E_YAML_BAD_DQ_ESCAPE: yaml(
    'bad escape in a double-quoted string',
    'use \\\\ for a backslash, or single quotes',
  ),
  E_YAML_BAD_INDENT: yaml(
    'bad indentation',
    'indent nested keys with spaces, consistently (2 spaces per level)',
  ),
  E_YAML_BAD_PROP_ORDER: yaml('anchor and tag out of order', 'write the anchor and tag before the value'),
  E_YAML_BAD_SCALAR_START: yaml(
    'value starts with a reserved character',
    'quote a value that starts with @ or `',
  ),
  E_YAML_BLOCK_AS_IMPLICIT_KEY: yaml(
    'block where a key was expected',
    'a key may be missing its colon, or a value is indented too far',
  ),
  E_YAML_BLOCK_IN_FLOW: yaml(
    'block inside [ ] or { }',
    'write the nested value in flow style too, or use block style',
  ),
  E_YAML_DUPLICATE_KEY: yaml(
    'duplicate key',
    'each key may appear once per mapping; remove or rename one of them',
  ),
  E_YAML_IMPOSSIBLE: yaml('parser state error', 'simplify the YAML around this line'),
  E_YAML_KEY_OVER_1024_CHARS: yaml('key over 1024 characters', 'shorten the key'),
  E_YAML_MISSING_CHAR: yaml('missing character', 'a quote or bracket is not closed'),
  E_YAML_MULTILINE_IMPLICIT_KEY: yaml(
    'key spans lines',
    'a key may be missing its colon, or a value is indented too far',
  ),
  E_YAML_MULTIPLE_ANCHORS: yaml('two anchors on one value', 'keep one &anchor per value'),
  E_YAML_MULTIPLE_DOCS: yaml(
    'several documents in one file',
    'keep one document per file (no --- separators)',
  ),
  E_YAML_MULTIPLE_TAGS: yaml('two tags on one value', 'keep one !tag per value'),
  E_YAML_NON_STRING_KEY: yaml('key is not a string', 'keys are plain names'),
  E_YAML_RESOURCE_EXHAUSTION: yaml('too many aliases', 'expand the aliases; kontrak allows 100 per file'),
  E_YAML_TAB_AS_INDENT: yaml('tab used as indentation', 'YAML indentation must use spaces, not tabs'),
  E_YAML_TAG_RESOLVE_FAILED: yaml('unknown tag', 'remove the !tag; kontrak files use plain YAML'),
  E_YAML_UNEXPECTED_TOKEN: yaml('unexpected token', 'check the indentation and the punctuation on this line'),
  E_YAML_BAD_COLLECTION_TYPE: yaml('wrong collection type for a tag', 'remove the !tag'),
};

const invalid = (area: Area, title: string, hint: string): CodeInfo => ({
  title,
  hint,
  exit: EXIT.INVALID_INPUT,
  area,
});
const yamlLimit = (title: string, hint: string): CodeInfo => yaml(title, hint);
const usage = (title: string, hint: string): CodeInfo => ({
  title,
  hint,
  exit: EXIT.USAGE,
  area: 'command line',
});

export const CODES = {
  ...YAML_CODES,
  E_NOT_A_COLLECTION: invalid('collections', 'not a kontrak file', 'start the file with `kontrak: 1`'),
  E_FILE_KIND: invalid(
    'collections',
    'file is no provider, suite or environment',
    'give the file one of the keys provider:, suite: or environment:',
  ),
  E_UNKNOWN_KEY: invalid('collections', 'unknown key', 'check the spelling against docs/format.md'),
  E_MISSING_KEY: invalid('collections', 'required key missing', 'add the key to this mapping'),
  E_TYPE: invalid(
    'collections',
    'value of the wrong type',
    'quote a string, or write a number without quotes',
  ),
  E_INVALID_VALUE: invalid('collections', 'value not allowed here', 'use one of the values the hint lists'),
  E_CONFLICT: invalid('collections', 'keys that exclude each other', 'keep one of them'),
  E_DUPLICATE_SUITE: invalid(
    'collections',
    'two suites with one name',
    'suite names are unique in a project',
  ),
  E_DUPLICATE_REQUEST: invalid(
    'collections',
    'two requests with one name',
    'request names are unique in a suite',
  ),
  E_UNKNOWN_PROVIDER: invalid(
    'collections',
    'suite names an unknown provider',
    'name a provider defined in a provider file',
  ),
  E_UNKNOWN_BANK: invalid(
    'collections',
    'provider names an unknown bank profile',
    'name a bank profile shipped in banks/',
  ),
  E_UNKNOWN_SERVICE: invalid(
    'collections',
    'service not in the SNAP catalogue',
    'name a catalogue service, give the provider paths.<service>, or use path:',
  ),
  E_NO_PATH: invalid(
    'collections',
    'no path for a service',
    'give the provider a basePath, or paths.<service>',
  ),
  E_SERVICE_NOT_OFFERED: invalid(
    'collections',
    'service the bank does not offer',
    "call a service under services: of the bank's profile, or give the provider its own paths.<service> if the bank's sandbox offers it",
  ),
  E_NEGATIVE: invalid(
    'collections',
    'negative variant cannot be made',
    'follow the hint, or drop the variant',
  ),
  E_SCHEMA_NOT_FOUND: invalid(
    'collections',
    'response schema file missing',
    'the path is relative to schemas/',
  ),
  E_SCHEMA_INVALID: invalid(
    'collections',
    'response schema does not compile',
    'schemas are JSON Schema draft 2020-12',
  ),
  E_NO_COLLECTIONS: invalid(
    'collections',
    'no collections',
    'run kontrak in a project root with collections/',
  ),
  E_UNKNOWN_ENVIRONMENT: invalid(
    'environment',
    'unknown environment',
    'use mock or an environment file name',
  ),
  E_MISSING_BASE_URL: invalid('environment', 'no base URL', 'set the provider base URL for this environment'),
  E_MISSING_CREDENTIAL: invalid('environment', 'credential not set', 'export the variable the message names'),
  E_KEY_ENCRYPTED: invalid('environment', 'encrypted private key', 'decrypt it first (openssl pkcs8)'),
  E_KEY_TYPE: invalid(
    'environment',
    'private key is not RSA',
    'use the RSA key pair registered with the bank',
  ),
  E_KEY_SIZE: invalid(
    'environment',
    'RSA key too short',
    'generate a 2048-bit key and register its public half',
  ),
  E_KEY_INVALID: invalid(
    'environment',
    'private key unreadable',
    'use an unencrypted RSA key as PEM or base64 DER',
  ),
  E_YAML_ALIAS_LIMIT: yamlLimit(
    'too many alias expansions',
    'expand the aliases by hand; kontrak allows 100 per file',
  ),
  E_YAML_TAG: yamlLimit('YAML tag', 'remove the !tag; kontrak files are plain YAML'),
  E_FILE_TOO_LARGE: invalid(
    'collections',
    'input file too large',
    'split the file, or raise --max-file-bytes',
  ),
  E_NOT_UTF8: invalid(
    'collections',
    'not UTF-8',
    'save the file as UTF-8; the message gives the position of the first bad byte',
  ),
  E_NOT_A_FILE: invalid(
    'collections',
    'input is not a regular file',
    'input files are plain files: a FIFO, a device or a socket is never read',
  ),
  E_SYMLINK_OUTSIDE: invalid(
    'collections',
    'symlink leaves the project',
    'copy the file into the project; links may only point inside it',
  ),
  E_SYMLINK_LOOP: invalid('collections', 'symlink loop', 'remove the link that points back at itself'),
  E_SYMLINK_BROKEN: invalid('collections', 'broken symlink', 'remove the link, or restore what it points at'),
  E_TEMPLATE_UNTERMINATED: invalid('collections', 'unterminated {{…}}', 'close the variable with }}'),
  E_UNKNOWN_VARIABLE: invalid(
    'collections',
    'unknown variable',
    'use a provider variable, a captured value or a Postman $ variable',
  ),
  E_PATH_DOT_SEGMENT: invalid(
    'collections',
    'dot segment in a path',
    'write the path without . or .. segments',
  ),
  E_PATH_EMPTY_SEGMENT: invalid('collections', 'empty path segment', 'remove the doubled slash'),
  E_HEADER_CONTROL: invalid(
    'collections',
    'control character in a header',
    'remove the CR, LF or other control character from the header',
  ),
  E_SCHEMA_PATH: invalid('collections', 'schema path outside schemas/', 'name a file under schemas/'),
  E_CAPTURE_PATH: invalid(
    'collections',
    'capture path not in the response schema',
    'write the path as the schema names it, or declare the field in the schema',
  ),
  E_BAD_BASE_URL: invalid(
    'environment',
    'bad base URL',
    'use an http or https URL without a user or password',
  ),
  E_SECRET_TOO_SHORT: invalid(
    'environment',
    'secret too short to mask',
    'use a secret of at least 4 characters; a shorter one cannot be masked safely',
  ),
  E_OUT_LOCKED: invalid(
    'command line',
    '--out in use by another run',
    'wait for it, or choose another --out',
  ),
  E_SECRETS_NOT_IGNORED: invalid(
    'command line',
    'secrets would be written where git does not ignore them',
    'add the folder to .gitignore, choose an ignored --out, or pass --force',
  ),
  E_NOT_A_FOLDER: invalid(
    'command line',
    'path cannot be a folder',
    'name a folder, or a path where one can be made (not a file, not under /proc)',
  ),
  E_INIT_NOT_EMPTY: invalid(
    'command line',
    'folder not empty',
    'run kontrak init in an empty folder, or pass --force to add the starter files beside yours (yours are kept)',
  ),
  E_PACKAGE_JSON: invalid(
    'command line',
    'package.json unreadable',
    'fix the package.json kontrak init would add its scripts to (npm cannot read it either)',
  ),
  E_EVIDENCE: invalid(
    'command line',
    'evidence pack unreadable',
    'point evidence verify at a folder kontrak evidence wrote',
  ),
  E_EVIDENCE_SECRET: invalid(
    'command line',
    'a secret would reach the evidence pack',
    'the message names the field; remove the secret from the results',
  ),
  E_USAGE: usage('bad command line', 'see kontrak help'),
  E_UNKNOWN_COMMAND: usage('unknown command', 'see kontrak help for the commands'),
  E_UNKNOWN_OPTION: usage('unknown option', 'see kontrak help for the options'),
  E_OPTION_VALUE: usage('option value not allowed', 'the message says what the option takes'),
  E_UNKNOWN_REPORTER: usage('unknown reporter', 'use html, junit, json or har'),
  E_NO_SUITE: invalid('command line', 'no suite matches', 'the message lists the suites'),
  E_UNKNOWN_SUITE: invalid('command line', 'unknown suite', 'run kontrak explain to list suites'),
  E_UNKNOWN_REQUEST: invalid('command line', 'unknown request', 'name the request, or give its number'),
  E_RESULTS_MISSING: invalid('merge', 'results.json missing', 'run each shard with --reporters json'),
  E_RESULTS_JSON: invalid('merge', 'results.json is not JSON', 'merge reads the results.json of kontrak run'),
  E_RESULTS_SHAPE: invalid(
    'merge',
    'results.json of another shape',
    'merge reads the results.json of kontrak run',
  ),
  E_MERGE_EMPTY: invalid('merge', 'nothing to merge', 'name at least one shard directory'),
  E_MOCK_CREDENTIALS: invalid(
    'mock partners',
    'stored mock credentials damaged',
    'remove .kontrak/mock-credentials.json: kontrak mock makes new throwaway keys',
  ),
  E_PARTNERS_FILE: invalid(
    'mock partners',
    'partners file unreadable or of another shape',
    'give a YAML file with a partners: list',
  ),
  E_PARTNER_VALUE: invalid(
    'mock partners',
    'partner entry value not allowed',
    'the message says what the key takes',
  ),
  E_PARTNER_KEY: invalid(
    'mock partners',
    'partner public key unusable',
    'give the PEM file of the RSA public key, relative to the partners file',
  ),
  E_PARTNER_PROVIDER: invalid(
    'mock partners',
    'partner names an unknown emulation',
    'name emulations the mock has (the hint lists them)',
  ),
  E_PARTNER_DUPLICATE: invalid(
    'mock partners',
    'client registered twice',
    'use one entry per clientId and provider',
  ),
  E_IMPORT_INPUT: invalid(
    'import',
    'import input unreadable or of another shape',
    'give the file kontrak import reads: a Postman v2.1 collection, a file of curl commands, DANA uat-script resource/',
  ),
  E_IMPORT_UNMAPPABLE: invalid(
    'import',
    'a request cannot be mapped to a kontrak suite',
    'change the request in the source (the message says what kontrak cannot express); nothing was written',
  ),
  E_IMPORT_EXISTS: invalid(
    'import',
    'import would overwrite a file',
    'choose another --out, remove the file, or pass --force to replace it',
  ),
  W_IMPORT_LEFT_OUT: {
    title: 'part of the import source left out',
    hint: 'kontrak signs and checks by itself: scripts, inbound callbacks and what its suites cannot send are left out',
    exit: EXIT.OK,
    area: 'import',
  },
  W_PROBE_STOPPED: {
    title: 'probe stopped early: the draft is partial',
    hint: 'the bank throttled, locked out or failed (or the budget ran out): the knobs not asked keep their shipped value, marked undecided; ask again later, or with a larger --max-requests',
    exit: EXIT.OK,
    area: 'run',
  },
  W_NO_SHAPES: {
    title: 'results without response shapes',
    hint: 'a results.json from an older kontrak records no shapes: run again to have one to compare with',
    exit: EXIT.OK,
    area: 'run',
  },
  W_SHARD_LANES: {
    title: 'more shards than external-id lanes',
    hint: 'give the provider more externalIdDigits, or run fewer shards',
    exit: EXIT.OK,
    area: 'command line',
  },
  W_SECRETS_IN_CLEAR: {
    title: 'credentials written in clear',
    hint: 'the environment files are readable by you alone (mode 0600): never commit or share them',
    exit: EXIT.OK,
    area: 'command line',
  },
  W_KEYS_NOT_IGNORED: {
    title: 'private keys written where git does not ignore them',
    hint: 'add the folder to .gitignore (as kontrak init does for dist/), or choose an ignored --out',
    exit: EXIT.OK,
    area: 'command line',
  },
  W_NO_PDF: {
    title: 'evidence PDF not printed',
    hint: 'the PDF needs playwright-core and a Chromium: npm i -D playwright-core, and a Chromium at /usr/bin/chromium or KONTRAK_CHROMIUM=<path>',
    exit: EXIT.OK,
    area: 'run',
  },
  W_BANK_DISAGREES: {
    title: 'provider file disagrees with its bank profile',
    hint: "the mock plays the bank as its profile says: remove the provider's value, or change the profile (banks/) if the bank's source says otherwise",
    exit: EXIT.OK,
    area: 'collections',
  },
  W_DUPLICATE_SUITE: {
    title: 'suite in two shards',
    hint: 'was a directory given twice?',
    exit: EXIT.OK,
    area: 'merge',
  },
  E_UNREACHABLE: {
    title: 'no request reached the server',
    hint: 'check the base URL and the network',
    exit: EXIT.INFRASTRUCTURE,
    area: 'run',
  },
  E_PORT_IN_USE: {
    title: 'port already in use',
    hint: 'stop the program listening there (a kontrak mock or partner still running?), or choose another --port (0: any free port)',
    exit: EXIT.INFRASTRUCTURE,
    area: 'command line',
  },
  E_LISTEN: {
    title: 'cannot listen on --host/--port',
    hint: 'use an address of this machine (127.0.0.1 by default) and a port above 1023',
    exit: EXIT.INFRASTRUCTURE,
    area: 'command line',
  },
  E_UNREADABLE_ANSWER: {
    title: 'a server answered, but not in HTTP',
    hint: 'the base URL reaches a server that does not speak HTTP there: an https:// port called over http://, another protocol, or a broken proxy',
    exit: EXIT.INFRASTRUCTURE,
    area: 'run',
  },
  E_INTERNAL: {
    title: 'kontrak failed',
    hint: 'a bug or a broken environment: report it with the stack trace',
    exit: EXIT.INFRASTRUCTURE,
    area: 'run',
  },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function isCode(code: string): code is Code {
  return Object.hasOwn(CODES, code);
}
