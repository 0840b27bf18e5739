/**
 * `render --format opencollection`: a Bruno collection folder per suite with every environment
 * beside it, secrets named but never written (even when set in the process), and
 * `--include-secrets` refused: Bruno keeps secret values out of its files.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Io } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import { PROVIDER_YAML, SUITE_YAML, tempProject } from '../support/project.ts';

const project = tempProject({
  'collections/nicepay/provider.yaml': PROVIDER_YAML,
  'collections/nicepay/tiny.yaml': SUITE_YAML,
  'collections/environments/sandbox.yaml': 'kontrak: 1\nenvironment:\n  name: sandbox\n',
});
afterAll(() => project.cleanup());

async function render(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), cwd: project.root, env, isTty: false };
  const code = await main(['render', '--format', 'opencollection', ...args], io);
  return { code, out, err };
}

it('writes dist/bruno/<suite>/ with its requests and environments, and no secret value', async () => {
  const secret = 'bruno-render-5f1d-secret';
  const { code, out } = await render([], { NICEPAY_CLIENT_ID: 'IONPAYTEST', NICEPAY_CLIENT_SECRET: secret });
  expect(code).toBe(0);
  const folder = join(project.root, 'dist', 'bruno', 'tiny');
  expect(out).toEqual([
    `collection: ${folder} (1 request; secrets: bru run --env <name> --env-var <name>=<value>)`,
  ]);
  expect(readdirSync(folder).sort()).toEqual(['001-token.yml', 'environments', 'opencollection.yml']);
  const sandbox = readFileSync(join(folder, 'environments', 'sandbox.yml'), 'utf8');
  expect(sandbox).toContain('- name: nicepay_client_secret\n    secret: true\n');
  expect(sandbox).toContain('value: IONPAYTEST');
  for (const file of ['opencollection.yml', '001-token.yml', 'environments/sandbox.yml'])
    expect(readFileSync(join(folder, file), 'utf8')).not.toContain(secret);
});

it('removes the request files it wrote before, and nothing else', async () => {
  const folder = join(project.root, 'dist', 'bruno', 'tiny');
  expect((await render([])).code).toBe(0);
  writeFileSync(join(folder, '002-renamed-away.yml'), 'info: {}\n');
  writeFileSync(join(folder, 'notes.md'), 'mine\n');
  expect((await render([])).code).toBe(0);
  expect(existsSync(join(folder, '002-renamed-away.yml'))).toBe(false);
  expect(readFileSync(join(folder, 'notes.md'), 'utf8')).toBe('mine\n');
});

it('refuses --include-secrets, saying how Bruno takes secrets', async () => {
  const { code, err } = await render(['--include-secrets', '--out', 'elsewhere']);
  expect(code).toBe(4);
  expect(err.join('\n')).toMatch(/E_USAGE.*--include-secrets does not apply to --format opencollection/);
  expect(err.join('\n')).toContain('bru run --env-var <name>=<value>');
  expect(existsSync(join(project.root, 'elsewhere'))).toBe(false);
});
