#!/usr/bin/env node
// This checkout's `kontrak`: the TypeScript CLI run through tsx, no build step between an edit and
// a run. The installed package's command is the compiled src/cli/bin.ts (dist/lib, see package.json).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/bin.ts');
