/**
 * A provider that names a bank (`bank: bca`) takes its bank profile's knobs as defaults: paths,
 * signing, headers and per-service departures. What the provider file states itself wins, so a
 * user's belief about the bank is kept apart from the bank's truth, which the mock emulates.
 */
import { servicePath, type BankProfile } from '../banks/profile.ts';
import { error, warning, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import { closest } from '../diagnostics/suggest.ts';
import { catalogueEntry } from '../catalogue/catalogue.ts';
import { overlaySchemaKey } from '../model/overlay.ts';
import { bankContract } from '../banks/overlays.ts';
import { serviceBasis } from '../banks/basis.ts';
import { bankOwnMandatoryFields } from '../banks/mandatory.ts';
import {
  CODED_EMULATIONS,
  providerVariable,
  type Provider,
  type ProviderServiceKnobs,
  type RequestSpec,
} from '../model/types.ts';

/** Every name a provider's `mock:` may give: the emulations written in code, then each bank's. */
export function mockEmulations(banks: ReadonlyMap<string, BankProfile>): string[] {
  return [...CODED_EMULATIONS, ...[...banks.keys()].sort()];
}

/**
 * The provider with its bank profile's defaults applied; a diagnostic for an unknown bank, or a
 * `mock:` that names no emulation (with the nearest name that does).
 */
export function applyBankProfile(
  provider: Provider,
  banks: ReadonlyMap<string, BankProfile>,
): Outcome<Provider> {
  const diagnostics = unknownMock(provider, banks);
  if (provider.bank === undefined) return { value: provider, diagnostics };
  const profile = banks.get(provider.bank);
  if (!profile) {
    const known = [...banks.keys()].sort();
    const suggestion = closest(provider.bank, known);
    const diagnostic: Diagnostic = error('E_UNKNOWN_BANK', `no bank profile "${provider.bank}"`, {
      ...(provider.bankSource ?? provider.source),
      hint: suggestion ? `did you mean "${suggestion}"?` : `known bank profiles: ${known.join(', ')}`,
    });
    return { value: provider, diagnostics: [...diagnostics, diagnostic] };
  }
  return {
    value: merge(provider, profile),
    diagnostics: [...diagnostics, ...disagreements(provider, profile)],
  };
}

/** The signing knobs of a bank profile a provider file may restate. */
const SIGNING_KNOBS = [
  'signatureEncoding',
  'signedPathStripPrefix',
  'signQuery',
  'bodyHash',
  'timestampFormat',
  'externalIdDigits',
] as const;

/**
 * A warning for each signing knob the provider file states other than its bank profile: the mock
 * verifies the bank's value, so the provider's would be refused there.
 */
function disagreements(provider: Provider, profile: BankProfile): Diagnostic[] {
  const given = new Set<string>(provider.signingGiven ?? []);
  const out: Diagnostic[] = [];
  for (const knob of SIGNING_KNOBS) {
    if (!given.has(knob)) continue;
    const mine = provider.signing[knob];
    const bank = profile[knob];
    if (mine === bank.value) continue;
    out.push(
      warning(
        'W_BANK_DISAGREES',
        `provider "${provider.name}" signs with ${knob} ${JSON.stringify(mine)}; bank profile ${profile.bank} says ${JSON.stringify(bank.value)} (source: ${bank.source}, ${bank.confidence})`,
        { ...(provider.bankSource ?? provider.source) },
      ),
    );
  }
  return out;
}

function unknownMock(provider: Provider, banks: ReadonlyMap<string, BankProfile>): Diagnostic[] {
  if (provider.mock === undefined) return [];
  const known = mockEmulations(banks);
  if (known.includes(provider.mock)) return [];
  const suggestion = closest(provider.mock, known);
  return [
    error('E_UNKNOWN_BANK', `the mock bank has no emulation "${provider.mock}"`, {
      ...(provider.mockSource ?? provider.source),
      hint: suggestion
        ? `did you mean "${suggestion}"?`
        : `emulations: ${known.join(', ')} (a bank profile under banks/ adds one)`,
    }),
  ];
}

/** The bank's per-service knobs in the provider model's shape. */
export function bankServiceKnobs(profile: BankProfile): Record<string, ProviderServiceKnobs> {
  const services: Record<string, ProviderServiceKnobs> = {};
  for (const [service, knobs] of Object.entries(profile.services)) {
    const out: ProviderServiceKnobs = {};
    const sources: string[] = [];
    const signature = knobs.signature?.value ?? profile.signature.value;
    if (signature === 'asymmetric') out.signature = 'asymmetric';
    if (knobs.serviceCode) {
      out.serviceCode = knobs.serviceCode.value;
      sources.push(`${knobs.serviceCode.source} (${knobs.serviceCode.confidence})`);
    }
    if (knobs.successCodes) out.successCodes = [...knobs.successCodes.value];
    // The bank's own mandatory fields (knob and request overlays): what a bare mandatory-field drops.
    const mandatory = bankOwnMandatoryFields(profile, service);
    if (mandatory.length) out.mandatory = mandatory;
    if (knobs.headers) out.headers = { ...knobs.headers.value };
    if (sources.length) out.source = `bank profile ${profile.bank}: ${sources.join('; ')}`;
    if (Object.keys(out).length) services[service] = out;
  }
  return services;
}

function merge(provider: Provider, profile: BankProfile): Provider {
  const paths: Record<string, string> = {};
  for (const service of Object.keys(profile.services)) {
    const path = servicePath(profile, service);
    if (path !== `${profile.basePath.value}/${service}`) paths[service] = path;
  }
  if (profile.tokenPath) paths['access-token/b2b'] = profile.tokenPath.value;
  const bankSigning = {
    signatureEncoding: profile.signatureEncoding.value,
    signedPathStripPrefix: profile.signedPathStripPrefix.value,
    signQuery: profile.signQuery.value,
    bodyHash: profile.bodyHash.value,
    timestampFormat: profile.timestampFormat.value,
    externalIdDigits: profile.externalIdDigits.value,
  };
  const given = new Set(provider.signingGiven ?? []);
  const signing = { ...provider.signing };
  for (const [knob, value] of Object.entries(bankSigning))
    if (!given.has(knob as keyof typeof bankSigning)) Object.assign(signing, { [knob]: value });
  const services: Record<string, ProviderServiceKnobs> = bankServiceKnobs(profile);
  for (const [service, knobs] of Object.entries(provider.services))
    services[service] = {
      ...services[service],
      ...knobs,
      ...(knobs.headers ? { headers: { ...services[service]?.headers, ...knobs.headers } } : {}),
    };
  return {
    ...provider,
    mock: provider.mock ?? profile.bank,
    basePath: provider.basePath ?? profile.basePath.value,
    paths: { ...paths, ...provider.paths },
    signing,
    headers: {
      'X-PARTNER-ID': `{{${providerVariable(provider.name, 'client_id')}}}`,
      'CHANNEL-ID': `{{${providerVariable(provider.name, 'channel_id')}}}`,
      ...profile.headers?.value,
      ...provider.headers,
    },
    services,
  };
}

/**
 * The request kontrak sends a bank for one catalogue service, with what its answer is checked
 * against: the bank's path, signing, service code and success codes, and `expect` (the success
 * code of the service at that bank unless given). The corpus of bank samples is judged through it.
 */
export function bankRequestSpec(
  banks: ReadonlyMap<string, BankProfile>,
  bank: string,
  service: string,
  expect: { status: number; responseCode?: string; schema: string },
): RequestSpec {
  const profile = banks.get(bank);
  if (!profile) throw new Error(`no bank profile "${bank}"`);
  const knobs = bankServiceKnobs(profile)[service] ?? {};
  const code = knobs.serviceCode ?? catalogueEntry(service)?.code ?? '00';
  const contract = bankContract(banks, bank, expect.schema);
  const basis = serviceBasis(banks, bank, service);
  const spec: RequestSpec = {
    id: `${bank}/${service}`,
    name: `${bank} ${service}`,
    method: 'POST',
    path: servicePath(profile, service),
    service,
    headers: { ...knobs.headers },
    sign: service === 'access-token/b2b' ? 'snap-token' : 'snap-transaction',
    capture: {},
    expect: {
      ...expect,
      responseCode: expect.responseCode ?? `200${code}00`,
      ...(contract ? { schema: overlaySchemaKey(bank, expect.schema) } : {}),
    },
    ...(contract ? { contract } : {}),
    ...(basis ? { basis } : {}),
    source: { file: `banks/${bank}.yaml`, line: 1, column: 1 },
    ...(knobs.serviceCode ? { serviceCode: knobs.serviceCode, serviceCodeSource: knobs.source ?? bank } : {}),
    ...(knobs.successCodes?.length ? { successCodes: knobs.successCodes } : {}),
  };
  return spec;
}
