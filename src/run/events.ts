/**
 * What a run tells the world while it runs. The run only emits; the console, the progress
 * display, the reports and the memory hints subscribe (in the CLI), so the run itself prints,
 * writes and collects nothing.
 */
import type { ExchangeResult, RunResult, SuiteResult } from '../model/results.ts';

/** Where one suite stands: requests in it, finished so far, and how many of those failed. */
export interface SuiteCounts {
  suite: string;
  total: number;
  done: number;
  failed: number;
}

export type StopSignal = NonNullable<RunResult['interrupted']>['signal'];

/** Every event of a run, in the order a suite sends them: started, one per exchange, finished. */
export interface RunEventMap {
  /** A suite starts sending (suites run a few at a time with `workers`). */
  'suite-started': SuiteCounts;
  /** One request finished: sent and checked, or refused by the signer. Retried attempts are not events. */
  exchange: SuiteCounts & { exchange: ExchangeResult };
  /** A suite is over; `result` holds what ran of it. */
  'suite-finished': SuiteCounts & { result: SuiteResult; durationMs: number };
  /** The run is over and nothing stopped it. */
  'run-finished': { result: RunResult };
  /** The run was stopped by `signal`: `result` holds only what ran, marked interrupted. */
  'run-interrupted': { result: RunResult; signal: StopSignal };
}

export type RunEventType = keyof RunEventMap;
export type RunEvent = { [K in RunEventType]: { type: K } & RunEventMap[K] }[RunEventType];
export type RunEventOf<K extends RunEventType> = Extract<RunEvent, { type: K }>;
/** A subscriber; one that returns a promise holds back later subscribers and events until it settles. */
export type RunListener<K extends RunEventType> = (event: RunEventOf<K>) => void | Promise<void>;

type AnyListener = (event: RunEvent) => void | Promise<void>;

const isPromise = (value: unknown): value is Promise<void> =>
  typeof (value as Promise<void> | undefined)?.then === 'function';

/**
 * A typed event channel. Listeners run in the order they subscribed, one event after another:
 * synchronously while every listener is synchronous (an exchange reaches the progress display at
 * once), queued behind a listener that returns a promise (a report being written). A listener's
 * error never reaches the run's inner loop: the first one is kept and thrown by `settled()`.
 */
export class RunEvents {
  private readonly listeners = new Map<RunEventType, AnyListener[]>();
  /** Work still running for events already emitted; undefined when everything has run. */
  private pending: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;

  /** Subscribes to one type of event; returns the unsubscribe function. */
  on<K extends RunEventType>(type: K, listener: RunListener<K>): () => void {
    const list = this.listeners.get(type) ?? [];
    list.push(listener as AnyListener);
    this.listeners.set(type, list);
    return () => {
      const at = list.indexOf(listener as AnyListener);
      if (at >= 0) list.splice(at, 1);
    };
  }

  emit(event: RunEvent): void {
    const listeners = [...(this.listeners.get(event.type) ?? [])];
    if (listeners.length === 0 && !this.pending) return;
    const next = this.pending
      ? this.pending.then(() => this.dispatch(event, listeners, 0))
      : this.dispatch(event, listeners, 0);
    if (!next) return;
    const tracked: Promise<void> = next.then(() => {
      if (this.pending === tracked) this.pending = undefined;
    });
    this.pending = tracked;
  }

  /** Resolves once every listener of every event emitted so far has run; throws the first error. */
  async settled(): Promise<void> {
    while (this.pending) await this.pending;
    if (this.failure) throw this.failure.error;
  }

  /** Runs `listeners[from…]`; a promise when one of them went asynchronous. */
  private dispatch(event: RunEvent, listeners: AnyListener[], from: number): Promise<void> | undefined {
    for (let i = from; i < listeners.length; i++) {
      if (this.failure) return undefined;
      try {
        const returned = listeners[i]?.(event);
        if (isPromise(returned))
          return returned.then(
            () => this.dispatch(event, listeners, i + 1),
            (error: unknown) => {
              this.failure ??= { error };
            },
          );
      } catch (error) {
        this.failure ??= { error };
      }
    }
    return undefined;
  }
}
