import type { EnvValue } from '../env/values.ts';
import type { ExchangeResult, RetriedAttempt, RunResult, SuiteResult } from '../model/results.ts';
import { isPartner, type Project, type Provider, type Suite } from '../model/types.ts';
import { withFindings } from '../check/findings.ts';
import type { SchemaRegistry } from '../schemas/registry.ts';
import { coverageField } from '../model/coverage.ts';
import { totalsOf } from '../model/totals.ts';
import { must } from '../must.ts';
import { createRedactor, type Redactor } from '../redact.ts';
import { renderCollection, stepsRunInNode } from '../render/postman.ts';
import { itemStepsOf } from '../render/item-steps.ts';
import { RunEvents, type StopSignal, type SuiteCounts } from './events.ts';
import {
  capturedValues,
  registerCapturedSecrets,
  retriedAttempt,
  toExchangeResult,
  withAttempts,
} from './exchange.ts';
import { runNewman } from './newman-run.ts';
import { runPool } from './schedule.ts';

/**
 * A run: every suite against its targets, each exchange checked as it arrives, events emitted as
 * it goes. Starts no server, reads no process state and writes nothing: the caller does.
 */

export interface RunOptions {
  project: Project;
  schemas: SchemaRegistry;
  /** The environment's name, recorded in the result. */
  environment: string;
  /**
   * Where and as whom to send: every provider's base URL and credentials as variables
   * (`nicepay_base_url`, `nicepay_client_secret`, …). The caller resolves them and starts any
   * local server they point at; secrets among them are masked in the result.
   */
  targets: EnvValue[];
  suites: Suite[];
  /** Deadline of each request as a whole, ms. */
  timeoutRequest: number;
  /** Largest decoded response body, bytes (default 10 MB). */
  maxResponseBytes?: number;
  /**
   * Polled before each request and each suite: once it names a signal nothing more is sent, the
   * requests in flight finish, and the result holds only what ran, marked interrupted.
   */
  interruption?: () => StopSignal | undefined;
  commit?: string;
  /**
   * Suites run at once, each in its own newman run in this process (default 1). Requests of one
   * suite always run in order; results come back in suite order whatever finished first.
   */
  workers?: number;
  /** Where the run reports what happens as it happens (progress, reports and the console subscribe). */
  events?: RunEvents;
  /** Masks secrets in results; given by a caller that checks its output against them later. */
  redactor?: Redactor;
  /**
   * Certification evidence wants a distinct X-TIMESTAMP on every row: requests of a provider
   * whose timestamps have whole seconds are sent at least a second apart.
   */
  evidencePacing?: boolean;
  /** Items per newman run (newman-run.ts ITEMS_PER_NEWMAN_RUN by default): what a suite holds at once. */
  itemsPerRun?: number;
}

/** Access tokens (and their expiry) captured so far in this run, shared by later suites. */
type TokenShelf = Record<string, string>;
const isTokenVariable = (key: string): boolean => /_access_token(_expires_at)?$/.test(key);

/** What every suite of a run shares. */
interface RunContext {
  options: RunOptions;
  events: RunEvents;
  stopped: () => boolean;
  redactor: Redactor;
  tokens: TokenShelf;
}

/**
 * One suite in one newman run. Each exchange is checked, redacted and cut to the report's body
 * limit as soon as it arrives, so a suite never holds raw response bodies.
 */
/**
 * Whether a suite writes timestamps to the second (SNAP's +07:00 form, BRI's `Y-m-d H:i:s`
 * notification), so that evidence needs its requests a second apart to keep each X-TIMESTAMP unique.
 */
function wholeSecondTimestamps(suite: Suite, provider: Provider): boolean {
  return provider.signing.timestampFormat === 'snap' || suite.requests.some((r) => r.sign === 'bri-notify');
}

async function runOneSuite(run: RunContext, suite: Suite): Promise<SuiteResult | undefined> {
  const { options, events, redactor, tokens } = run;
  if (run.stopped()) return undefined;
  const provider = must(options.project.providers.get(suite.provider), `provider ${suite.provider}`);
  const inbound = isPartner(provider);
  const collection = renderCollection({
    suite,
    provider,
    signerScript: [],
    forPostman: false,
    stepsInNode: true,
  });
  const steps = new Map(
    suite.requests.filter(stepsRunInNode).map((spec) => [spec.id, itemStepsOf(spec, provider, false)]),
  );
  const specs = new Map(suite.requests.map((spec) => [spec.id, spec]));
  const results = new Map<string, ExchangeResult>();
  const attempts = new Map<string, RetriedAttempt[]>();
  const counts: SuiteCounts = { suite: suite.name, total: suite.requests.length, done: 0, failed: 0 };
  const count = (exchange: ExchangeResult): void => {
    counts.done++;
    if (!exchange.passed) counts.failed++;
    events.emit({ type: 'exchange', ...counts, exchange });
  };
  events.emit({ type: 'suite-started', ...counts });
  const started = Date.now();
  const { scriptErrors, reused } = await runNewman({
    collection,
    values: options.targets,
    globals: { ...tokens },
    timeoutRequest: options.timeoutRequest,
    ...(options.maxResponseBytes ? { maxResponseBytes: options.maxResponseBytes } : {}),
    stopped: run.stopped,
    ...(options.evidencePacing && wholeSecondTimestamps(suite, provider) ? { delayRequest: 1000 } : {}),
    signInNode: true,
    steps,
    ...(options.itemsPerRun ? { itemsPerRun: options.itemsPerRun } : {}),
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
    },
  });
  const interrupted = run.stopped();
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
  const result: SuiteResult = {
    name: suite.name,
    provider: suite.provider,
    file: suite.source.file,
    durationMs,
    exchanges,
    passed,
    failed: exchanges.length - passed,
  };
  events.emit({ type: 'suite-finished', ...counts, result, durationMs });
  return result;
}

/**
 * Runs every suite against `targets` and resolves to what ran, once every subscriber of the
 * run's events has had them (a listener's error rejects the run).
 */
export async function runSuites(options: RunOptions): Promise<RunResult> {
  const events = options.events ?? new RunEvents();
  const stopped = (): boolean => options.interruption?.() !== undefined;
  const redactor = options.redactor ?? createRedactor();
  for (const v of options.targets) if (v.secret) redactor.add(v.key, v.value);
  const startedAt = new Date();
  const context: RunContext = { options, events, stopped, redactor, tokens: {} };
  const suites = (
    await runPool(options.suites, options.workers ?? 1, (suite) => runOneSuite(context, suite))
  ).filter((suite): suite is SuiteResult => suite !== undefined && suite.exchanges.length > 0);
  // Every secret is known now, including tokens captured late in a concurrent suite: one last
  // pass masks any that showed up before it was captured.
  // In place: a 10,000-request run would otherwise be held twice.
  redactor.redactInPlace(suites);
  const signal = options.interruption?.();
  const result: RunResult = {
    kontrak: 1,
    environment: options.environment,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    ...(options.commit ? { commit: options.commit } : {}),
    ...(signal ? { interrupted: { signal } } : {}),
    suites,
    totals: totalsOf(suites),
    ...coverageField(suites),
  };
  events.emit(signal ? { type: 'run-interrupted', result, signal } : { type: 'run-finished', result });
  await events.settled();
  return result;
}
