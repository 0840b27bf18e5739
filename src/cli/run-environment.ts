/**
 * The edge of a run: what the run itself must not do. Finds the environment, reads its
 * credentials from the process environment or starts the embedded mock bank and reference
 * partners, hands the run its targets, and stops the servers it started.
 */
import { error, type Outcome } from '../diagnostics/diagnostic.ts';
import { generateMockCredentials, resolveRemoteValues, type EnvValue } from '../env/values.ts';
import type { RunResult } from '../model/results.ts';
import {
  isPartner,
  providerVariable,
  type Environment,
  type Project,
  type Provider,
  type Suite,
} from '../model/types.ts';
import { startMockBank } from '../mock/server.ts';
import { must } from '../must.ts';
import { startPartner } from '../partner/server.ts';
import { withoutQuirks } from '../model/payload-quirks.ts';
import { withTestBills } from '../partner/test-bills.ts';
import { runSuites, type RunOptions } from '../run/run.ts';
import { withRetryScale } from './retry-scale.ts';

/** The run's targets, and how to stop the local servers they point at. */
export interface OpenTargets {
  targets: EnvValue[];
  close(): Promise<void>;
}

/** Which providers the selected suites need. */
function providersOf(project: Project, suites: readonly Suite[]): Provider[] {
  const names = [...new Set(suites.map((s) => s.provider))];
  return names.map((name) => project.providers.get(name)).filter((p): p is Provider => p !== undefined);
}

/** Throwaway credentials, the mock bank for the outbound providers, a reference partner for each inbound one. */
async function startLocalTargets(
  providers: Provider[],
  projectRoot: string,
  cache: string | undefined,
): Promise<OpenTargets> {
  const generated = generateMockCredentials(providers, '', { cache });
  const closers: Array<() => Promise<void>> = [];
  const close = async (): Promise<void> => {
    await Promise.all(closers.map((c) => c()));
  };
  try {
    const inbound = providers.map(isPartner);
    const banks = generated.partners.filter((_, i) => inbound[i] !== true);
    const mock = banks.length
      ? await startMockBank({ partners: banks, projectRoot, cacheDir: cache })
      : undefined;
    if (mock) closers.push(() => mock.close());
    const urls = new Map<string, string>();
    for (const [i, provider] of providers.entries()) {
      let url = mock?.url;
      if (isPartner(provider)) {
        const partner = await startPartner({ bank: must(generated.partners[i], 'partner credentials') });
        closers.push(() => partner.close());
        url = partner.url;
      }
      urls.set(providerVariable(provider.name, 'base_url'), url ?? '');
    }
    const targets = generated.values.map((v) =>
      urls.has(v.key) ? { ...v, value: urls.get(v.key) ?? '' } : v,
    );
    return { targets, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * The targets of `environment` for `suites`: the embedded servers, started now, for the mock
 * environment; the base URLs and credentials `processEnv` holds for any other.
 */
export async function openTargets(options: {
  project: Project;
  environment: Environment;
  suites: readonly Suite[];
  processEnv: Record<string, string | undefined>;
}): Promise<Outcome<OpenTargets>> {
  const providers = providersOf(options.project, options.suites);
  if (options.environment.kind === 'mock')
    return {
      value: await startLocalTargets(providers, options.project.root, options.processEnv.KONTRAK_CACHE_DIR),
      diagnostics: [],
    };
  const resolved = resolveRemoteValues({
    environment: options.environment,
    providers,
    processEnv: options.processEnv,
    lenient: false,
  });
  if (resolved.diagnostics.length) return { diagnostics: resolved.diagnostics };
  return { value: { targets: resolved.value ?? [], close: () => Promise.resolve() }, diagnostics: [] };
}

export type RunInEnvironmentOptions = Omit<RunOptions, 'targets'> & {
  processEnv: Record<string, string | undefined>;
  /** Inbound suites: also send the banks' quirks (`real`, the default), or SNAP's clean payloads only. */
  payloads?: 'real' | 'clean';
};

/** Opens the environment's targets, runs the suites against them, and closes what it opened. */
export async function runInEnvironment(options: RunInEnvironmentOptions): Promise<Outcome<RunResult>> {
  const { processEnv, payloads = 'real', ...run } = options;
  const environment = options.project.environments.get(options.environment);
  if (!environment) {
    const known = [...options.project.environments.keys()].join(', ');
    return {
      diagnostics: [
        error('E_UNKNOWN_ENVIRONMENT', `no environment named "${options.environment}"`, {
          hint: `known environments: ${known}`,
        }),
      ],
    };
  }
  const inbound = (name: string): boolean => isPartner(options.project.providers.get(name) ?? {});
  // The loader adds the banks' real payloads beside the clean ones; clean mode leaves them out.
  const scaled = withRetryScale(options.suites, processEnv);
  if (!scaled.value) return { diagnostics: scaled.diagnostics };
  const sent = payloads === 'real' ? scaled.value : withoutQuirks(scaled.value);
  // Against a partner's own endpoint, its test bills (PARTNER_VA_*) replace the reference partner's.
  const billed =
    environment.kind === 'mock'
      ? { value: sent, diagnostics: [] }
      : withTestBills(sent, inbound, processEnv, Date.now());
  if (!billed.value) return { diagnostics: billed.diagnostics };
  const suites = billed.value;
  const opened = await openTargets({ project: options.project, environment, suites, processEnv });
  if (!opened.value) return { diagnostics: opened.diagnostics };
  try {
    return { value: await runSuites({ ...run, suites, targets: opened.value.targets }), diagnostics: [] };
  } finally {
    await opened.value.close();
  }
}
