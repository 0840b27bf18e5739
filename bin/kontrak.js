#!/usr/bin/env node
// The kontrak command, and the one way to run the CLI: the compiled JavaScript in dist/lib, in the
// installed package and in a checkout alike. A checkout (tsconfig.build.json beside bin/) compiles
// dist/lib first when a source changed since it was built (bin/build.js).
import { existsSync } from 'node:fs';

if (existsSync(new URL('../tsconfig.build.json', import.meta.url))) {
  const { ensureBuilt } = await import('./build.js');
  const failure = ensureBuilt();
  if (failure) {
    process.stderr.write(failure);
    process.exit(3);
  }
}
const { main } = await import('../dist/lib/src/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
