/**
 * SIGINT/SIGTERM during a run: the first stops sending and lets the run finish what is in flight
 * (each request is bounded by --timeout) and write its reports, marked interrupted; a second one
 * exits at once. Either way the exit code is the shell's: 130 for SIGINT, 143 for SIGTERM.
 */
import type { Io } from './context.ts';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** 128 + the signal's number, as a shell reports a process killed by it. */
export const SIGNAL_EXIT: Record<StopSignal, 130 | 143> = { SIGINT: 130, SIGTERM: 143 };

export interface Interruption {
  /** The first signal received, if any. */
  readonly signal: StopSignal | undefined;
  stopped: () => boolean;
  /** Stop listening (the run is over). */
  dispose(): void;
}

/**
 * Listen for SIGINT/SIGTERM. `hardExit` runs on the second signal, synchronously, before the
 * process exits: it must leave nothing behind (temporary files, the --out lock).
 */
export function watchInterruption(io: Io, timeoutMs: number, hardExit: () => void): Interruption {
  let first: StopSignal | undefined;
  const onSignal = (signal: StopSignal): void => {
    if (first) {
      io.err(`${signal} again: stopping now, without reports`);
      hardExit();
      process.exit(SIGNAL_EXIT[first]);
    }
    first = signal;
    io.err(
      `${signal}: sending nothing more; finishing the requests in flight (at most ${timeoutMs} ms) and writing the reports — ${signal} again stops at once`,
    );
  };
  const onInt = (): void => {
    onSignal('SIGINT');
  };
  const onTerm = (): void => {
    onSignal('SIGTERM');
  };
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    get signal() {
      return first;
    },
    stopped: () => first !== undefined,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
