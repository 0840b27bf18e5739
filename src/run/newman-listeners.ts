/**
 * The listeners of one newman run, one small adapter per event: each reads its event's arguments
 * (newman-events.ts) and hands kontrak's records on through the part they share.
 */
import type { EventEmitter } from 'node:events';
import type { ScriptSignal } from '../render/script-signals.ts';
import { signInNode, type VariableView } from './node-signer.ts';
import { abortRun, RESPONSE_LIMIT_MESSAGE, type GuardedRequest, type RequestGuard } from './request-guard.ts';
import { scopesLeftBy, signalOf } from './script-result.ts';
import { applyRecords, liveCollectionVariables, reuseNote } from './node-steps.ts';
import {
  followedRedirects,
  receivedResponse,
  releaseExecutions,
  sentRequest,
  type BeforeRequestArgs,
  type RequestEventArgs,
  type ScriptEventArgs,
  type StartArgs,
} from './newman-events.ts';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  type NewmanRunOptions,
  type NewmanRunOutput,
  type RawExchange,
  type WireFailure,
} from './newman-types.ts';

/** What the listeners of one newman run share. */
export interface Part {
  options: NewmanRunOptions;
  output: NewmanRunOutput;
  /** The variables as the last script left them (kept up to date here). */
  view: VariableView;
  guard: RequestGuard;
  /** What the signer signed, by item, until the request event hands it over with the exchange. */
  signed: Map<string, string>;
  /** The last exchange, handed over once its item is done: its test script may decide to retry it. */
  pending: RawExchange | undefined;
  interrupted: boolean;
  /** The runtime's run (newman's `start` event): its collection variables are the ones requests resolve. */
  runtime?: unknown;
}

type Listener<Args> = (err: Error | null, args: Args) => void;

/** Hands the pending exchange over (to `onExchange`, or into the output). */
function deliver(part: Part): void {
  if (!part.pending) return;
  if (part.options.onExchange) part.options.onExchange(part.pending);
  else part.output.exchanges.push(part.pending);
  part.pending = undefined;
}

/** `item`: the item is done, retries decided; its newman records are no longer needed. */
const itemDone = (part: Part, emitter: EventEmitter) => (): void => {
  deliver(part);
  if (part.options.releaseExecutions !== false) releaseExecutions(emitter);
};

/** `beforeRequest`: nothing more goes out once the run is stopped; otherwise the guard starts a request. */
const guardRequest =
  (part: Part): Listener<BeforeRequestArgs> =>
  (_err, args) => {
    if (!part.interrupted && part.options.stopped?.()) {
      part.interrupted = true;
      abortRun(part.guard.agents);
    }
    if (part.interrupted) {
      part.output.scriptErrors.set(args.item.id, 'not sent: the run was interrupted');
      args.abort();
      return;
    }
    const steps = part.options.steps?.get(args.item.id);
    const reused = steps && reuseNote(steps, part.view);
    if (reused) {
      part.output.reused.set(args.item.id, reused);
      args.abort();
      return;
    }
    part.guard.begin();
  };

/** `beforeRequest`: signs the resolved request in Node; one that cannot be signed is not sent. */
const signRequest =
  (part: Part): Listener<BeforeRequestArgs> =>
  (_err, args) => {
    const { scriptErrors, reused } = part.output;
    if (scriptErrors.has(args.item.id) || reused.has(args.item.id)) return;
    try {
      const result = signInNode(args.request, part.view);
      if (result) part.signed.set(args.item.id, result.stringToSign);
      else part.signed.delete(args.item.id);
    } catch (e) {
      scriptErrors.set(args.item.id, `not sent: ${(e as Error).message}`);
      args.abort();
    }
  };

/** What a script's signal means for its item. */
function applySignal(part: Part, itemId: string, signal: ScriptSignal): void {
  if (signal.kind === 'unsigned') part.output.scriptErrors.set(itemId, `not sent: ${signal.why}`);
  else if (signal.kind === 'reused') part.output.reused.set(itemId, signal.note);
  else if (part.pending?.itemId === itemId)
    part.pending.retry = { cause: signal.cause, attempt: signal.attempt, waitMs: signal.waitMs };
}

/** `script`: a failed pre-request script stops its request; the scopes and signal it left are taken. */
const scriptDone =
  (part: Part): Listener<ScriptEventArgs> =>
  (err, args) => {
    if (err && args.event.listen === 'prerequest')
      part.output.scriptErrors.set(args.item.id, `pre-request script failed: ${err.message}`);
    if (!args.execution) return;
    Object.assign(part.view, scopesLeftBy(args.execution));
    const signal = signalOf(args.execution);
    if (signal) applySignal(part, args.item.id, signal);
  };

/** What failed on the wire (the guard's verdict first, then the runtime's error), and the reason to report. */
function wireFailureOf(
  err: Error | null,
  wire: GuardedRequest,
  maxResponseBytes: number,
): { kind?: WireFailure; reason?: string } {
  if (wire.failure) return { kind: wire.failure.kind, reason: wire.failure.message };
  if (err?.message === RESPONSE_LIMIT_MESSAGE)
    return {
      kind: 'response-too-large',
      reason: `the response body exceeded ${maxResponseBytes} bytes (decoded); reading stopped there (--max-response-bytes raises the limit)`,
    };
  if (isUnreadableAnswer(err))
    return { kind: 'unreadable-response', reason: `the server answered, but not in HTTP (${err?.message})` };
  return err ? { reason: err.message } : {};
}

/**
 * Whether the request failed because the answer could not be read as HTTP: node's HTTP parser
 * names its errors `HPE_*` (a missing or malformed status line, bad headers).
 */
function isUnreadableAnswer(err: Error | null): boolean {
  const code: unknown = err && 'code' in err ? err.code : undefined;
  return typeof code === 'string' && code.startsWith('HPE_');
}

/** `request`: the exchange as sent and answered (or failed), with what the guard and the signer saw. */
const requestDone =
  (part: Part): Listener<RequestEventArgs> =>
  (err, args) => {
    const itemId = args.item.id;
    const wire = part.guard.end();
    const stringToSign = part.signed.get(itemId);
    part.signed.delete(itemId);
    const scriptError = part.output.scriptErrors.get(itemId);
    const failure = wireFailureOf(err, wire, part.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
    const exchange: RawExchange = {
      itemId,
      request: sentRequest(args),
      ...(stringToSign !== undefined ? { stringToSign } : {}),
      ...(err || scriptError ? { error: [scriptError, failure.reason].filter(Boolean).join('; ') } : {}),
      ...(failure.kind ? { wireFailure: failure.kind } : {}),
      ...followedRedirects(wire),
      ...receivedResponse(args),
    };
    const steps = part.options.steps?.get(itemId);
    if (steps) {
      const live = liveCollectionVariables(part.runtime);
      applyRecords(
        steps,
        args,
        live ? [live, part.view.collectionVariables] : [part.view.collectionVariables],
      );
    }
    deliver(part);
    part.pending = exchange;
  };

/** Wires the part's listeners to the run's events. */
export function listen(emitter: EventEmitter, part: Part): void {
  emitter.on('start', (_err: Error | null, args: StartArgs) => (part.runtime = args.run));
  emitter.on('item', itemDone(part, emitter));
  emitter.on('done', () => deliver(part));
  emitter.on('beforeRequest', guardRequest(part));
  emitter.on('script', scriptDone(part));
  if (part.options.signInNode) emitter.on('beforeRequest', signRequest(part));
  emitter.on('request', requestDone(part));
}
