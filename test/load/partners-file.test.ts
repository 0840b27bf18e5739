/** `kontrak mock --partners <file>`: the file's format, and every mistake positioned. */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPartnersFile, PARTNERS_FILE_MAX_BYTES } from '../../src/load/partners-file.ts';
import { mockEmulationNames } from '../../src/mock/server.ts';

const MOCK_EMULATIONS = mockEmulationNames();
import { tempDir } from '../support/project.ts';

const dir = tempDir();
afterAll(() => {
  dir.cleanup();
});
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
writeFileSync(join(dir.dir, 'spki.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(join(dir.dir, 'pkcs1.pub.pem'), publicKey.export({ type: 'pkcs1', format: 'pem' }));
writeFileSync(join(dir.dir, 'private.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));

/** The value, or a test failure saying it is missing. */
function must<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`${what} is missing`);
  return value;
}

function load(yaml: string) {
  const file = join(dir.dir, 'partners.yaml');
  writeFileSync(file, yaml);
  return loadPartnersFile(file, MOCK_EMULATIONS);
}
const brief = (d: { code: string; line?: number; column?: number; message: string; hint?: string }) =>
  `${d.line}:${d.column} ${d.code} ${d.message} — ${d.hint}`;

describe('loadPartnersFile', () => {
  it('registers a client for the emulations it names, with its key relative to the file (SPKI or PKCS#1 PEM)', () => {
    const out = load(`partners:
  - clientId: MYCLIENT01
    clientSecret: my-secret
    publicKey: spki.pem
    providers: [nicepay, snap]
  - clientId: OTHER
    clientSecret: s2
    publicKey: ./pkcs1.pub.pem
  - clientId: BRIONLY
    clientSecret: consumer-secret
    providers: [bri]
    products: [mpn-v2-sandbox]
`);
    expect(out.diagnostics).toEqual([]);
    const partners = must(out.value);
    expect(partners.map((p) => `${p.clientId}@${p.provider}`)).toEqual([
      'MYCLIENT01@nicepay',
      'MYCLIENT01@snap',
      ...MOCK_EMULATIONS.map((e) => `OTHER@${e}`),
      'BRIONLY@bri',
    ]);
    expect(must(partners[0]).publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(must(partners[2]).publicKeyPem).toBe(must(partners[0]).publicKeyPem); // PKCS#1 read as the same key
    expect(partners.at(-1)).toMatchObject({
      clientSecret: 'consumer-secret',
      publicKeyPem: '',
      products: ['mpn-v2-sandbox'],
    });
  });

  it('registers the partner id and channel a bank sees for a client, for the one bank it names', () => {
    const out = load(`partners:
  - clientId: IDBNIa29udHJhay1jbGllbnQ=
    clientSecret: bni-api-secret
    publicKey: spki.pem
    partnerId: bni-api-key-0001
    channelId: "95221"
    providers: [bni]
`);
    expect(out.diagnostics).toEqual([]);
    expect(out.value).toEqual([
      expect.objectContaining({
        provider: 'bni',
        clientId: 'IDBNIa29udHJhay1jbGllbnQ=',
        partnerId: 'bni-api-key-0001',
        channelId: '95221',
      }),
    ]);
  });

  it('refuses a partner id or channel that is not text, positioned', () => {
    const out = load(`partners:
  - clientId: C1
    clientSecret: s
    publicKey: spki.pem
    partnerId: 00123
    channelId: ""
    providers: [snap]
`);
    expect(out.value).toBeUndefined();
    expect(out.diagnostics.map(brief)).toEqual([
      '5:16 E_PARTNER_VALUE "partnerId" is the number 123 in YAML, not the text 00123 — quote it: partnerId: "00123"',
      '6:16 E_PARTNER_VALUE "channelId" must be a non-empty string — write channelId: <text>',
    ]);
  });

  it('positions every mistake, with a hint, and registers nothing', () => {
    const out = load(`partners:
  - clientId: MYCLIENT01
    clientSecrt: my-secret
    publicKey: missing.pem
    providers: [nicepy]
  - clientId: KEYLESS
    clientSecret: s
  - clientId: PRIV
    clientSecret: s
    publicKey: private.pem
  - clientId: PRIV
    clientSecret: s
    providers: [bri]
  - clientId: PRIV
    clientSecret: s
    providers: [bri]
`);
    expect(out.value).toBeUndefined();
    expect(out.diagnostics.map(brief)).toEqual([
      '3:5 E_UNKNOWN_KEY unknown key "clientSecrt" — did you mean "clientSecret"?',
      '2:5 E_MISSING_KEY partner 1 is missing "clientSecret" — add clientSecret: <value>',
      '5:17 E_PARTNER_PROVIDER the mock has no emulation "nicepy" — did you mean "nicepay"?',
      expect.stringMatching(/^4:16 E_PARTNER_KEY cannot read publicKey file .*missing\.pem \(ENOENT\) — /),
      `6:5 E_MISSING_KEY partner KEYLESS needs "publicKey" for ${MOCK_EMULATIONS.filter((e) => e !== 'bri').join(', ')} — SNAP access tokens are verified with your public key: add publicKey: <file.pem>, or providers: [bri]`,
      '10:16 E_PARTNER_KEY private.pem holds a private key; the mock needs only the public half — export it: openssl pkey -in private.pem -pubout -out public.pem',
      '14:15 E_PARTNER_DUPLICATE client PRIV is registered twice for bri — partner 4 has the same clientId; use one entry per client',
    ]);
    expect(out.diagnostics.every((d) => d.file?.endsWith('partners.yaml'))).toBe(true);
  });

  it('a file that is not a partners list, or not YAML, says so', () => {
    expect(load('clients: []\n').diagnostics.map(brief)).toEqual([
      '1:1 E_PARTNERS_FILE a partners file is a mapping with a "partners:" list — start the file with "partners:" and one "- clientId: …" entry per client',
    ]);
    expect(load('partners: [\n').diagnostics[0]?.code).toMatch(/^E_YAML_/);
    expect(loadPartnersFile(join(dir.dir, 'none.yaml'), MOCK_EMULATIONS).diagnostics[0]?.code).toBe(
      'E_PARTNERS_FILE',
    );
  });

  it('refuses YAML numbers where ids and secrets are strings, positioned, with a quoting hint', () => {
    const out = load(`partners:
  - clientId: 00123
    clientSecret: 1.50
    providers: [bri]
`);
    expect(out.value).toBeUndefined();
    expect(out.diagnostics.map(brief)).toEqual([
      '2:15 E_PARTNER_VALUE "clientId" is the number 123 in YAML, not the text 00123 — quote it: clientId: "00123"',
      '3:19 E_PARTNER_VALUE "clientSecret" is a number in YAML, not text as written — quote it: clientSecret: "…"',
    ]);
  });

  it('refuses an empty providers list, which would register the client nowhere', () => {
    const out = load(`partners:
  - clientId: NOWHERE
    clientSecret: s
    providers: []
`);
    expect(out.value).toBeUndefined();
    expect(out.diagnostics.map(brief)).toEqual([
      `4:16 E_PARTNER_VALUE "providers" is empty: the client would be registered nowhere — name at least one of ${MOCK_EMULATIONS.join(', ')}, or leave providers: out for all`,
    ]);
  });

  it('refuses a file over the size limit without parsing it', () => {
    const entry = 'partners:\n  - clientId: BIG\n    clientSecret: s\n    providers: [bri]\n';
    const out = load(entry + `# ${'x'.repeat(78)}\n`.repeat(30_000));
    expect(out.value).toBeUndefined();
    expect(out.diagnostics.map((d) => d.code)).toEqual(['E_PARTNERS_FILE']);
    expect(out.diagnostics[0]?.message).toMatch(
      new RegExp(`^\\d+ bytes is more than the ${PARTNERS_FILE_MAX_BYTES} bytes a partners file may have$`),
    );
  });

  it('refuses a publicKey that is no regular file (a folder), without reading it', () => {
    const out = load(`partners:
  - clientId: DIRKEY
    clientSecret: s
    publicKey: .
`);
    expect(out.value).toBeUndefined();
    expect(out.diagnostics.map(brief)).toEqual([
      expect.stringMatching(/^4:16 E_PARTNER_KEY publicKey \. is not a regular file — /),
    ]);
  });
});
