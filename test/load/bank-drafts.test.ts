/**
 * A draft profile (`kontrak probe` writes banks/<bank>.draft.yaml by default) is not in force until
 * it is renamed: a project's banks/ folder may hold one beside the profiles it means to use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bankProfiles } from '../../src/load/bank-profiles.ts';
import { REPO_ROOT, tempProject } from '../support/project.ts';

const BCA = readFileSync(join(REPO_ROOT, 'banks', 'bca.yaml'), 'utf8');
const DRAFTED = BCA.replace(
  /^signatureEncoding: .*$/m,
  'signatureEncoding: { value: hex, source: "a probe", confidence: observed }',
);

const made: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of made.splice(0)) cleanup();
});

function project(files: Record<string, string>): string {
  const { root, cleanup } = tempProject({ 'package.json': '{ "name": "drafts" }\n', ...files });
  made.push(cleanup);
  return root;
}

describe('a draft bank profile', () => {
  it('leaves the shipped profile in force while it is named <bank>.draft.yaml', () => {
    expect(DRAFTED).not.toBe(BCA);
    const root = project({ 'banks/bca.draft.yaml': DRAFTED });
    expect(bankProfiles(root).get('bca')?.signatureEncoding.value).toBe('base64');
  });

  it('is in force once renamed to <bank>.yaml', () => {
    const root = project({ 'banks/bca.yaml': DRAFTED });
    expect(bankProfiles(root).get('bca')?.signatureEncoding.value).toBe('hex');
  });
});
