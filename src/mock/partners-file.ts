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
 * ```
 *
 * Every mistake is a positioned diagnostic; nothing is registered unless the whole file is right.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import type { Code } from '../diagnostics/codes.ts';
import { closest } from '../diagnostics/suggest.ts';
import { locate, parseYaml, type ParsedFile } from '../load/parse.ts';
import type { MockPartner } from './server.ts';

const PARTNER_KEYS = ['clientId', 'clientSecret', 'publicKey', 'providers', 'products'] as const;
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
  if (typeof value === 'number') return String(value);
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
  const path = resolve(dirname(c.parsed.file), file);
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (e) {
    problem(
      c,
      'E_PARTNER_KEY',
      `cannot read publicKey file ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      at,
      'give a PEM file path relative to the partners file',
    );
    return undefined;
  }
  if (/PRIVATE KEY-----/.test(pem)) {
    problem(
      c,
      'E_PARTNER_KEY',
      `${file} holds a private key; the mock needs only the public half`,
      at,
      'export it: openssl pkey -in private.pem -pubout -out public.pem',
    );
    return undefined;
  }
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType === 'rsa') return key.export({ type: 'spki', format: 'pem' }).toString();
    problem(
      c,
      'E_PARTNER_KEY',
      `${file} is a ${key.asymmetricKeyType ?? 'non-RSA'} key; SNAP tokens are signed with RSA`,
      at,
      'register the public half of your RSA key pair',
    );
  } catch (e) {
    problem(
      c,
      'E_PARTNER_KEY',
      `${file} is not a PEM public key (${(e as Error).message})`,
      at,
      'expected -----BEGIN PUBLIC KEY----- (SPKI) or -----BEGIN RSA PUBLIC KEY-----',
    );
  }
  return undefined;
}

function partnerAt(c: Context, entry: unknown, index: number): MockPartner[] {
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
  }));
}

/** Reads a partners file; `emulations` are the mock's (nicepay, snap, bri-snap, bri). */
export function loadPartnersFile(path: string, emulations: readonly string[]): Outcome<MockPartner[]> {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (e) {
    return {
      diagnostics: [
        error('E_PARTNERS_FILE', `cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, {
          hint: 'give the path of a YAML file with a partners: list',
        }),
      ],
    };
  }
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
  const partners: MockPartner[] = [];
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
