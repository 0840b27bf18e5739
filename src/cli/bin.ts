#!/usr/bin/env node
// The `kontrak` command of the installed package: the compiled CLI, no TypeScript loader.
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
