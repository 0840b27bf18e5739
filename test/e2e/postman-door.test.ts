import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMockCredentials } from '../../src/env/values.ts';
import { loadProject } from '../../src/load/project.ts';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { isPartner, providerVariable } from '../../src/model/types.ts';
import { startPartner, type RunningPartner } from '../../src/partner/server.ts';
import { signerScript } from '../../src/render/bundle-signer.ts';
import { renderEnvironment } from '../../src/render/environment.ts';
import { renderCollection } from '../../src/render/postman.ts';
import { runProcess } from '../support/cli.ts';
import { REPO_ROOT, tempDir } from '../support/project.ts';

/**
 * The Postman door: the collection and environment QA import, run with plain newman (not through
 * kontrak) against the mock bank, and the inbound suites against the reference partner. Every
 * signed request must be accepted and every test pass.
 */
const out = tempDir();
let mock: RunningMock;
const partners: RunningPartner[] = [];
let envPath: string;
const project = loadProject(REPO_ROOT).value!;
const providers = [...project.providers.values()];

beforeAll(async () => {
  const credentials = generateMockCredentials(providers, '');
  // Outbound suites go to the mock bank, inbound ones (kontrak plays the bank) to the reference partner.
  mock = await startMockBank({ partners: credentials.partners.filter((_, i) => !isPartner(providers[i]!)) });
  const urls = new Map<string, string>();
  for (const [i, provider] of providers.entries()) {
    let url = mock.url;
    if (isPartner(provider)) {
      const partner = await startPartner({ bank: credentials.partners[i]! });
      partners.push(partner);
      url = partner.url;
    }
    urls.set(providerVariable(provider.name, 'base_url'), url);
  }
  const values = credentials.values.map((v) => (urls.has(v.key) ? { ...v, value: urls.get(v.key)! } : v));
  envPath = join(out.dir, 'mock.postman_environment.json');
  writeFileSync(envPath, JSON.stringify(renderEnvironment('mock', values, true)));
});

afterAll(async () => {
  await mock.close();
  await Promise.all(partners.map((p) => p.close()));
  out.cleanup();
});

describe('rendered collections in plain newman', () => {
  it.each(project.suites.map((s) => [s.name, s] as const))(
    '%s: every request signed, accepted and checked',
    async (_name, suite) => {
      const collection = renderCollection({
        suite,
        provider: project.providers.get(suite.provider)!,
        signerScript: await signerScript(),
        forPostman: true,
      });
      const collectionPath = join(out.dir, `${suite.name}.postman_collection.json`);
      writeFileSync(collectionPath, JSON.stringify(collection));
      const reportPath = join(out.dir, `${suite.name}.newman.json`);
      const newmanBin = join(REPO_ROOT, 'node_modules', 'newman', 'bin', 'newman.js');
      const result = await runProcess(
        process.execPath,
        [
          newmanBin,
          'run',
          collectionPath,
          '-e',
          envPath,
          '--reporters',
          'json',
          '--reporter-json-export',
          reportPath,
        ],
        { cwd: out.dir },
      );
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const { readFileSync } = await import('node:fs');
      const run = JSON.parse(readFileSync(reportPath, 'utf8')) as {
        run: {
          stats: { assertions: { total: number; failed: number }; requests: { total: number } };
          failures: unknown[];
        };
      };
      expect(run.run.failures).toEqual([]);
      expect(run.run.stats.requests.total).toBe(suite.requests.length);
      // Each request carries a status test, and one per expected responseCode.
      const expected = suite.requests.reduce((n, r) => n + 1 + (r.expect.responseCode ? 1 : 0), 0);
      expect(run.run.stats.assertions).toEqual({ total: expected, pending: 0, failed: 0 });
    },
  );
});
