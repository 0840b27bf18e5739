import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/load/project.ts';
import { formatDiagnostic } from '../../src/diagnostics/format.ts';
import { PROVIDER_YAML, REPO_ROOT, SUITE_YAML, tempProject } from '../support/project.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function load(files: Record<string, string>) {
  const project = tempProject(files);
  cleanup = project.cleanup;
  const outcome = loadProject(project.root);
  return outcome.diagnostics.map((d) =>
    d.file === undefined ? d : { ...d, file: d.file.replace(/.*collections\//, 'collections/') },
  );
}

describe('loadProject', () => {
  it('loads the shipped collections without a diagnostic', () => {
    const outcome = loadProject(REPO_ROOT);
    expect(outcome.diagnostics).toEqual([]);
    const suite = outcome.value!.suites.find((s) => s.name === 'nicepay-va')!;
    expect(suite.requests.map((r) => r.id)).toContain('nicepay-va/01-access-token-b2b');
    expect(suite.requests[0]!.source.line).toBeGreaterThan(1);
    expect(outcome.value!.providers.get('nicepay')!.signing).toMatchObject({
      signedPathStripPrefix: '/nicepay',
      signatureEncoding: 'base64',
    });
    expect([...outcome.value!.environments.keys()].sort()).toEqual([
      'mock',
      'partner',
      'partner-bri',
      'sandbox',
    ]);
    // The partner environment serves the inbound suites only; its provider signs as the bank.
    expect(outcome.value!.environments.get('partner')!.providers).toEqual(['partner']);
    const partner = outcome.value!.providers.get('partner')!;
    expect(partner).toMatchObject({ mock: 'partner', replayAnswer: 'inconsistent-request' });
    expect(partner.credentials.find((c) => c.signingKey)?.field).toBe('bank_private_key');
  });

  it('gives new inbound keys positioned diagnostics', () => {
    const found = load({
      'collections/p.yaml': `kontrak: 1
provider:
  name: p
  mock: partner
  replayAnswer: idempotent
  credentials:
    key: { signingKey: "yes" }
`,
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'E_INVALID_VALUE', file: 'collections/p.yaml', line: 5 }),
        expect.objectContaining({ code: 'E_TYPE', file: 'collections/p.yaml', line: 7 }),
      ]),
    );
  });

  it('names file, line, column and a suggestion for a misspelt key', () => {
    const bad = SUITE_YAML.replace('sign: snap-token', 'sgin: snap-token');
    const [d, ...rest] = load({ 'collections/p.yaml': PROVIDER_YAML, 'collections/s.yaml': bad });
    expect(rest).toEqual([]);
    expect(formatDiagnostic(d!)).toBe(
      'collections/s.yaml:9:7 error[E_UNKNOWN_KEY] unknown key "sgin" — did you mean "sign"?',
    );
  });

  it('suggests the closest allowed value of an enum', () => {
    const [d] = load({
      'collections/p.yaml': PROVIDER_YAML,
      'collections/s.yaml': SUITE_YAML.replace('method: POST', 'method: PSOT'),
    });
    expect(d).toMatchObject({ code: 'E_INVALID_VALUE', line: 7, column: 15, hint: 'did you mean "POST"?' });
  });

  it('reports a missing required key at its mapping', () => {
    const [d] = load({
      'collections/p.yaml': PROVIDER_YAML,
      'collections/s.yaml': SUITE_YAML.replace('      method: POST\n', ''),
    });
    expect(d).toMatchObject({ code: 'E_MISSING_KEY', line: 6, column: 7 });
    expect(d!.message).toContain('"method"');
  });

  it('reports wrong types with what was found', () => {
    const [d] = load({
      'collections/p.yaml': PROVIDER_YAML,
      'collections/s.yaml': SUITE_YAML.replace('status: 200', 'status: "two hundred"'),
    });
    expect(d).toMatchObject({ code: 'E_TYPE', line: 13 });
    expect(d!.message).toContain('"two hundred"');
  });

  it('turns YAML syntax errors into positioned diagnostics', () => {
    const diagnostics = load({
      'collections/p.yaml': PROVIDER_YAML,
      'collections/s.yaml': 'kontrak: 1\nsuite:\n  name: a\n  name: b\n',
      'collections/t.yaml': 'kontrak: 1\nsuite:\n\tname: x\n',
    });
    expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      'collections/s.yaml:4:3 E_YAML_DUPLICATE_KEY',
      'collections/t.yaml:3:1 E_YAML_TAB_AS_INDENT',
    ]);
    expect(diagnostics.every((d) => d.hint)).toBe(true);
  });

  it('checks references across files', () => {
    const suite = SUITE_YAML.replace('provider: nicepay', 'provider: nicepy').replace(
      'nicepay/access-token.response.json',
      'nicepay/nope.json',
    );
    const diagnostics = load({ 'collections/p.yaml': PROVIDER_YAML, 'collections/s.yaml': suite });
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['E_SCHEMA_NOT_FOUND', 'E_UNKNOWN_PROVIDER']);
    expect(diagnostics.find((d) => d.code === 'E_UNKNOWN_PROVIDER')!.hint).toBe('did you mean "nicepay"?');
  });

  it('rejects a file that holds two kinds of thing', () => {
    const [d] = load({ 'collections/p.yaml': `${PROVIDER_YAML}environment:\n  name: x\n` });
    expect(d).toMatchObject({ code: 'E_FILE_KIND' });
  });
});

describe('request bodies', () => {
  it('refuses a JSON body and a form on one request', () => {
    const project = tempProject({
      'collections/p.yaml': PROVIDER_YAML,
      'collections/s.yaml': SUITE_YAML.replace('      body:\n', '      form:\n        a: b\n      body:\n'),
    });
    cleanup = project.cleanup;
    const [d, ...rest] = loadProject(project.root).diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      code: 'E_CONFLICT',
      line: 12,
      hint: 'a request has either a JSON body or a form, not both',
    });
  });
});

describe('suites over several providers', () => {
  const SNAPISH = (name: string, basePath: string, extra = '') => `kontrak: 1
provider:
  name: ${name}
  basePath: ${basePath}
${extra}  credentials:
    client_id: { secret: false }
`;
  const SUITE = `kontrak: 1
suite:
  name: core
  providers: [gen, bank]
  requests:
    - name: balance
      method: POST
      service: balance-inquiry
      sign: snap-transaction
      body: { partnerId: "{{@client_id}}" }
      expect: { status: 200 }
      capture: { "@last": responseCode }
    - name: internal
      method: POST
      service: account-inquiry-internal
      expect: { status: 200 }
`;

  it("expands into one suite per provider with that provider's paths and variables", () => {
    const project = tempProject({
      'collections/gen.yaml': SNAPISH('gen', '/v1.0'),
      'collections/bank.yaml': SNAPISH(
        'bank',
        '/snap/v1.0',
        '  paths:\n    account-inquiry-internal: /intrabank/snap/v1.0/account-inquiry-internal\n',
      ),
      'collections/core.yaml': SUITE,
    });
    cleanup = project.cleanup;
    const outcome = loadProject(project.root);
    expect(outcome.diagnostics).toEqual([]);
    const suites = outcome.value!.suites.map((s) => [s.name, s.provider, s.requests.map((r) => r.path)]);
    expect(suites).toEqual([
      ['core@gen', 'gen', ['/v1.0/balance-inquiry', '/v1.0/account-inquiry-internal']],
      ['core@bank', 'bank', ['/snap/v1.0/balance-inquiry', '/intrabank/snap/v1.0/account-inquiry-internal']],
    ]);
    const bank = outcome.value!.suites[1]!.requests[0]!;
    expect(bank.id).toBe('core@bank/01-balance');
    expect(bank.body).toEqual({ partnerId: '{{bank_client_id}}' });
    expect(bank.capture).toEqual({ bank_last: 'responseCode' });
  });

  it('says which provider lacks a path for a service', () => {
    const project = tempProject({
      'collections/gen.yaml': SNAPISH('gen', '/v1.0').replace('  basePath: /v1.0\n', ''),
      'collections/core.yaml': SUITE.replace('[gen, bank]', '[gen]'),
    });
    cleanup = project.cleanup;
    const codes = loadProject(project.root).diagnostics.map((d) => `${d.code} ${d.line}`);
    expect(codes).toEqual(['E_NO_PATH 6', 'E_NO_PATH 13']);
  });
});
