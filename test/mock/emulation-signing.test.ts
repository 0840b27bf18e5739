/**
 * The mock verifies signatures as the shipped provider files sign: the two emulations written in
 * code (NICEPAY, BRI API v2) by their own table, every bank emulation by its bank profile (which
 * also gives its providers' signing knobs).
 */
import { describe, expect, it } from 'vitest';
import { signingPolicyOf, type SigningPolicy } from '../../scripts/signing-contract.ts';
import { bankProfiles } from '../../src/load/bank-profiles.ts';
import { loadProject } from '../../src/load/project.ts';
import { EMULATION_SIGNING } from '../../src/mock/gate/emulation-signing.ts';
import { transactionProfile } from '../../src/mock/snap/bank-routes.ts';
import { REPO_ROOT } from '../support/project.ts';

/** The value, or a test failure saying it is missing. */
function must<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`${what} is missing`);
  return value;
}

/** How the mock verifies an emulation's partners when they bring no policy of their own. */
function mockSigning(emulation: string): SigningPolicy | undefined {
  if (emulation in EMULATION_SIGNING) return EMULATION_SIGNING[emulation as keyof typeof EMULATION_SIGNING];
  const profile = bankProfiles().get(emulation);
  return profile && transactionProfile(profile).signing;
}

describe('EMULATION_SIGNING', () => {
  const project = must(loadProject(REPO_ROOT).value);

  it('holds only the emulations written in code, which no bank profile describes', () => {
    expect(Object.keys(EMULATION_SIGNING).sort()).toEqual(['bri', 'nicepay']);
    for (const emulation of Object.keys(EMULATION_SIGNING))
      expect(bankProfiles().has(emulation), emulation).toBe(false);
  });

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
    const checked: string[] = [];
    for (const provider of project.providers.values()) {
      const emulation = provider.mock ?? provider.name;
      if (emulation === 'partner') continue; // kontrak plays the bank: nothing of the mock's
      const signing = must(mockSigning(emulation), `the mock's signing of ${emulation}`);
      expect([provider.name, signing]).toEqual([provider.name, signingPolicyOf(provider.signing)]);
      checked.push(provider.name);
    }
    expect(checked).toEqual(expect.arrayContaining(['nicepay', 'bri', 'snap', 'bri-snap', 'bca']));
  });
});
