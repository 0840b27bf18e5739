import { catalogueEntry, snapCatalogue } from '../catalogue/catalogue.ts';
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import { closest } from '../diagnostics/suggest.ts';
import { overlaySchemaKey } from '../model/overlay.ts';
import { judgingBank, requestContract } from '../banks/overlays.ts';
import { serviceBasis } from '../banks/basis.ts';
import { bankMandatory } from '../banks/mandatory.ts';
import { notifyRetrySchedule } from '../banks/notify-retry.ts';
import type { BankProfile } from '../banks/profile.ts';
import { providerVariable, type Provider, type RequestSpec, type Suite } from '../model/types.ts';

/** `{{@access_token}}` in a suite means "this provider's" (`{{bri_snap_access_token}}`). */
function substitute(value: unknown, prefix: string): unknown {
  if (typeof value === 'string') return value.replace(/\{\{@/g, `{{${prefix}`);
  if (Array.isArray(value)) return value.map((v) => substitute(v, prefix));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, prefix)]));
  return value;
}

/**
 * A catalogue service the provider's bank profile does not offer (the mock would answer 404),
 * unless the provider file gives the service a path of its own (its sandbox offers it).
 */
function serviceNotOffered(
  request: RequestSpec,
  provider: Provider,
  banks: ReadonlyMap<string, BankProfile>,
): Diagnostic | undefined {
  const service = request.service;
  const profile = provider.bank === undefined ? undefined : banks.get(provider.bank);
  if (service === undefined || profile === undefined || service in profile.services) return undefined;
  if (provider.paths[service] !== undefined) return undefined;
  const offered = Object.keys(profile.services);
  const suggestion = closest(service, offered);
  return error(
    'E_SERVICE_NOT_OFFERED',
    `provider "${provider.name}" plays bank ${profile.bank}, whose profile does not offer "${service}"`,
    {
      ...request.source,
      hint: suggestion
        ? `did you mean "${suggestion}"? (or give provider "${provider.name}" paths.${service} if ${profile.bank}'s sandbox offers it)`
        : `${profile.bank} offers: ${offered.join(', ')}`,
    },
  );
}

function pathOf(
  request: RequestSpec,
  provider: Provider,
  banks: ReadonlyMap<string, BankProfile>,
): string | Diagnostic {
  if (!request.service) {
    if (request.path) return request.path;
    return error('E_MISSING_KEY', `request "${request.name}" has neither a path nor a service`, {
      ...request.source,
      hint: 'add path: /… or service: <name>',
    });
  }
  if (!catalogueEntry(request.service) && provider.paths[request.service] === undefined) {
    const suggestion = closest(
      request.service,
      snapCatalogue().map((e) => e.service),
    );
    return error('E_UNKNOWN_SERVICE', `service "${request.service}" is not in the SNAP catalogue`, {
      ...request.source,
      hint: suggestion
        ? `did you mean "${suggestion}"?`
        : `name a catalogue service (catalogue/snap-services.json), give provider "${provider.name}" paths.${request.service}, or use path: /…`,
    });
  }
  const notOffered = serviceNotOffered(request, provider, banks);
  if (notOffered !== undefined) return notOffered;
  const path =
    provider.paths[request.service] ??
    (provider.basePath ? `${provider.basePath}/${request.service}` : undefined);
  if (path) return path;
  return error('E_NO_PATH', `provider "${provider.name}" has no path for service "${request.service}"`, {
    ...request.source,
    hint: `give provider "${provider.name}" a basePath, or paths.${request.service}`,
  });
}

/**
 * The provider's departures for the request's service: type C signing, its own service code,
 * extra success codes and the headers the service needs (request headers still win).
 */
function withServiceKnobs(request: RequestSpec, provider: Provider): RequestSpec {
  const knobs = request.service === undefined ? undefined : provider.services[request.service];
  if (!knobs) return request;
  const asymmetric = knobs.signature === 'asymmetric' && request.sign === 'snap-transaction';
  return {
    ...request,
    ...(asymmetric ? { sign: 'snap-asymmetric' } : {}),
    ...(knobs.serviceCode
      ? {
          serviceCode: knobs.serviceCode,
          serviceCodeSource: knobs.source ?? `provider ${provider.name}`,
        }
      : {}),
    ...(knobs.successCodes?.length ? { successCodes: knobs.successCodes } : {}),
    headers: { ...knobs.headers, ...request.headers },
  };
}

/**
 * The answer is checked against the bank's own schema where its profile has overlays for it, and
 * the request says what that bank's contract for the service rests on where the profile states it,
 * and which request fields the bank holds mandatory, with their sources.
 */
function withContract(
  request: RequestSpec,
  provider: Provider,
  banks: ReadonlyMap<string, BankProfile>,
): RequestSpec {
  const judging = judgingBank(banks, provider.bank, request.service);
  const basis = serviceBasis(banks, judging?.bank, judging?.service);
  const profile = judging === undefined ? undefined : banks.get(judging.bank);
  const mandatory =
    profile === undefined || judging?.service === undefined ? [] : bankMandatory(profile, judging.service);
  const withBasis = {
    ...request,
    ...(basis ? { basis } : {}),
    ...(mandatory.length ? { mandatory } : {}),
  };
  const contract = requestContract(banks, provider.bank, request.service, request.expect.schema);
  if (!contract) return withBasis;
  return {
    ...withBasis,
    contract,
    expect: { ...request.expect, schema: overlaySchemaKey(contract.bank, contract.base) },
  };
}

/** `retry: { bank }` made concrete: the bank's notification retries from its profile. */
function withBankRetry(
  request: RequestSpec,
  banks: ReadonlyMap<string, BankProfile>,
): RequestSpec | Diagnostic {
  const bank = request.retry?.bank;
  if (!request.retry || bank === undefined) return request;
  const profile = banks.get(bank);
  if (!profile) {
    const suggestion = closest(bank, [...banks.keys()]);
    return error(
      'E_UNKNOWN_BANK',
      `request "${request.name}" retries as bank "${bank}", which no profile defines`,
      {
        ...request.source,
        hint: suggestion ? `did you mean "${suggestion}"?` : `known banks: ${[...banks.keys()].join(', ')}`,
      },
    );
  }
  const schedule = notifyRetrySchedule(profile);
  if (!schedule)
    return error(
      'E_INVALID_VALUE',
      `request "${request.name}" retries as ${bank}, whose profile states no notifyRetry`,
      {
        ...request.source,
        hint: `give banks/${bank}.yaml callsPartner.notifyRetry (its waits in seconds with their source, or undocumented), or write retry: { count, backoffMs }`,
      },
    );
  return { ...request, retry: { ...request.retry, count: schedule.delaysMs.length, schedule } };
}

/**
 * One suite per provider it names, with paths and `{{@…}}` variables made concrete; an answer a
 * bank's overlays reach is checked against that bank's schema (`banks` are the project's profiles).
 */
export function resolveSuites(
  suites: Suite[],
  providers: Map<string, Provider>,
  banks: ReadonlyMap<string, BankProfile> = new Map(),
): Outcome<Suite[]> {
  const diagnostics: Diagnostic[] = [];
  const resolved: Suite[] = [];
  for (const suite of suites) {
    const names = suite.providers?.length ? suite.providers : [suite.provider];
    for (const name of names) {
      const provider = providers.get(name);
      if (!provider) {
        const suggestion = closest(name, [...providers.keys()]);
        diagnostics.push(
          error(
            'E_UNKNOWN_PROVIDER',
            `suite "${suite.name}" names provider "${name}", which no provider file defines`,
            {
              ...suite.source,
              hint: suggestion
                ? `did you mean "${suggestion}"?`
                : `known providers: ${[...providers.keys()].join(', ') || 'none'}`,
            },
          ),
        );
        // Kept as written so the other checks (schemas, names) still report on it.
        resolved.push({ ...suite, provider: name });
        continue;
      }
      const suiteName = names.length > 1 ? `${suite.name}@${name}` : suite.name;
      const prefix = providerVariable(name, '');
      const requests: RequestSpec[] = [];
      for (const request of suite.requests) {
        const path = pathOf(request, provider, banks);
        const retried = withBankRetry(request, banks);
        if (typeof path !== 'string' || 'code' in retried) {
          diagnostics.push(typeof path !== 'string' ? path : (retried as Diagnostic));
          continue;
        }
        requests.push({
          ...(substitute(
            withServiceKnobs(withContract(retried, provider, banks), provider),
            prefix,
          ) as RequestSpec),
          id: request.id.replace(`${suite.name}/`, `${suiteName}/`),
          path: substitute(path, prefix) as string,
          capture: Object.fromEntries(
            Object.entries(request.capture).map(([k, v]) => [
              k.startsWith('@') ? `${prefix}${k.slice(1)}` : k,
              v,
            ]),
          ),
          source: request.source,
        });
      }
      resolved.push({ ...suite, name: suiteName, provider: name, requests });
    }
  }
  return { value: resolved, diagnostics };
}
