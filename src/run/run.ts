import { error, type Outcome } from '../diagnostics/diagnostic.ts';
import { generateMockCredentials, resolveRemoteValues, type EnvValue } from '../env/values.ts';
import type { ExchangeResult, RetriedAttempt, RunResult, SuiteResult } from '../model/results.ts';
import { startPartner, type RunningPartner } from '../partner/server.ts';
import { isPartner, providerVariable, type Project, type Provider, type Suite } from '../model/types.ts';
import { withFindings } from '../check/findings.ts';
import type { SchemaRegistry } from '../check/schemas.ts';
import { startMockBank, type RunningMock } from '../mock/server.ts';
import { createRedactor, type Redactor } from '../redact.ts';
import { renderCollection } from '../render/postman.ts';
import {
  capturedValues,
  registerCapturedSecrets,
  retriedAttempt,
  toExchangeResult,
  withAttempts,
} from './exchange.ts';
import { runNewman } from './newman-run.ts';
import { runPool } from './schedule.ts';
import { coverageField } from '../report/coverage.ts';
import { totalsOf } from './totals.ts';
import { releaseGarbage } from '../heap.ts';
import { must } from '../must.ts';

/** Where one suite stands; sent when it starts, after each request, and when it ends. */
export interface SuiteProgress {
  suite: string;
  /** Requests in the suite. */
  total: number;
  /** Requests finished (sent and checked, or refused by the signer). */
  done: number;
  /** Finished requests that failed. */
  failed: number;
  state: 'running' | 'finished';
  /** Wall time of the suite, once finished. */
  durationMs?: number;
}

export interface RunOptions {
  project: Project;
  schemas: SchemaRegistry;
  environment: string;
  suites: Suite[];
  processEnv: Record<string, string | undefined>;
  /** Deadline of each request as a whole, ms. */
  timeoutRequest: number;
  /** Largest decoded response body, bytes (default 10 MB). */
  maxResponseBytes?: number;
  /**
   * Polled before each request and each suite: once true nothing more is sent, the requests in
   * flight finish, and the result holds only what ran.
   */
  stopped?: () => boolean;
  commit?: string;
  /**
   * Suites run at once, each in its own newman run in this process (default 1). Requests of one
   * suite always run in order; results come back in suite order whatever finished first.
   */
  workers?: number;
  /** Called when a suite starts, after each of its requests, and when it finishes. */
  onProgress?: (progress: SuiteProgress) => void;
  /** Masks secrets in results; given by a caller that checks its output against them later. */
  redactor?: Redactor;
  /**
   * Certification evidence wants a distinct X-TIMESTAMP on every row: requests of a provider
   * whose timestamps have whole seconds are sent at least a second apart.
   */
  evidencePacing?: boolean;
}

/** Which providers the selected suites need. */
function providersOf(project: Project, suites: Suite[]): Provider[] {
  const names = [...new Set(suites.map((s) => s.provider))];
  return names.map((name) => project.providers.get(name)).filter((p): p is Provider => p !== undefined);
}

/**
 * One suite in one newman run. Each exchange is checked, redacted and cut to the report's body
 * limit as soon as it arrives, so a suite never holds raw response bodies.
 */
/** Access tokens (and their expiry) captured so far in this run, shared by later suites. */
type TokenShelf = Record<string, string>;
const isTokenVariable = (key: string): boolean => /_access_token(_expires_at)?$/.test(key);

async function runOneSuite(
  options: RunOptions,
  suite: Suite,
  values: EnvValue[],
  redactor: Redactor,
  tokens: TokenShelf,
): Promise<SuiteResult | undefined> {
  if (options.stopped?.()) return undefined;
  const provider = must(options.project.providers.get(suite.provider), `provider ${suite.provider}`);
  const inbound = isPartner(provider);
  const collection = renderCollection({ suite, provider, signerScript: [], forPostman: false });
  const specs = new Map(suite.requests.map((spec) => [spec.id, spec]));
  const results = new Map<string, ExchangeResult>();
  const attempts = new Map<string, RetriedAttempt[]>();
  const progress = { suite: suite.name, total: suite.requests.length, done: 0, failed: 0 };
  const count = (result: ExchangeResult): void => {
    progress.done++;
    if (!result.passed) progress.failed++;
    options.onProgress?.({ ...progress, state: 'running' });
  };
  options.onProgress?.({ ...progress, state: 'running' });
  const started = Date.now();
  const { scriptErrors, reused } = await runNewman({
    collection,
    values,
    globals: { ...tokens },
    timeoutRequest: options.timeoutRequest,
    ...(options.maxResponseBytes ? { maxResponseBytes: options.maxResponseBytes } : {}),
    ...(options.stopped ? { stopped: options.stopped } : {}),
    ...(options.evidencePacing && provider.signing.timestampFormat === 'snap' ? { delayRequest: 1000 } : {}),
    signInNode: true,
    onExchange: (raw) => {
      const spec = specs.get(raw.itemId);
      if (!spec || results.has(spec.id)) return;
      if (raw.retry) {
        // Sent again next: keep only a summary of this attempt.
        attempts.set(spec.id, [...(attempts.get(spec.id) ?? []), retriedAttempt(raw, provider, redactor)]);
        return;
      }
      registerCapturedSecrets(spec, raw, redactor);
      for (const [key, value] of Object.entries(capturedValues(spec, raw)))
        if (isTokenVariable(key)) tokens[key] = value;
      const checked = withAttempts(
        toExchangeResult({ spec, raw, schemas: options.schemas, redactor }),
        attempts.get(spec.id),
      );
      const result = inbound ? withFindings(checked, spec) : checked;
      results.set(spec.id, result);
      count(result);
      releaseGarbage(); // newman leaves ~30 KB of garbage per request
    },
  });
  const interrupted = options.stopped?.() ?? false;
  // After an interruption, only what ran is reported: a request never sent is not a failure.
  const ran = interrupted ? suite.requests.filter((spec) => results.has(spec.id)) : suite.requests;
  const exchanges = ran.map((spec) => {
    const sent = results.get(spec.id);
    if (sent) return sent;
    // Never sent: the signer refused it (or the run stopped); that is a failure of its own.
    const result = toExchangeResult({
      spec,
      raw: undefined,
      notSentBecause: scriptErrors.get(spec.id),
      reusedToken: reused.get(spec.id),
      schemas: options.schemas,
      redactor,
    });
    count(result);
    return result;
  });
  const passed = exchanges.filter((e) => e.passed).length;
  const durationMs = Date.now() - started;
  options.onProgress?.({ ...progress, state: 'finished', durationMs });
  return {
    name: suite.name,
    provider: suite.provider,
    file: suite.source.file,
    durationMs,
    exchanges,
    passed,
    failed: exchanges.length - passed,
  };
}

/** Resolve the environment, start the mock if needed, run every suite, stop the mock. */
export async function runSuites(options: RunOptions): Promise<Outcome<RunResult>> {
  releaseGarbage(); // what loading the collections left behind
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
  const providers = providersOf(options.project, options.suites);
  const redactor = options.redactor ?? createRedactor();
  let mock: RunningMock | undefined;
  const partners: RunningPartner[] = [];
  let values: EnvValue[];
  const startedAt = new Date();
  try {
    if (environment.kind === 'mock') {
      const generated = generateMockCredentials(providers, '');
      // The mock bank for the outbound providers; a reference partner for each inbound one.
      const banks = generated.partners.filter((_, i) => !isPartner(must(providers[i], 'a provider')));
      if (banks.length) mock = await startMockBank({ partners: banks });
      const urls = new Map<string, string>();
      for (const [i, provider] of providers.entries()) {
        let url = mock?.url;
        if (isPartner(provider)) {
          const started = await startPartner({ bank: must(generated.partners[i], 'partner credentials') });
          partners.push(started);
          url = started.url;
        }
        urls.set(providerVariable(provider.name, 'base_url'), url ?? '');
      }
      values = generated.values.map((v) => (urls.has(v.key) ? { ...v, value: urls.get(v.key) ?? '' } : v));
    } else {
      const resolved = resolveRemoteValues({
        environment,
        providers,
        processEnv: options.processEnv,
        lenient: false,
      });
      if (resolved.diagnostics.length) return { diagnostics: resolved.diagnostics };
      values = resolved.value ?? [];
    }
    for (const v of values) if (v.secret) redactor.add(v.key, v.value);
    const tokens: TokenShelf = {};
    const ran = (
      await runPool(options.suites, options.workers ?? 1, (suite) =>
        runOneSuite(options, suite, values, redactor, tokens),
      )
    ).filter((suite): suite is SuiteResult => suite !== undefined && suite.exchanges.length > 0);
    // Every secret is known now, including tokens captured late in a concurrent suite: one last
    // pass masks any that showed up before it was captured.
    // In place: a 10,000-request run would otherwise be held twice.
    redactor.redactInPlace(ran);
    const suites = ran;
    const result: RunResult = {
      kontrak: 1,
      environment: environment.name,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      ...(options.commit ? { commit: options.commit } : {}),
      suites,
      totals: totalsOf(suites),
      ...coverageField(suites),
    };
    return { value: result, diagnostics: [] };
  } finally {
    await mock?.close();
    await Promise.all(partners.map((p) => p.close()));
  }
}
