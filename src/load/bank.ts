/**
 * A provider that names a bank (`bank: bca`) takes its bank profile's knobs as defaults: paths,
 * signing, headers and per-service departures. What the provider file states itself wins, so a
 * user's belief about the bank is kept apart from the bank's truth, which the mock emulates.
 */
import { bankProfile, bankProfiles, servicePath, type BankProfile } from '../banks/profile.ts';
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import { closest } from '../diagnostics/suggest.ts';
import { catalogueEntry } from '../catalogue/catalogue.ts';
import {
  ERROR_SCHEMA,
  overlaySchemaKey,
  type ContractRef,
  type OverlayTarget,
  type SchemaOverlay,
} from '../model/overlay.ts';
import {
  MOCK_PROFILES,
  providerVariable,
  type MockProfile,
  type Provider,
  type ProviderServiceKnobs,
  type RequestSpec,
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

/**
 * The request kontrak sends a bank for one catalogue service, with what its answer is checked
 * against: the bank's path, signing, service code and success codes, and `expect` (the success
 * code of the service at that bank unless given). The corpus of bank samples is judged through it.
 */
export function bankRequestSpec(
  bank: string,
  service: string,
  expect: { status: number; responseCode?: string; schema: string },
): RequestSpec {
  const profile = bankProfile(bank);
  if (!profile) throw new Error(`no bank profile "${bank}"`);
  const knobs = bankServiceKnobs(profile)[service] ?? {};
  const code = knobs.serviceCode ?? catalogueEntry(service)?.code ?? '00';
  const contract = bankContract(bank, expect.schema);
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
    source: { file: `banks/${bank}.yaml`, line: 1, column: 1 },
    ...(knobs.serviceCode ? { serviceCode: knobs.serviceCode, serviceCodeSource: knobs.source ?? bank } : {}),
    ...(knobs.successCodes?.length ? { successCodes: knobs.successCodes } : {}),
  };
  return spec;
}

/** The response schemas an overlay reaches: its service's, or (`*`) every answer of the bank. */
function overlaySchemas(profile: BankProfile, overlay: SchemaOverlay): string[] {
  if (overlay.service !== '*') {
    const schema = catalogueEntry(overlay.service)?.schemas?.response;
    return schema ? [schema] : [];
  }
  const answers = Object.keys(profile.services).flatMap((s) => catalogueEntry(s)?.schemas?.response ?? []);
  return [ERROR_SCHEMA, ...new Set(answers)];
}

/** Every bank schema the profiles' overlays call for, by its key (`banks/dana/snap/error.response.json`). */
export function bankOverlayTargets(): Map<string, OverlayTarget> {
  const targets = new Map<string, OverlayTarget>();
  for (const profile of bankProfiles().values())
    for (const overlay of profile.overlays)
      for (const base of overlaySchemas(profile, overlay)) {
        const key = overlaySchemaKey(profile.bank, base);
        const target = targets.get(key) ?? { bank: profile.bank, base, overlays: [] };
        targets.set(key, { ...target, overlays: [...target.overlays, overlay] });
      }
  return targets;
}

/** Which overlays of a bank judge answers checked against `schema`, if any. */
export function bankContract(bank: string, schema: string): ContractRef | undefined {
  const target = bankOverlayTargets().get(overlaySchemaKey(bank, schema));
  return target ? { bank, base: schema, overlays: [...target.overlays] } : undefined;
}

/**
 * The bank whose overlays judge a request's answer: the provider's bank, or the bank a service
 * name begins with (`bca/transfer-va/payment`, kontrak playing BCA toward a partner).
 */
export function requestContract(
  providerBank: string | undefined,
  service: string | undefined,
  schema: string | undefined,
): ContractRef | undefined {
  if (schema === undefined) return undefined;
  const prefix = service?.split('/')[0];
  const named = prefix !== undefined && service !== prefix && bankProfile(prefix) ? prefix : undefined;
  const bank = providerBank ?? named;
  return bank === undefined ? undefined : bankContract(bank, schema);
}
