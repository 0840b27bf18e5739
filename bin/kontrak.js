#!/usr/bin/env node
// Runs the TypeScript CLI with no build step between a clone and a run: compiled once into
// node_modules/.cache/kontrak (see compiled-cli.js), or straight through tsx when that cannot be.
import { compiledCli } from './compiled-cli.js';

const compiled = await compiledCli();
let main;
if (compiled) ({ main } = await import(compiled));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
