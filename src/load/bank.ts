/**
 * A provider that names a bank (`bank: bca`) takes its bank profile's knobs as defaults: paths,
 * signing, headers and per-service departures. What the provider file states itself wins, so a
 * user's belief about the bank is kept apart from the bank's truth, which the mock emulates.
 */
import { bankProfile, bankProfiles, servicePath, type BankProfile } from '../banks/profile.ts';
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import { closest } from '../diagnostics/suggest.ts';
import {
  MOCK_PROFILES,
  providerVariable,
  type MockProfile,
  type Provider,
  type ProviderServiceKnobs,
} from '../model/types.ts';

/** The provider with its bank profile's defaults applied, or a diagnostic for an unknown bank. */
export function applyBankProfile(provider: Provider): Outcome<Provider> {
  if (provider.bank === undefined) return { value: provider, diagnostics: [] };
  const profile = bankProfile(provider.bank);
  if (!profile) {
    const known = [...bankProfiles().keys()];
    const suggestion = closest(provider.bank, known);
    const diagnostic: Diagnostic = error('E_UNKNOWN_BANK', `no bank profile "${provider.bank}"`, {
      ...(provider.bankSource ?? provider.source),
      hint: suggestion ? `did you mean "${suggestion}"?` : `shipped bank profiles: ${known.join(', ')}`,
    });
    return { value: provider, diagnostics: [diagnostic] };
  }
  return { value: merge(provider, profile), diagnostics: [] };
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
    if (knobs.mandatory) out.mandatory = [...knobs.mandatory.value];
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
    ...(profile.signQuery ? { signQuery: profile.signQuery.value } : {}),
    ...(profile.bodyHash ? { bodyHash: profile.bodyHash.value } : {}),
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
  const mock = (MOCK_PROFILES as readonly string[]).includes(profile.bank)
    ? (profile.bank as MockProfile)
    : undefined;
  const chosenMock = provider.mock ?? mock;
  return {
    ...provider,
    ...(chosenMock ? { mock: chosenMock } : {}),
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
