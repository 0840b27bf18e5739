/**
 * What `kontrak init --bank <bank>` writes: a project whose one suite is the suite this package's
 * reference collections run for that bank, so a scaffold is always something kontrak's own tests
 * pass against the mock bank. Pure: files in, files out; the command writes them.
 */
import { readFileSync } from 'node:fs';
import { isSeq, parse, parseDocument } from 'yaml';
import { processVariable } from '../model/types.ts';
import { packagePath } from '../project/assets.ts';
import { gitignoreText, readmeText, workflowText, type ScaffoldFacts } from './texts.ts';

interface Starter {
  /** Folder under collections/ the provider file comes from (and the scaffold writes to). */
  providerFile: string;
  /** The suite's file in the reference collections. */
  suiteFile: string;
}

/** Each bank kontrak can scaffold, with the reference files its project starts from. */
export const STARTERS = {
  nicepay: { providerFile: 'nicepay/provider.yaml', suiteFile: 'nicepay/va.yaml' },
  bri: { providerFile: 'bri/provider.yaml', suiteFile: 'bri/mpn.yaml' },
  'bri-snap': { providerFile: 'bri-snap/provider.yaml', suiteFile: 'snap/core.yaml' },
  snap: { providerFile: 'snap/provider.yaml', suiteFile: 'snap/core.yaml' },
  bca: { providerFile: 'bca/provider.yaml', suiteFile: 'shared/disbursement.yaml' },
  bni: { providerFile: 'bni/provider.yaml', suiteFile: 'shared/disbursement.yaml' },
  mandiri: { providerFile: 'mandiri/provider.yaml', suiteFile: 'shared/disbursement.yaml' },
  dana: { providerFile: 'dana/provider.yaml', suiteFile: 'dana/wallet.yaml' },
  doku: { providerFile: 'doku/provider.yaml', suiteFile: 'shared/qris-mpm.yaml' },
} as const satisfies Record<string, Starter>;

export type StarterBank = keyof typeof STARTERS;
export const STARTER_BANKS = Object.keys(STARTERS) as StarterBank[];
export const DEFAULT_STARTER: StarterBank = 'nicepay';

export function isStarterBank(name: string): name is StarterBank {
  return Object.hasOwn(STARTERS, name);
}

const reference = (path: string): string => readFileSync(packagePath('collections', path), 'utf8');

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
): Map<string, string> {
  const starter: Starter = STARTERS[bank];
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
    ['collections/environments/sandbox.yaml', reference('environments/sandbox.yaml')],
    ['.github/workflows/contracts.yml', workflowText(scaffold)],
    ['.gitignore', gitignoreText()],
    ['README.md', readmeText(scaffold)],
  ]);
}
