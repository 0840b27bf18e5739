/**
 * `kontrak import curl`: a file of curl commands (as pasted into tickets, or a bank's SIT
 * workbook) becomes one suite, one request per command. Commands are split where a line starts
 * with `curl`; line continuations, quotes and escapes are the shell's (shell-quote). The signing
 * headers name the scheme and are dropped: kontrak signs when it sends.
 */
import { parse } from 'shell-quote';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { catalogueHints } from './catalogue-hints.ts';
import { lineColumn } from './positions.ts';
import { signingOf } from './signing.ts';
import { suiteName, uniqueNames, type Imported, type SuiteRequest } from './types.ts';

export interface CurlImportOptions {
  file: string;
  text: string;
  provider: string;
  providerHeaders: ReadonlySet<string>;
}

const DATA = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-ascii']);
/** Options that change nothing kontrak sends. */
const QUIET = new Set([
  '-s',
  '-S',
  '--silent',
  '--show-error',
  '--compressed',
  '-k',
  '--insecure',
  '-v',
  '--verbose',
  '-i',
  '--include',
  '-L',
  '--location',
]);
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

interface Command {
  text: string;
  offset: number;
}

/** The commands of the file, each from a line starting with `curl` to the next one. */
function commands(text: string): Command[] {
  const starts = [...text.matchAll(/^[ \t]*curl\b/gm)].map((m) => m.index);
  return starts.map((start, i) => ({ text: text.slice(start, starts[i + 1] ?? text.length), offset: start }));
}

interface Parsed {
  method?: string;
  url?: string;
  headers: Array<{ key: string; value: string }>;
  data?: string;
}

/** One option with its value applied to `parsed`; a reason when kontrak cannot take it. */
function applyOption(parsed: Parsed, option: string, value: () => string): string | undefined {
  if (option === '-X' || option === '--request') parsed.method = value().toUpperCase();
  else if (option === '-H' || option === '--header') {
    const header = value();
    const colon = header.indexOf(':');
    if (colon < 1) return `header "${header}" has no name: value`;
    parsed.headers.push({ key: header.slice(0, colon).trim(), value: header.slice(colon + 1).trim() });
  } else if (DATA.has(option)) parsed.data = (parsed.data ? `${parsed.data}&` : '') + value();
  else if (option === '--url') parsed.url = value();
  else if (!QUIET.has(option)) return `curl option ${option} has no kontrak equivalent`;
  return undefined;
}

function parseCommand(text: string): Parsed | string {
  // A backslash-newline is the shell's line continuation; `$VAR` stays as written.
  const tokens = parse(text.replace(/\\\r?\n/g, ' '), (key) => `$${key}`);
  const parsed: Parsed = { headers: [] };
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined || (typeof token === 'object' && 'comment' in token)) break;
    if (typeof token !== 'string')
      return `shell operator ${'op' in token ? token.op : '?'} (one plain curl command per request)`;
    const value = (): string => {
      const next = tokens[++i];
      return typeof next === 'string' ? next : '';
    };
    const problem = token.startsWith('-') ? applyOption(parsed, token, value) : undefined;
    if (problem) return problem;
    if (token.startsWith('-')) continue;
    if (parsed.url !== undefined) return `a second URL "${token}"`;
    parsed.url = token;
  }
  return parsed;
}

function bodyOf(parsed: Parsed): Partial<SuiteRequest> | string {
  if (parsed.data === undefined || parsed.data === '') return {};
  const type = parsed.headers.find((h) => h.key.toLowerCase() === 'content-type')?.value ?? '';
  if (/x-www-form-urlencoded/i.test(type)) {
    return { form: Object.fromEntries(new URLSearchParams(parsed.data)) };
  }
  try {
    return { body: JSON.parse(parsed.data) as unknown };
  } catch {
    return 'the body (-d) is not JSON, and the Content-Type is not a form';
  }
}

function requestOf(parsed: Parsed, options: CurlImportOptions): SuiteRequest | string {
  if (!parsed.url) return 'no URL';
  const match = /^(?:[a-z]+:\/\/[^/?#]+|\$[A-Za-z_]+|\{\{[^}]+\}\})?(\/[^#]*)?$/i.exec(parsed.url);
  if (!match) return `URL "${parsed.url}" has no path`;
  const path = match[1] ?? '/';
  const method = parsed.method ?? (parsed.data !== undefined ? 'POST' : 'GET');
  if (!METHODS.has(method)) return `method ${method}: kontrak sends GET, POST, PUT, PATCH or DELETE`;
  const body = bodyOf(parsed);
  if (typeof body === 'string') return body;
  const signing = signingOf(parsed.headers, path, options.providerHeaders);
  const { schema, capture } = catalogueHints(path, signing.sign);
  return {
    name: `${method} ${path.split('?')[0] ?? path}`,
    method: method as SuiteRequest['method'],
    path,
    ...(Object.keys(signing.headers).length ? { headers: signing.headers } : {}),
    ...body,
    sign: signing.sign,
    expect: { status: 200, ...(schema ? { schema } : {}) },
    ...(capture ? { capture } : {}),
  };
}

export function importCurl(options: CurlImportOptions): Imported {
  const diagnostics: Diagnostic[] = [];
  const requests: SuiteRequest[] = [];
  const found = commands(options.text);
  if (!found.length)
    diagnostics.push(
      error('E_IMPORT_INPUT', `${options.file} holds no curl command`, {
        file: options.file,
        hint: 'start each command on its own line with curl',
      }),
    );
  for (const command of found) {
    const at = {
      file: options.file,
      ...lineColumn(options.text, command.offset + command.text.search(/\S/)),
    };
    const parsed = parseCommand(command.text);
    const request = typeof parsed === 'string' ? parsed : requestOf(parsed, options);
    if (typeof request === 'string') {
      diagnostics.push(
        error('E_IMPORT_UNMAPPABLE', `this curl command cannot become a request: ${request}`, at),
      );
      continue;
    }
    requests.push(request);
  }
  if (requests.length)
    diagnostics.push(
      warning('W_IMPORT_LEFT_OUT', 'curl shows no expected answer: each request expects HTTP 200', {
        file: options.file,
        hint: "add each request's expect.responseCode (and expect.schema where the catalogue has none)",
      }),
    );
  const name = suiteName(options.file.replace(/^.*\//, '').replace(/\.[^.]*$/, ''));
  return {
    suites: requests.length
      ? [{ suite: { name, provider: options.provider, requests: uniqueNames(requests) }, from: options.file }]
      : [],
    diagnostics,
  };
}
