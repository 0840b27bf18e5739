/**
 * Every list of banks is derived from the banks/ folders a project sees: a bank profile in a
 * project's own banks/ is a bank for `bank:`, for `mock:` (checked with did-you-mean), for the
 * mock's emulations, for `kontrak init` starters and for the help's list (bankNames), and for
 * none of them without that project's root.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { scaffoldFiles, starterBanks } from '../../src/init/scaffold.ts';
import { bankNames } from '../../src/index.ts';
import { mockEmulations } from '../../src/load/bank.ts';
import { bankProfiles } from '../../src/load/bank-profiles.ts';
import { loadProject } from '../../src/load/project.ts';
import { mockEmulationNames } from '../../src/mock/server.ts';
import { OWN_BANK, OWN_BANK_PROFILE, OWN_PROVIDER, ownBankProject } from '../support/own-bank.ts';

const made: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of made.splice(0)) cleanup();
});

function project(files: Record<string, string> = {}): string {
  const p = ownBankProject(files);
  made.push(p.cleanup);
  return p.root;
}

describe("a project's own bank profile", () => {
  it('is in every derived list for that project, and in none without it', () => {
    const root = project();
    expect(bankNames(root)).toContain(OWN_BANK);
    expect(bankNames(root)).toEqual(expect.arrayContaining(['snap', 'bca', 'bri-snap']));
    expect(mockEmulationNames(root)).toContain(OWN_BANK);
    expect(starterBanks(root)).toContain(OWN_BANK);
    for (const list of [bankNames(), mockEmulationNames(), starterBanks()])
      expect(list).not.toContain(OWN_BANK);
  });

  it('is an emulation the mock serves exactly when `mock:` may name it', () => {
    const root = project();
    const accepted = mockEmulations(bankProfiles(root)).filter((name) => name !== 'partner');
    expect(accepted.sort()).toEqual(mockEmulationNames(root).sort());
  });

  it('is accepted as `bank:` and `mock:` by the loader', () => {
    const loaded = loadProject(project());
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.value?.providers.get(OWN_BANK)?.mock).toBe(OWN_BANK);
    expect(loaded.value?.providers.get(OWN_BANK)?.paths['access-token/b2b']).toBe(
      '/teabank/v1.0/access-token/b2b',
    );
  });

  it('makes a misspelt `mock:` a positioned diagnostic naming it', () => {
    const root = project({
      [`collections/${OWN_BANK}/provider.yaml`]: OWN_PROVIDER.replace(`mock: ${OWN_BANK}`, 'mock: teabnak'),
    });
    const diagnostics = loadProject(root).diagnostics.map(
      (d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message} — ${d.hint ?? ''}`,
    );
    expect(diagnostics).toEqual([
      `collections/${OWN_BANK}/provider.yaml:5:9 E_UNKNOWN_BANK the mock bank has no emulation "teabnak" — did you mean "${OWN_BANK}"?`,
    ]);
  });

  it('starts an init project from the files its `starter:` names', () => {
    const root = project();
    const files = scaffoldFiles(OWN_BANK, { projectName: 'x', version: '0.1.0' }, root);
    expect(files.get(`collections/${OWN_BANK}/provider.yaml`)).toBe(OWN_PROVIDER);
    expect(files.get(`collections/${OWN_BANK}/balance.yaml`)).toContain(`name: ${OWN_BANK}-balance`);
    expect(() => scaffoldFiles(OWN_BANK, { projectName: 'x', version: '0.1.0' })).toThrow(/no starter/);
  });

  it('is reported where it is broken, relative to the project', () => {
    const root = project({
      [`banks/${OWN_BANK}.yaml`]: OWN_BANK_PROFILE.replace(/^timestampFormat:/m, 'timestampFormt:'),
    });
    const diagnostics = loadProject(root).diagnostics.filter((d) => d.file === `banks/${OWN_BANK}.yaml`);
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.hint ?? ''}`)).toEqual(
      expect.arrayContaining(['7:1 E_UNKNOWN_KEY did you mean "timestampFormat"?']),
    );
  });
});
