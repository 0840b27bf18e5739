/**
 * Two runs of one suite at the same moment against one mock bank (as parallel CI shards, or a
 * colleague's Postman run beside a `kontrak run`) send different VA numbers, references and ids:
 * each request mints its own, so neither run is refused for the other's VA "in use" or a
 * duplicate reference. With ids from the clock's second, the second copy of snap-core failed its
 * create VA and what followed.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { bankOverlays } from '../../src/load/bank-profiles.ts';
import { runInEnvironment } from '../../src/cli/run-environment.ts';
import { loadProject } from '../../src/load/project.ts';
import { defined } from '../support/defined.ts';
import { failedExchanges } from '../support/exchanges.ts';
import { REPO_ROOT } from '../support/project.ts';

it('two copies of snap-core at once against one mock both pass', async () => {
  const project = defined(loadProject(REPO_ROOT).value, 'the shipped project');
  const suite = defined(
    project.suites.find((s) => s.name === 'snap-core@snap'),
    'snap-core@snap',
  );
  const copies = [
    suite,
    { ...suite, name: 'snap-core@snap-again' },
    { ...suite, name: 'snap-core@snap-third' },
  ];
  const outcome = await runInEnvironment({
    project,
    schemas: defined(loadSchemas(join(REPO_ROOT, 'schemas'), undefined, { overlays: bankOverlays() }).value),
    environment: 'mock',
    suites: copies,
    processEnv: {},
    timeoutRequest: 20_000,
    workers: copies.length,
  });
  expect(outcome.diagnostics).toEqual([]);
  const result = defined(outcome.value, 'the run');
  expect(failedExchanges(result)).toEqual([]);
  expect(result.totals.requests).toBe(copies.length * suite.requests.length);
}, 120_000);
