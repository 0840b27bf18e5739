/**
 * The OpenCollection export as Bruno itself reads it: every shipped suite's files go through
 * Bruno's own parser (@usebruno/filestore, what `bru run` and the app load collections with), and
 * every script through `decomment`, which `bru run` applies to each script before it runs it.
 * The scripts' behaviour is test/e2e/bruno-door.test.ts's.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { bankOverlays } from '../../src/load/bank-profiles.ts';
import { loadProject } from '../../src/load/project.ts';
import { providerVariable } from '../../src/model/types.ts';
import { exportOpenCollection } from '../../src/render/opencollection/export.ts';
import { renderOpenCollectionEnvironment } from '../../src/render/opencollection/environment.ts';
import { defined } from '../support/postman-doors.ts';
import { REPO_ROOT } from '../support/project.ts';

const require = createRequire(import.meta.url);
const cliRequire = createRequire(require.resolve('@usebruno/cli/package.json'));

interface Filestore {
  parseCollection(
    text: string,
    o: { format: 'yml' },
  ): {
    collectionRoot: {
      request: {
        script: { req: string | null };
        tests: string | null;
        vars: { req: Array<{ name: string; value: string }> };
      };
    };
    brunoConfig: { scripts?: { flow?: string } };
  };
  parseRequest(
    text: string,
    o: { format: 'yml' },
  ): {
    name: string;
    seq: number;
    settings: { encodeUrl?: boolean; followRedirects?: boolean };
    request: { method: string; url: string; tests: string; headers: Array<{ name: string; value: string }> };
  };
  parseEnvironment(
    text: string,
    o: { format: 'yml' },
  ): {
    variables: Array<{ name: string; value: string; secret: boolean }>;
  };
}
const filestore = cliRequire('@usebruno/filestore') as Filestore;
const decomment = cliRequire('decomment') as (code: string, o: { space: boolean }) => string;

const project = defined(loadProject(REPO_ROOT).value, 'the shipped project');
const schemas = defined(
  loadSchemas(join(REPO_ROOT, 'schemas'), undefined, { overlays: bankOverlays() }).value,
  'the shipped schemas',
);

/** A script as `bru run` runs it: comments stripped, then compiled (not run). */
const compiles = (code: string): void => {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- compiled to prove it parses, never called
  new Function('req', 'res', 'bru', 'test', decomment(code, { space: true }));
};

describe('OpenCollection export, read by Bruno', () => {
  it.each(project.suites.map((s) => [s.name, s] as const))('%s', async (_name, suite) => {
    const provider = defined(project.providers.get(suite.provider), suite.provider);
    const files = await exportOpenCollection(suite, provider, schemas);
    const [root, ...requests] = files;
    expect(root?.path).toBe('opencollection.yml');
    const collection = filestore.parseCollection(defined(root, 'root').text, { format: 'yml' });
    expect(collection.brunoConfig.scripts?.flow).toBe('sequential');
    const { script, tests, vars } = collection.collectionRoot.request;
    expect(script.req).toContain('kontrakSigner.signBruno(req, bru');
    expect(tests).toContain('globalThis.kontrakCheck');
    expect(vars.req.map((v) => v.name)).toEqual([`kontrak_provider_${provider.name}`]);
    expect(JSON.parse(defined(vars.req[0], 'the profile').value)).toEqual(provider.signing);
    compiles(defined(script.req, 'the signer'));
    compiles(defined(tests, 'the checks'));

    expect(requests.map((f) => f.path)).toEqual([...requests.map((f) => f.path)].sort());
    for (const [i, file] of requests.entries()) {
      const spec = defined(suite.requests[i], `request ${i}`);
      const item = filestore.parseRequest(file.text, { format: 'yml' });
      expect([item.name, item.seq, item.request.method]).toEqual([spec.name, i + 1, spec.method]);
      expect(item.request.url).toBe(`{{${providerVariable(provider.name, 'base_url')}}}${spec.path}`);
      expect(item.settings.encodeUrl).toBe(false);
      expect(item.request.tests).toContain('kontrakCheck(');
      compiles(item.request.tests);
    }
  });

  it('names every secret in an environment and writes none of their values', () => {
    const text = renderOpenCollectionEnvironment('sandbox', [
      { key: 'nicepay_base_url', value: 'https://sandbox.example', secret: false },
      { key: 'nicepay_client_secret', value: 'VERY-SECRET-VALUE-1234', secret: true },
    ]);
    expect(text).not.toContain('VERY-SECRET-VALUE-1234');
    expect(filestore.parseEnvironment(text, { format: 'yml' }).variables).toEqual([
      expect.objectContaining({ name: 'nicepay_base_url', value: 'https://sandbox.example', secret: false }),
      expect.objectContaining({ name: 'nicepay_client_secret', value: '', secret: true }),
    ]);
  });
});
