/**
 * A run whose output goes to a pipe (a CI log, `| tee`): no progress display, and each suite's
 * result printed once, with its failures, in the summary; the closing line holds the totals.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { kontrak } from '../support/cli.ts';
import { PROVIDER_YAML, SUITE_YAML, tempProject } from '../support/project.ts';

it('prints each suite once when stdout is a pipe', async () => {
  const project = tempProject({
    'collections/nicepay/provider.yaml': PROVIDER_YAML,
    'collections/nicepay/tiny.yaml': SUITE_YAML,
    'collections/nicepay/broken.yaml': SUITE_YAML.replace('name: tiny', 'name: broken').replace(
      'responseCode: "2007300"',
      'responseCode: "2007301"',
    ),
  });
  try {
    const result = await kontrak(['run', '--out', join(project.root, 'reports')], {
      cwd: project.root,
      env: { NICEPAY_CLIENT_ID: '', NICEPAY_CLIENT_SECRET: '', NICEPAY_PRIVATE_KEY: '', CI: '' },
    });
    expect(result.code, result.stderr).toBe(1);
    const lines = result.stdout.split('\n');
    // A suite's result line and the progress line of the old display both name it followed by two spaces.
    const mentioning = (suite: string): string[] => lines.filter((l) => l.includes(` ${suite}  `));
    expect(mentioning('tiny')).toEqual([expect.stringMatching(/^PASS tiny {2}1\/1 requests passed/)]);
    expect(mentioning('broken')).toEqual([expect.stringMatching(/^FAIL broken {2}0\/1 requests passed/)]);
    expect(lines.filter((l) => l.includes('expected responseCode 2007301, got 2007300'))).toHaveLength(1);
    // eslint-disable-next-line no-control-regex -- no escape sequence may reach a pipe
    expect(result.stdout).not.toMatch(/\u001b/);
    expect(result.stdout).toMatch(/^1 passed, 1 failed /m);
  } finally {
    project.cleanup();
  }
}, 120_000);
