/**
 * `kontrak init --bank <bank>` takes what it knows of the bank from the bank profile and from
 * nowhere else: the provider file it writes restates none of the profile's knobs, so a project
 * whose own banks/<bank>.yaml changes a knob (signing, timestamp form, paths) sees the scaffold
 * follow it, with no provider value pinned against the profile (W_BANK_DISAGREES).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/context.ts';
import type { BankProfile } from '../../src/banks/profile.ts';
import { bankProfiles, loadBankRegistry } from '../../src/load/bank-profiles.ts';
import { loadProject } from '../../src/load/project.ts';
import { packagePath } from '../../src/project/assets.ts';

const made: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kontrak-init-profile-'));
  made.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const quiet = (cwd: string): Io => ({ out: () => {}, err: () => {}, cwd, env: {}, isTty: false });

/** Every shipped bank whose profile names a starter: what `kontrak init --bank` scaffolds from it. */
const STARTER_BANKS = [...bankProfiles()].filter(([, p]) => p.starter !== undefined).map(([bank]) => bank);

/** The knobs a provider takes from its bank profile, as the loaded provider holds them. */
type Knobs = Pick<
  BankProfile,
  'signatureEncoding' | 'signQuery' | 'bodyHash' | 'timestampFormat' | 'externalIdDigits' | 'basePath'
>;

/** A value of each knob other than the shipped profile's; the timestamp form is chosen later. */
function changedKnobs(profile: BankProfile): Record<keyof Knobs, string | number> {
  return {
    signatureEncoding: profile.signatureEncoding.value === 'hex' ? 'base64' : 'hex',
    signQuery: profile.signQuery.value === 'sorted' ? 'as-sent' : 'sorted',
    bodyHash: profile.bodyHash.value === 'minified' ? 'as-sent' : 'minified',
    timestampFormat: profile.timestampFormat.value,
    externalIdDigits: profile.externalIdDigits.value === 12 ? 10 : 12,
    basePath: '/moved/v9.9',
  };
}

/** The shipped profile's text with `knobs` set, each with a source naming this test. */
function profileText(bank: string, knobs: Record<string, string | number>): string {
  const doc = parseDocument(readFileSync(packagePath('banks', `${bank}.yaml`), 'utf8'));
  for (const [knob, value] of Object.entries(knobs))
    doc.set(knob, { value, source: 'a project of this test', confidence: 'assumed' });
  return doc.toString({ lineWidth: 0 });
}

/** A project root holding `text` as its banks/<bank>.yaml; whether the registry loads it cleanly. */
function loadsCleanly(bank: string, text: string): boolean {
  const root = tempDir();
  mkdirSync(join(root, 'banks'));
  writeFileSync(join(root, 'banks', `${bank}.yaml`), text);
  return loadBankRegistry(root).diagnostics.length === 0;
}

/** The changed knobs, with a timestamp form other than the shipped one that the bank's forms accept. */
function changedProfile(
  bank: string,
  profile: BankProfile,
): { knobs: Record<string, string | number>; text: string } {
  const knobs = changedKnobs(profile);
  for (const form of ['snap', 'snap-millis', 'utc-millis'].filter(
    (f) => f !== profile.timestampFormat.value,
  )) {
    const text = profileText(bank, { ...knobs, timestampFormat: form });
    if (loadsCleanly(bank, text)) return { knobs: { ...knobs, timestampFormat: form }, text };
  }
  // A bank whose forms accept only its own form keeps it; every other knob still changes.
  const text = profileText(bank, knobs);
  expect(loadsCleanly(bank, text), `${bank}: the changed profile loads`).toBe(true);
  return { knobs, text };
}

describe('kontrak init takes the bank from its profile alone', () => {
  it('has starters to check', () => {
    expect(STARTER_BANKS.length).toBeGreaterThanOrEqual(5);
  });

  it.each(STARTER_BANKS)('a %s project follows a knob its own bank profile changes', async (bank) => {
    const shipped = bankProfiles().get(bank);
    if (shipped === undefined) throw new Error(`no profile ${bank}`);
    const dir = tempDir();
    expect(await main(['init', '--bank', bank], quiet(dir))).toBe(0);

    const { knobs, text } = changedProfile(bank, shipped);
    mkdirSync(join(dir, 'banks'));
    writeFileSync(join(dir, 'banks', `${bank}.yaml`), text);

    const loaded = loadProject(dir);
    const provider = [...(loaded.value?.providers.values() ?? [])].find((p) => p.bank === bank);
    expect(provider, `${bank}: the scaffold's provider names its bank`).toBeDefined();
    const followed = {
      signatureEncoding: provider?.signing.signatureEncoding,
      signQuery: provider?.signing.signQuery,
      bodyHash: provider?.signing.bodyHash,
      timestampFormat: provider?.signing.timestampFormat,
      externalIdDigits: provider?.signing.externalIdDigits,
      basePath: provider?.basePath,
    };
    expect(followed).toEqual(knobs);
    expect(loaded.diagnostics.filter((d) => d.code === 'W_BANK_DISAGREES').map((d) => d.message)).toEqual([]);
  });

  it.each(STARTER_BANKS)('the %s provider file states none of the knobs its profile owns', async (bank) => {
    const dir = tempDir();
    expect(await main(['init', '--bank', bank], quiet(dir))).toBe(0);
    const folder = bankProfiles().get(bank)?.starter?.provider.split('/')[0] ?? bank;
    const written = parse(readFileSync(join(dir, 'collections', folder, 'provider.yaml'), 'utf8')) as {
      provider: Record<string, unknown>;
    };
    const owned = ['signing', 'basePath', 'paths', 'headers', 'services', 'mock'];
    expect(Object.keys(written.provider).filter((key) => owned.includes(key))).toEqual([]);
  });
});
