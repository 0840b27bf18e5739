/**
 * What `kontrak init --bank <bank>` writes: a project whose one suite is the suite this package's
 * reference collections run for that bank, so a scaffold is always something kontrak's own tests
 * pass against the mock bank. Pure: files in, files out; the command writes them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSeq, parse, parseDocument } from 'yaml';
import { loadBankRegistry } from '../load/bank-profiles.ts';
import { processVariable } from '../model/types.ts';
import { packagePath } from '../project/assets.ts';
import { gitignoreText, readmeText, workflowText, type ScaffoldFacts } from './texts.ts';

export interface Starter {
  /** Folder under collections/ the provider file comes from (and the scaffold writes to). */
  providerFile: string;
  /** The suite's file in the reference collections. */
  suiteFile: string;
  /** The collections/ folder both are under: kontrak's own, or the project's for its own bank. */
  collections: string;
}

/** The emulations written in code, which no bank profile describes, with their reference files. */
const CODED_STARTERS: Record<string, { provider: string; suite: string }> = {
  nicepay: { provider: 'nicepay/provider.yaml', suite: 'nicepay/va.yaml' },
  bri: { provider: 'bri/provider.yaml', suite: 'bri/mpn.yaml' },
};

export type StarterBank = string;
export const DEFAULT_STARTER: StarterBank = 'nicepay';

/**
 * Each bank `kontrak init --bank` can scaffold: the coded emulations, then every bank profile with
 * a `starter:` (shipped, or of the project at `projectRoot`), its files under that profile's home.
 */
export function starters(projectRoot?: string): ReadonlyMap<StarterBank, Starter> {
  const found = new Map<StarterBank, Starter>();
  for (const [bank, files] of Object.entries(CODED_STARTERS))
    found.set(bank, {
      providerFile: files.provider,
      suiteFile: files.suite,
      collections: packagePath('collections'),
    });
  for (const [bank, { profile, home }] of loadBankRegistry(projectRoot).value ?? [])
    if (profile.starter)
      found.set(bank, {
        providerFile: profile.starter.provider,
        suiteFile: profile.starter.suite,
        collections: join(home, 'collections'),
      });
  return found;
}

export function starterBanks(projectRoot?: string): StarterBank[] {
  return [...starters(projectRoot).keys()];
}

export function isStarterBank(name: string, projectRoot?: string): boolean {
  return starters(projectRoot).has(name);
}

/** A suite written for several providers, narrowed to the one the project tests (comments kept). */
function narrowSuite(text: string, provider: string): string {
  const doc = parseDocument(text);
  const providers = doc.getIn(['suite', 'providers']);
  if (!isSeq(providers)) return text;
  const only = doc.createNode([provider]);
  only.flow = true;
  doc.setIn(['suite', 'providers'], only);
  return doc.toString({ lineWidth: 0 });
}

interface ProviderFacts {
  name: string;
  credentials: string[];
}

function providerFacts(text: string): ProviderFacts {
  const document = parse(text) as { provider?: { name?: unknown; credentials?: unknown } } | null;
  const name = document?.provider?.name;
  if (typeof name !== 'string') throw new Error('reference provider file without a name');
  const credentials = document?.provider?.credentials;
  return {
    name,
    credentials: typeof credentials === 'object' && credentials !== null ? Object.keys(credentials) : [],
  };
}

function suiteName(text: string): string {
  const name = (parse(text) as { suite?: { name?: unknown } } | null)?.suite?.name;
  if (typeof name !== 'string') throw new Error('reference suite file without a name');
  return name;
}

/** Every file of the new project, by its path there (POSIX separators). */
export function scaffoldFiles(
  bank: StarterBank,
  facts: { projectName: string; version: string },
  projectRoot?: string,
): Map<string, string> {
  const starter = starters(projectRoot).get(bank);
  if (starter === undefined) throw new Error(`kontrak init: no starter project for "${bank}"`);
  const reference = (path: string): string => readFileSync(join(starter.collections, path), 'utf8');
  const providerText = reference(starter.providerFile);
  const provider = providerFacts(providerText);
  const suiteText = narrowSuite(reference(starter.suiteFile), provider.name);
  const folder = starter.providerFile.split('/')[0] ?? bank;
  const suiteBase = starter.suiteFile.split('/').pop() ?? 'suite.yaml';
  const scaffold: ScaffoldFacts = {
    projectName: facts.projectName,
    bank,
    provider: provider.name,
    suite: suiteName(suiteText),
    suitePath: `collections/${folder}/${suiteBase}`,
    secrets: provider.credentials.map((field) => processVariable(provider.name, field)),
    baseUrlVariable: processVariable(provider.name, 'base_url'),
  };
  return new Map([
    [`collections/${folder}/provider.yaml`, providerText],
    [scaffold.suitePath, suiteText],
    [
      'collections/environments/sandbox.yaml',
      readFileSync(packagePath('collections', 'environments', 'sandbox.yaml'), 'utf8'),
    ],
    ['.github/workflows/contracts.yml', workflowText(scaffold)],
    ['.gitignore', gitignoreText()],
    ['README.md', readmeText(scaffold)],
  ]);
}
