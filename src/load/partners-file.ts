/**
 * `kontrak mock --partners <file>`: your own clients, registered at the standalone mock bank.
 *
 * ```yaml
 * partners:
 *   - clientId: MYCLIENT01
 *     clientSecret: my-secret       # HMAC key (SNAP) or consumer secret (BRI API v2)
 *     publicKey: keys/my.pub.pem    # PEM file, relative to this file; optional for BRI API v2
 *     providers: [nicepay, snap]    # optional: default every emulation
 *     products: [mpn-v2-sandbox]    # optional, bri only: the API products its tokens cover
 *     partnerId: my-api-key-0001    # optional: what X-PARTNER-ID carries when it is not clientId
 *     channelId: "95221"            # optional: the CHANNEL-ID this client's calls must carry
 * ```
 *
 * An entry whose `providers` names one bank is that bank's client: its requests are that bank's.
 *
 * Ids and secrets are text: a YAML number (`00123`, `1.50`) is refused rather than read as 123 or
 * 1.5. The file and its keys are read only when they are regular files under a size limit (a FIFO
 * would block the read forever). Every mistake is a positioned diagnostic; nothing is registered
 * unless the whole file is right. The mock gets the registrations as data, already checked.
 */
import { dirname, resolve } from 'node:path';
import { isScalar } from 'yaml';
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import type { Code } from '../diagnostics/codes.ts';
import { closest } from '../diagnostics/suggest.ts';
import { locate, parseYaml, type ParsedFile } from './parse.ts';
import { readPublicKeyPem, readSmallFile } from './partner-key.ts';

/** Largest partners file read: a few hundred clients fit in a tenth of it. */
export const PARTNERS_FILE_MAX_BYTES = 1024 * 1024;

/** One client registered for one emulation of the mock bank, as the mock takes it. */
export interface PartnerRegistration {
  /** The emulation: `nicepay`, `snap`, `bri-snap` or `bri`. */
  provider: string;
  clientId: string;
  clientSecret: string;
  /** SPKI PEM of the client's RSA public key; "" for `bri`. */
  publicKeyPem: string;
  /** `bri` only: the API products its tokens cover. */
  products?: string[];
  /** What arrives in X-PARTNER-ID when it is not the client id (a bank whose `partnerId` knob is `registered`). */
  partnerId?: string;
  /** The CHANNEL-ID this client's calls carry. */
  channelId?: string;
}

const PARTNER_KEYS = [
  'clientId',
  'clientSecret',
  'publicKey',
  'providers',
  'products',
  'partnerId',
  'channelId',
] as const;
/** The emulation that verifies no RSA signature (its token is OAuth client credentials). */
const NO_KEY_EMULATION = 'bri';

interface Context {
  parsed: ParsedFile;
  emulations: readonly string[];
  diagnostics: Diagnostic[];
}

function problem(
  c: Context,
  code: Code,
  message: string,
  path: Array<string | number>,
  hint: string,
  key?: string,
) {
  c.diagnostics.push(error(code, message, { ...locate(c.parsed, path, key), hint }));
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function text(
  c: Context,
  entry: Record<string, unknown>,
  at: Array<string | number>,
  key: string,
): string | undefined {
  const value = entry[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number') {
    // What was written, not what YAML made of it: 00123 and 1.50 are numbers 123 and 1.5.
    const node = c.parsed.document.getIn([...at, key], true);
    const written = isScalar(node) && node.source !== undefined ? node.source : String(value);
    // A secret is not repeated in the message: the position shows where it is.
    const shown = key === 'clientSecret' ? '…' : written;
    problem(
      c,
      'E_PARTNER_VALUE',
      key === 'clientSecret'
        ? `"${key}" is a number in YAML, not text as written`
        : `"${key}" is the number ${value} in YAML, not the text ${written}`,
      [...at, key],
      `quote it: ${key}: "${shown}"`,
    );
    return undefined;
  }
  problem(c, 'E_PARTNER_VALUE', `"${key}" must be a non-empty string`, [...at, key], `write ${key}: <text>`);
  return undefined;
}

function list(
  c: Context,
  entry: Record<string, unknown>,
  at: Array<string | number>,
  key: string,
): string[] | undefined {
  const value = entry[key];
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return value;
  problem(c, 'E_PARTNER_VALUE', `"${key}" must be a list of names`, [...at, key], `write ${key}: [name, …]`);
  return undefined;
}

function readPublicKey(c: Context, file: string, at: Array<string | number>): string | undefined {
  const read = readPublicKeyPem(resolve(dirname(c.parsed.file), file), file);
  if (read.ok) return read.pem;
  problem(c, 'E_PARTNER_KEY', read.message, at, read.hint);
  return undefined;
}

function partnerAt(c: Context, entry: unknown, index: number): PartnerRegistration[] {
  const at = ['partners', index];
  if (!isObject(entry)) {
    problem(
      c,
      'E_PARTNER_VALUE',
      `partner ${index + 1} must be a mapping`,
      at,
      'write clientId:, clientSecret: and publicKey: under "- "',
    );
    return [];
  }
  for (const key of Object.keys(entry)) {
    if ((PARTNER_KEYS as readonly string[]).includes(key)) continue;
    const suggestion = closest(key, PARTNER_KEYS);
    problem(
      c,
      'E_UNKNOWN_KEY',
      `unknown key "${key}"`,
      at,
      suggestion ? `did you mean "${suggestion}"?` : `allowed keys: ${PARTNER_KEYS.join(', ')}`,
      key,
    );
  }
  const clientId = text(c, entry, at, 'clientId');
  const clientSecret = text(c, entry, at, 'clientSecret');
  for (const key of ['clientId', 'clientSecret'] as const)
    if (entry[key] === undefined)
      problem(c, 'E_MISSING_KEY', `partner ${index + 1} is missing "${key}"`, at, `add ${key}: <value>`);
  const providers = list(c, entry, at, 'providers') ?? [...c.emulations];
  if (entry['providers'] !== undefined && providers.length === 0)
    problem(
      c,
      'E_PARTNER_VALUE',
      '"providers" is empty: the client would be registered nowhere',
      [...at, 'providers'],
      `name at least one of ${c.emulations.join(', ')}, or leave providers: out for all`,
    );
  providers.forEach((name, i) => {
    if (c.emulations.includes(name)) return;
    const suggestion = closest(name, c.emulations);
    problem(
      c,
      'E_PARTNER_PROVIDER',
      `the mock has no emulation "${name}"`,
      [...at, 'providers', i],
      suggestion ? `did you mean "${suggestion}"?` : `emulations: ${c.emulations.join(', ')}`,
    );
  });
  const products = list(c, entry, at, 'products');
  const partnerId = text(c, entry, at, 'partnerId');
  const channelId = text(c, entry, at, 'channelId');
  const keyFile = text(c, entry, at, 'publicKey');
  const publicKeyPem = keyFile === undefined ? '' : readPublicKey(c, keyFile, [...at, 'publicKey']);
  const needKey = providers.filter((p) => p !== NO_KEY_EMULATION);
  if (keyFile === undefined && needKey.length > 0)
    problem(
      c,
      'E_MISSING_KEY',
      `partner ${clientId ?? index + 1} needs "publicKey" for ${needKey.join(', ')}`,
      at,
      `SNAP access tokens are verified with your public key: add publicKey: <file.pem>, or providers: [${NO_KEY_EMULATION}]`,
    );
  if (clientId === undefined || clientSecret === undefined || publicKeyPem === undefined) return [];
  return providers.map((provider) => ({
    provider,
    clientId,
    clientSecret,
    publicKeyPem,
    ...(products && provider === NO_KEY_EMULATION ? { products } : {}),
    ...(partnerId === undefined ? {} : { partnerId }),
    ...(channelId === undefined ? {} : { channelId }),
  }));
}

/** Reads a partners file; `emulations` are the mock's (nicepay, snap, bri-snap, bri). */
export function loadPartnersFile(
  path: string,
  emulations: readonly string[],
): Outcome<PartnerRegistration[]> {
  const refuse = (message: string): Outcome<PartnerRegistration[]> => ({
    diagnostics: [
      error('E_PARTNERS_FILE', message, { hint: 'give the path of a YAML file with a partners: list' }),
    ],
  });
  const read = readSmallFile(path, PARTNERS_FILE_MAX_BYTES);
  if (!read.ok) {
    if (read.why === 'missing') return refuse(`cannot read ${path} (${read.code})`);
    if (read.why === 'not-a-file') return refuse(`${path} is not a regular file`);
    return refuse(
      `${read.size} bytes is more than the ${PARTNERS_FILE_MAX_BYTES} bytes a partners file may have`,
    );
  }
  const source = read.text;
  const { parsed, diagnostics: syntax } = parseYaml(path, source);
  if (syntax.some((d) => d.severity === 'error')) return { diagnostics: syntax };
  const c: Context = { parsed, emulations, diagnostics: [...syntax] };
  const data = parsed.data;
  if (!isObject(data) || !Array.isArray(data['partners'])) {
    problem(
      c,
      'E_PARTNERS_FILE',
      'a partners file is a mapping with a "partners:" list',
      [],
      'start the file with "partners:" and one "- clientId: …" entry per client',
    );
    return { diagnostics: c.diagnostics };
  }
  for (const key of Object.keys(data))
    if (key !== 'partners')
      problem(c, 'E_UNKNOWN_KEY', `unknown key "${key}"`, [], 'the file holds only "partners:"', key);
  const partners: PartnerRegistration[] = [];
  const seen = new Map<string, number>();
  (data['partners'] as unknown[]).forEach((entry, i) => {
    for (const p of partnerAt(c, entry, i)) {
      const first = seen.get(`${p.provider}/${p.clientId}`);
      if (first === undefined) seen.set(`${p.provider}/${p.clientId}`, i);
      else
        problem(
          c,
          'E_PARTNER_DUPLICATE',
          `client ${p.clientId} is registered twice for ${p.provider}`,
          ['partners', i, 'clientId'],
          `partner ${first + 1} has the same clientId; use one entry per client`,
        );
      partners.push(p);
    }
  });
  return c.diagnostics.some((d) => d.severity === 'error')
    ? { diagnostics: c.diagnostics }
    : { value: partners, diagnostics: c.diagnostics };
}
