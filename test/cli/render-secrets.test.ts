/** `render --include-secrets` says what it wrote: it claims secret values only when some are set. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Io } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import { PROVIDER_YAML, tempProject } from '../support/project.ts';

const project = tempProject({
  'collections/nicepay/provider.yaml': PROVIDER_YAML,
  'collections/environments/sandbox.yaml': 'kontrak: 1\nenvironment:\n  name: sandbox\n',
});
afterAll(() => project.cleanup());

async function render(env: Record<string, string>): Promise<string[]> {
  const out: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: () => undefined, cwd: project.root, env, isTty: false };
  expect(await main(['render', '--include-secrets', '--out', 'out'], io)).toBe(0);
  return out.filter((l) => l.startsWith('environment:') && l.includes('sandbox.postman_environment.json'));
}

it('says no secret value was written when none is set', async () => {
  const [line] = await render({});
  expect(line).toBeDefined();
  expect(line).not.toContain('with secret values');
  expect(line).toContain('no secret value is set');
});

it('says how many were written when some are set', async () => {
  const secret = 'render-claims-77c1-secret';
  const [line] = await render({ NICEPAY_CLIENT_ID: 'IONPAYTEST', NICEPAY_CLIENT_SECRET: secret });
  expect(line).toContain('with 1 of 2 secret values');
  expect(readFileSync(join(project.root, 'out', 'sandbox.postman_environment.json'), 'utf8')).toContain(
    secret,
  );
});
