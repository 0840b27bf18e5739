/** A run sends to the targets it is given and tells what happens through its events. */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { bankOverlays } from '../../src/load/bank-profiles.ts';
import { openTargets } from '../../src/cli/run-environment.ts';
import { loadProject } from '../../src/load/project.ts';
import { generateMockCredentials, type EnvValue } from '../../src/env/values.ts';
import { RunEvents, type RunEvent } from '../../src/run/events.ts';
import { runSuites } from '../../src/run/run.ts';
import { PROVIDER_YAML, SUITE_YAML, tempProject } from '../support/project.ts';

const STATUS = `
    - name: status
      method: POST
      path: /nicepay/api/v1.0/transfer-va/status
      sign: snap-transaction
      body: { partnerServiceId: "", customerNo: "", virtualAccountNo: "", trxId: "nope" }
      expect: { status: 200, responseCode: "2002600" }
`;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function load(root: string) {
  const loaded = loadProject(root);
  expect(loaded.diagnostics).toEqual([]);
  const project = loaded.value!;
  const schemas = loadSchemas(join(root, 'schemas'), undefined, { overlays: bankOverlays(root) }).value!;
  return { project, schemas, suites: project.suites };
}

/** The two-request suite against the embedded mock bank, started for `body` and stopped after it. */
async function againstTheMock(
  body: (run: ReturnType<typeof load> & { targets: EnvValue[] }) => Promise<void>,
): Promise<void> {
  const temp = tempProject({
    'collections/p.yaml': PROVIDER_YAML,
    'collections/s.yaml': SUITE_YAML + STATUS,
  });
  const loaded = load(temp.root);
  const opened = await openTargets({
    project: loaded.project,
    environment: loaded.project.environments.get('mock')!,
    suites: loaded.suites,
    processEnv: {},
  });
  try {
    await body({ ...loaded, targets: opened.value!.targets });
  } finally {
    await opened.value?.close();
    temp.cleanup();
  }
}

describe('the run', () => {
  it('emits suite started, one exchange per request, suite finished, then run finished', async () => {
    await againstTheMock(async ({ project, schemas, suites, targets }) => {
      const events = new RunEvents();
      const seen: RunEvent[] = [];
      for (const type of [
        'suite-started',
        'exchange',
        'suite-finished',
        'run-finished',
        'run-interrupted',
      ] as const)
        events.on(type, (e) => {
          seen.push(e);
        });
      const result = await runSuites({
        project,
        schemas,
        environment: 'mock',
        targets,
        suites,
        timeoutRequest: 5000,
        events,
      });
      expect(seen.map((e) => e.type)).toEqual([
        'suite-started',
        'exchange',
        'exchange',
        'suite-finished',
        'run-finished',
      ]);
      const [started, first, second, finished, over] = seen;
      expect(started).toMatchObject({ suite: 'tiny', total: 2, done: 0, failed: 0 });
      expect(first).toMatchObject({ done: 1, exchange: { name: 'token', passed: true } });
      expect(second).toMatchObject({ done: 2, exchange: { name: 'status' } });
      expect(finished).toMatchObject({ suite: 'tiny', done: 2, result: result.suites[0] });
      expect(over).toEqual({ type: 'run-finished', result });
      expect(result.interrupted).toBeUndefined();
    });
  });

  it('sends only to its targets and starts no server of its own', async () => {
    const temp = tempProject({ 'collections/p.yaml': PROVIDER_YAML, 'collections/s.yaml': SUITE_YAML });
    const { project, schemas, suites } = load(temp.root);
    const port = await closedPort();
    try {
      const result = await runSuites({
        project,
        schemas,
        environment: 'mock',
        // Credentials for the mock, but a base URL where nothing listens.
        targets: generateMockCredentials([project.providers.get('nicepay')!], `http://127.0.0.1:${port}`)
          .values,
        suites,
        timeoutRequest: 2000,
      });
      const [exchange] = result.suites[0]!.exchanges;
      expect(exchange?.failureClass).toBe('transport');
      expect(exchange?.response).toBeUndefined();
    } finally {
      temp.cleanup();
    }
  });

  it('stops when interrupted and says so in its last event', async () => {
    await againstTheMock(async ({ project, schemas, suites, targets }) => {
      const events = new RunEvents();
      let signal: 'SIGINT' | undefined;
      events.on('exchange', () => {
        signal = 'SIGINT'; // as the CLI's signal handler would, after the first request
      });
      const last: RunEvent[] = [];
      events.on('run-finished', (e) => {
        last.push(e);
      });
      events.on('run-interrupted', (e) => {
        last.push(e);
      });
      const result = await runSuites({
        project,
        schemas,
        environment: 'mock',
        targets,
        suites,
        timeoutRequest: 5000,
        events,
        interruption: () => signal,
      });
      expect(result.interrupted).toEqual({ signal: 'SIGINT' });
      expect(result.totals.requests).toBe(1);
      expect(last).toEqual([{ type: 'run-interrupted', result, signal: 'SIGINT' }]);
    });
  });
});
