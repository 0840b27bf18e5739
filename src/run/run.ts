import { error, type Outcome } from '../diagnostics/diagnostic.ts';
import { generateMockCredentials, resolveRemoteValues, type EnvValue } from '../env/values.ts';
import type { RunResult, SuiteResult } from '../model/results.ts';
import type { Project, Provider, Suite } from '../model/types.ts';
import type { SchemaRegistry } from '../check/schemas.ts';
import { startMockBank, type RunningMock } from '../mock/server.ts';
import { createRedactor, type Redactor } from '../redact.ts';
import { signerScript } from '../render/bundle-signer.ts';
import { renderCollection } from '../render/postman.ts';
import { registerCapturedSecrets, toExchangeResult } from './exchange.ts';
import { runNewman, type RawExchange } from './newman-run.ts';
import { recomputeStringToSign } from './string-to-sign.ts';

export interface RunOptions {
  project: Project;
  schemas: SchemaRegistry;
  environment: string;
  suites: Suite[];
  processEnv: Record<string, string | undefined>;
  timeoutRequest: number;
  commit?: string;
  /** Progress callback: one call per finished request. */
  onProgress?: (suite: Suite, done: number, failed: number) => void;
}

/** Which providers the selected suites need. */
function providersOf(project: Project, suites: Suite[]): Provider[] {
  const names = [...new Set(suites.map((s) => s.provider))];
  return names.map((name) => project.providers.get(name)).filter((p): p is Provider => p !== undefined);
}

async function runOneSuite(options: RunOptions, suite: Suite, values: EnvValue[], redactor: Redactor, script: string[]): Promise<SuiteResult> {
  const provider = options.project.providers.get(suite.provider)!;
  const collection = renderCollection({ suite, provider, signerScript: script, forPostman: false });
  const started = Date.now();
  let failed = 0;
  const { exchanges: raws, scriptErrors } = await runNewman({
    collection,
    values,
    timeoutRequest: options.timeoutRequest,
    onExchange: (raw) => {
      if (!raw.response || raw.error) failed++;
      options.onProgress?.(suite, 0, failed);
    },
  });
  const byId = new Map<string, RawExchange>(raws.map((r) => [r.itemId, r]));
  for (const spec of suite.requests) registerCapturedSecrets(spec, byId.get(spec.id), redactor);
  const exchanges = suite.requests.map((spec) =>
    toExchangeResult({ spec, raw: byId.get(spec.id), notSentBecause: scriptErrors.get(spec.id), schemas: options.schemas, redactor, stringToSign: recomputeStringToSign(provider) }),
  );
  const passed = exchanges.filter((e) => e.passed).length;
  return { name: suite.name, provider: suite.provider, file: suite.source.file, durationMs: Date.now() - started, exchanges, passed, failed: exchanges.length - passed };
}

function totals(suites: SuiteResult[]): RunResult['totals'] {
  const exchanges = suites.flatMap((s) => s.exchanges);
  const checks = exchanges.flatMap((e) => e.checks);
  return {
    suites: suites.length,
    requests: exchanges.length,
    passedRequests: exchanges.filter((e) => e.passed).length,
    failedRequests: exchanges.filter((e) => !e.passed).length,
    checks: checks.length,
    failedChecks: checks.filter((c) => !c.passed).length,
  };
}

/** Resolve the environment, start the mock if needed, run every suite, stop the mock. */
export async function runSuites(options: RunOptions): Promise<Outcome<RunResult>> {
  const environment = options.project.environments.get(options.environment);
  if (!environment) {
    const known = [...options.project.environments.keys()].join(', ');
    return { diagnostics: [error('E_UNKNOWN_ENVIRONMENT', `no environment named "${options.environment}"`, { hint: `known environments: ${known}` })] };
  }
  const providers = providersOf(options.project, options.suites);
  const redactor = createRedactor();
  let mock: RunningMock | undefined;
  let values: EnvValue[];
  const startedAt = new Date();
  try {
    if (environment.kind === 'mock') {
      const generated = generateMockCredentials(providers, '');
      mock = await startMockBank({ partners: generated.partners });
      values = generated.values.map((v) => (v.key.endsWith('_base_url') ? { ...v, value: mock!.url } : v));
    } else {
      const resolved = resolveRemoteValues({ environment, providers, processEnv: options.processEnv, lenient: false });
      if (resolved.diagnostics.length) return { diagnostics: resolved.diagnostics };
      values = resolved.value ?? [];
    }
    for (const v of values) if (v.secret) redactor.add(v.key, v.value);
    const script = await signerScript();
    const suites: SuiteResult[] = [];
    for (const suite of options.suites) suites.push(await runOneSuite(options, suite, values, redactor, script));
    const result: RunResult = {
      kontrak: 1,
      environment: environment.name,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      ...(options.commit ? { commit: options.commit } : {}),
      suites,
      totals: totals(suites),
    };
    return { value: result, diagnostics: [] };
  } finally {
    await mock?.close();
  }
}
