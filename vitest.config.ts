import { defineConfig } from 'vitest/config';
import HeavyFirstSequencer from './test/support/heavy-first.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/build-cli.ts'],
    // vitest's default in a run is one worker fewer than the cores: one on a 2-core machine, idle
    // whenever a test waits for a child process, a server or a timer. One worker per core keeps
    // both busy.
    maxWorkers: '100%',
    // Files in a worker share loaded modules instead of each importing the whole tree again (about
    // 0.6 s of CPU per file). The library keeps no globals (the project root is an argument), and
    // tests restore what they change (cwd, HOME); `npm run test:stress` runs the suite repeatedly
    // to catch a file that leaks into the next.
    isolate: false,
    sequence: { sequencer: HeavyFirstSequencer },
    // Timeouts catch a hang, not slowness: on a shared 2-core machine (or beside the busy loops of
    // `npm run test:stress`) a hook that runs every shipped suite through the CLI twice took more
    // than a minute, and failed for it.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
