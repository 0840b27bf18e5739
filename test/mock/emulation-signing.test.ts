/**
 * The mock's own signing policy of the four hand-written emulations is the one their shipped
 * provider files state. (Bank emulations built from banks/*.yaml take theirs from the bank
 * profile, which also gives their providers' signing knobs.)
 */
import { describe, expect, it } from 'vitest';
import { signingPolicyOf } from '../../scripts/signing-contract.ts';
import { loadProject } from '../../src/load/project.ts';
import { EMULATION_SIGNING } from '../../src/mock/emulation-signing.ts';
import { REPO_ROOT } from '../support/project.ts';

/** The value, or a test failure saying it is missing. */
function must<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`${what} is missing`);
  return value;
}

describe('EMULATION_SIGNING', () => {
  const project = must(loadProject(REPO_ROOT).value);
  it.each(Object.keys(EMULATION_SIGNING))(
    '%s equals collections/…/provider.yaml of the same name',
    (emulation) => {
      const provider = must(project.providers.get(emulation), emulation);
      expect(provider.mock ?? provider.name).toBe(emulation);
      expect(EMULATION_SIGNING[emulation as keyof typeof EMULATION_SIGNING]).toEqual(
        signingPolicyOf(provider.signing),
      );
    },
  );

  it('every shipped provider runs against an emulation that signs as it does', () => {
    for (const provider of project.providers.values()) {
      const emulation = (provider.mock ?? provider.name) as keyof typeof EMULATION_SIGNING;
      if (!(emulation in EMULATION_SIGNING)) continue;
      expect([provider.name, EMULATION_SIGNING[emulation]]).toEqual([
        provider.name,
        signingPolicyOf(provider.signing),
      ]);
    }
  });
});
