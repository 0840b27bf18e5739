import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/build-cli.ts'],
    // Timeouts catch a hang, not slowness: on a shared 2-core machine (or beside the busy loops of
    // `npm run test:stress`) a hook that runs every shipped suite through the CLI twice took more
    // than a minute, and failed for it.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
