/**
 * Progress of a run on an interactive terminal: one live line per running suite (requests done /
 * total, failures), redrawn in place; a suite's final line stays when it ends. Elsewhere (a pipe,
 * a file, CI=true) there is no progress display: each suite is printed once, in the run's summary
 * (commands/run.ts), whose findings come first.
 */
import type { RunEvents, SuiteCounts } from '../run/events.ts';
import { formatDuration } from '../report/_format.ts';
import type { Io } from './context.ts';

/** Where one suite stands: when it starts, after each request, and when it ends. */
export interface SuiteProgress extends SuiteCounts {
  state: 'running' | 'finished';
  /** Wall time of the suite, once finished. */
  durationMs?: number;
}

export interface Progress {
  /** Feed every progress event of the run here. */
  update(progress: SuiteProgress): void;
}

/** Shows a run's progress as its events arrive. */
export function followProgress(events: RunEvents, progress: Progress): void {
  const running = ({ suite, total, done, failed }: SuiteCounts): void => {
    progress.update({ suite, total, done, failed, state: 'running' });
  };
  events.on('suite-started', running);
  events.on('exchange', running);
  events.on('suite-finished', ({ suite, total, done, failed, durationMs }) => {
    progress.update({ suite, total, done, failed, state: 'finished', durationMs });
  });
}

/** CI systems set CI (GitHub Actions, GitLab, Jenkins via plugins…); "false"/"0" mean not CI. */
export function isCi(env: Record<string, string | undefined>): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/** Live lines only on a terminal a person watches. */
export function wantsLive(io: Io): boolean {
  return io.isTty && !isCi(io.env);
}

const ESC = '\u001b[';
/** Redraws of running lines at most this often; starts and ends are always drawn. */
const MIN_REDRAW_MS = 80;

function counts(p: SuiteProgress): string {
  return `${p.done}/${p.total} requests${p.failed ? `, ${p.failed} failed` : ''}`;
}

function finishedLine(p: SuiteProgress, index: number, suites: number): string {
  const mark = p.failed ? 'FAIL' : 'ok  ';
  return `[${index}/${suites}] ${mark} ${p.suite}  ${counts(p)}  ${formatDuration(p.durationMs ?? 0)}`;
}

/**
 * Creates the live display for a run of `suites` suites on a terminal (see wantsLive). `now` is
 * injectable for tests.
 */
export function createProgress(io: Io, suites: number, options: { now?: () => number } = {}): Progress {
  const now = options.now ?? Date.now;
  const running = new Map<string, SuiteProgress>();
  let finished = 0;
  let drawn = 0;
  let lastDraw = 0;

  /** Replaces the live block with `permanent` lines (kept) followed by the running suites. */
  const draw = (permanent: string[]): void => {
    const lines = [...permanent, ...[...running.values()].map((p) => `  … ${p.suite}  ${counts(p)}`)];
    if (lines.length === 0) return;
    // Cursor to the start of the live block, clear to the end of the screen, print afresh.
    const erase = drawn > 0 ? `${ESC}${drawn}F${ESC}J` : '';
    io.out(`${erase}${lines.join('\n')}`);
    drawn = running.size;
    lastDraw = now();
  };

  return {
    update(p) {
      if (p.state === 'finished') {
        running.delete(p.suite);
        finished++;
        draw([finishedLine(p, finished, suites)]);
        return;
      }
      const isNew = !running.has(p.suite);
      running.set(p.suite, p);
      if (isNew || now() - lastDraw >= MIN_REDRAW_MS) draw([]);
    },
  };
}
