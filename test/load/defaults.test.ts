/**
 * Defaults of the YAML format live in schemas/kontrak.schema.json only: the loader fills them in
 * with ajv (useDefaults). The expected values here are read from the schema, not restated.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/load/project.ts';
import { tempProject } from '../support/project.ts';

type Props = Record<string, { default?: unknown }>;
const schema = JSON.parse(
  readFileSync(new URL('../../schemas/kontrak.schema.json', import.meta.url), 'utf8'),
) as { $defs: Record<string, { properties: Props }> };
const defaultsOf = (def: string): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(schema.$defs[def]!.properties)
      .filter(([, p]) => 'default' in p)
      .map(([k, p]) => [k, p.default]),
  );

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function load(files: Record<string, string>) {
  const project = tempProject(files);
  cleanup = project.cleanup;
  return loadProject(project.root);
}

const BARE_PROVIDER = `kontrak: 1
provider:
  name: bare
  credentials:
    client_id: {}
`;

const BARE_SUITE = `kontrak: 1
suite:
  name: bare-suite
  provider: bare
  requests:
    - name: ping
      method: GET
      path: /ping
      expect: { status: 200 }
      retry: { count: 1 }
`;

describe('defaults of the YAML format', () => {
  it('come from the schema for every key a file leaves out', () => {
    const { value, diagnostics } = load({
      'collections/p.yaml': BARE_PROVIDER,
      'collections/s.yaml': BARE_SUITE,
    });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const provider = value!.providers.get('bare')!;
    expect(provider.signing).toEqual({ provider: 'bare', ...defaultsOf('signing') });
    expect(Object.keys(defaultsOf('signing')).sort()).toEqual([
      'bodyHash',
      'externalIdDigits',
      'externalIdHeader',
      'signQuery',
      'signatureEncoding',
      'signedPathStripPrefix',
      'timestampFormat',
    ]);
    expect(provider.signingGiven).toBeUndefined();
    expect(provider.replayAnswer).toBe(defaultsOf('provider')['replayAnswer']);
    expect(provider.credentials).toEqual([{ field: 'client_id', secret: true, description: '' }]);
    expect([provider.headers, provider.paths, provider.baseUrls, provider.services]).toEqual([
      {},
      {},
      {},
      {},
    ]);
    const request = value!.suites[0]!.requests[0]!;
    expect(request.sign).toBe(defaultsOf('request')['sign']);
    expect([request.headers, request.capture]).toEqual([{}, {}]);
    const retry = defaultsOf('retry');
    expect(request.retry).toEqual({ count: 1, on: retry['on'], backoffMs: retry['backoffMs'] });
  });

  it('give way to a bank profile, which gives way to what the provider file writes', () => {
    const provider = BARE_PROVIDER.replace(
      '  credentials:',
      '  bank: bri-snap\n  signing:\n    externalIdDigits: 20\n  credentials:',
    );
    const { value } = load({ 'collections/p.yaml': provider, 'collections/s.yaml': BARE_SUITE });
    const signing = value!.providers.get('bare')!.signing;
    expect(signing.externalIdDigits).toBe(20); // written: wins over the bank's 9
    expect(signing.timestampFormat).toBe('snap-millis'); // the bank's, over the schema's default
    expect(value!.providers.get('bare')!.signingGiven).toEqual(['externalIdDigits']);
  });

  it('leave positions alone: an error after a defaulted key is still placed where it is written', () => {
    const suite = BARE_SUITE.replace(
      '      retry: { count: 1 }',
      '      retry: { count: 1 }\n      sgin: none',
    );
    const { diagnostics } = load({ 'collections/p.yaml': BARE_PROVIDER, 'collections/s.yaml': suite });
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: 'E_UNKNOWN_KEY', line: 11, column: 7, hint: 'did you mean "sign"?' }),
    );
  });
});
