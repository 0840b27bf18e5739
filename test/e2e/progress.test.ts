import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/context.ts';
import { createProgress, isCi, wantsLive } from '../../src/cli/progress.ts';

function fakeIo(isTty: boolean, env: Record<string, string> = {}): Io & { lines: string[] } {
  const lines: string[] = [];
  return { out: (l) => lines.push(l), err: (l) => lines.push(`ERR ${l}`), cwd: '/', env, isTty, lines };
}

/** What a terminal shows after interpreting our output (cursor-previous-line + erase-below only). */
function screen(chunks: string[]): string[] {
  const rows: string[] = [];
  for (const chunk of chunks) {
    // eslint-disable-next-line no-control-regex -- the terminal's escape sequences are what it reads
    const m = /^\u001b\[(\d+)F\u001b\[J/.exec(chunk);
    if (m) rows.splice(rows.length - Number(m[1]));
    // eslint-disable-next-line no-control-regex -- the terminal's escape sequences are what it reads
    rows.push(...chunk.replace(/^\u001b\[\d+F\u001b\[J/, '').split('\n'));
  }
  return rows;
}

const p = (suite: string, done: number, total: number, failed = 0) => ({
  suite,
  done,
  total,
  failed,
  state: 'running' as const,
});
const end = (suite: string, total: number, failed: number, durationMs: number) => ({
  suite,
  done: total,
  total,
  failed,
  state: 'finished' as const,
  durationMs,
});

describe('progress', () => {
  it('is live only on a terminal outside CI', () => {
    expect(wantsLive(fakeIo(true))).toBe(true);
    expect(wantsLive(fakeIo(false))).toBe(false);
    expect(wantsLive(fakeIo(true, { CI: 'true' }))).toBe(false);
    expect(isCi({ CI: '1' })).toBe(true);
    expect(isCi({ CI: 'false' })).toBe(false);
    expect(isCi({ CI: '' })).toBe(false);
  });

  // Off a terminal there is no progress display: test/cli/piped-output.test.ts checks what a pipe gets.

  it('on a terminal keeps one live line per running suite and leaves each finished line in place', () => {
    const io = fakeIo(true);
    let clock = 0;
    const progress = createProgress(io, 2, { now: () => clock });
    progress.update(p('a', 0, 3));
    progress.update(p('b', 0, 2));
    expect(screen(io.lines)).toEqual(['  … a  0/3 requests', '  … b  0/2 requests']);
    clock += 100;
    progress.update(p('a', 2, 3, 1));
    expect(screen(io.lines)).toEqual(['  … a  2/3 requests, 1 failed', '  … b  0/2 requests']);
    progress.update(end('b', 2, 0, 40));
    expect(screen(io.lines)).toEqual(['[1/2] ok   b  2/2 requests  40 ms', '  … a  2/3 requests, 1 failed']);
    progress.update(end('a', 3, 1, 90));
    expect(screen(io.lines)).toEqual([
      '[1/2] ok   b  2/2 requests  40 ms',
      '[2/2] FAIL a  3/3 requests, 1 failed  90 ms',
    ]);
  });

  it('redraws running lines at most every 80 ms (starts and ends always)', () => {
    const io = fakeIo(true);
    let clock = 0;
    const progress = createProgress(io, 1, { now: () => clock });
    progress.update(p('a', 0, 100));
    for (let i = 1; i <= 50; i++) {
      clock += 10;
      progress.update(p('a', i, 100));
    }
    expect(io.lines.length).toBeLessThanOrEqual(1 + 50 / 8 + 1);
    progress.update(end('a', 100, 0, 500));
    expect(screen(io.lines)).toEqual(['[1/1] ok   a  100/100 requests  500 ms']);
  });
});
