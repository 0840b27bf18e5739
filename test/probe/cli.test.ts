/**
 * `kontrak probe` end to end: against the embedded mock's emulation of a shipped bank it writes a
 * draft profile that the loader takes, prints what it decided (and with --diff where the profile
 * and the bank disagree); an unknown option is a usage error, a missing --provider a clear one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { readBankProfile } from '../../src/load/bank-profiles.ts';
import { kontrak } from '../support/cli.ts';
import { REPO_ROOT, tempProject } from '../support/project.ts';

const made: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of made.splice(0)) cleanup();
});

const project = (): string => {
  const p = tempProject({
    'collections/bni/provider.yaml': readFileSync(
      join(REPO_ROOT, 'collections', 'bni', 'provider.yaml'),
      'utf8',
    ),
    'collections/environments/sandbox.yaml': readFileSync(
      join(REPO_ROOT, 'collections', 'environments', 'sandbox.yaml'),
      'utf8',
    ),
  });
  made.push(p.cleanup);
  return p.root;
};

it('probes the mock emulation of a provider’s bank and writes a draft the loader takes', async () => {
  const root = project();
  const result = await kontrak(
    [
      'probe',
      '--provider',
      'bni',
      '--env',
      'mock',
      '--pace-ms',
      '0',
      '--out',
      'drafts/bni.draft.yaml',
      '--diff',
    ],
    { cwd: root },
  );
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/probing bni at the mock bank \(mock\): at most 60 requests, one every 0 ms/);
  expect(result.stdout).toMatch(/\d+ requests; \d+ of 14 knobs decided; draft: drafts\/bni\.draft\.yaml/);
  expect(result.stdout).toContain('=  deviceHeaders: "required"');
  expect(result.stdout).toContain('?  customerToken: undecided');
  expect(result.stdout).toContain(
    '·  the token call’s grantType spelling: the bank accepts only client_credentials',
  );
  expect(result.stdout).toContain('·  the token segment of the transaction string to sign: the bank refuses');
  const file = join(root, 'drafts', 'bni.draft.yaml');
  expect(existsSync(file)).toBe(true);
  const draft = readBankProfile(file, readFileSync(file, 'utf8'));
  expect(draft.diagnostics).toEqual([]);
  expect(draft.value?.signatureEncoding).toMatchObject({ value: 'base64', confidence: 'observed' });
  expect(draft.value?.signatureEncoding.observation?.evidence.length).toBeGreaterThan(0);
  expect(draft.value?.probe).toMatchObject({ environment: 'mock' });
  expect(draft.value?.probe?.stopped).toBeUndefined();
  expect(draft.value?.probe?.observations?.map((o) => o.refused.length)).toEqual([1, 2]);
}, 120_000);

it('refuses an unknown option as a usage error', async () => {
  const result = await kontrak(['probe', '--provider', 'bni', '--pace', '0'], { cwd: project() });
  expect(result.code).toBe(4);
  expect(result.stderr).toMatch(/E_USAGE|unknown option/);
  expect(result.stderr).toContain('--pace');
}, 60_000);

it('asks for --provider when none is given', async () => {
  const result = await kontrak(['probe', '--env', 'mock'], { cwd: project() });
  expect(result.code).toBe(4);
  expect(result.stderr).toContain('kontrak probe needs --provider <name>');
}, 60_000);

it('names the missing sandbox variables and sends nothing without them', async () => {
  const result = await kontrak(['probe', '--provider', 'bni'], {
    cwd: project(),
    env: {
      BNI_BASE_URL: undefined,
      BNI_CLIENT_ID: undefined,
      BNI_CLIENT_SECRET: undefined,
      BNI_PRIVATE_KEY: undefined,
    },
  });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('E_MISSING_BASE_URL');
  expect(result.stdout).not.toContain('probing');
}, 60_000);
