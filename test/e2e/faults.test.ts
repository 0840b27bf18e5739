import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeResult } from '../../src/model/results.ts';
import { kontrak, type CliResult } from '../support/cli.ts';
import { PROVIDER_YAML, tempProject } from '../support/project.ts';
import { readCheckedResults } from '../support/results-schema.ts';

/**
 * Faults from the mock bank's fault modes: the run always finishes, writes its report, and
 * classifies each failure (transport / contract / auth / infrastructure).
 */
const request = (name: string, fault: string, expectStatus = 200) => `
    - name: ${name}
      method: POST
      path: /nicepay/v1.0/access-token/b2b
      sign: snap-token
      headers: { X-Kontrak-Fault: "${fault}" }
      body: { grantType: client_credentials }
      expect: { status: ${expectStatus}, responseCode: "2007300", schema: nicepay/access-token.response.json }
`;
const SUITE = `kontrak: 1
suite:
  name: faults
  provider: nicepay
  requests:${request('healthy', 'latency=0')}${request('bank error 503', 'status=503')}${request('rate limited 429', 'status=429; retry-after=1')}${request('gateway timeout 504', 'status=504')}${request('malformed JSON', 'malformed-json')}${request('truncated body', 'truncated')}${request('connection reset', 'reset')}${request('slower than the timeout', 'latency=3000')}${request('slow but in time', 'latency=300')}`;

const project = tempProject({
  'collections/nicepay/provider.yaml': PROVIDER_YAML,
  'collections/nicepay/faults.yaml': SUITE,
});
let result: CliResult;
let exchanges: Map<string, ExchangeResult>;

beforeAll(async () => {
  result = await kontrak(['run', '--out', 'out', '--timeout', '1500'], {
    cwd: project.root,
    env: { CI: 'true' },
  });
  const run = readCheckedResults(join(project.root, 'out', 'results.json'));
  exchanges = new Map(run.suites[0]!.exchanges.map((e) => [e.name, e]));
});
afterAll(() => project.cleanup());

describe('faults', () => {
  it('finish the run with exit 1, a written report and no crash', () => {
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(project.root, 'out', 'index.html'), 'utf8')).toContain('connection reset');
  });

  it.each([
    ['healthy', true, undefined],
    ['slow but in time', true, undefined],
    ['bank error 503', false, 'infrastructure'],
    ['rate limited 429', false, 'infrastructure'],
    ['gateway timeout 504', false, 'infrastructure'],
    ['malformed JSON', false, 'contract'],
    ['truncated body', false, 'transport'],
    ['connection reset', false, 'transport'],
    ['slower than the timeout', false, 'transport'],
  ])('%s → passed %s, %s', (name, passed, failureClass) => {
    const exchange = exchanges.get(name)!;
    expect(exchange.passed).toBe(passed);
    expect(exchange.failureClass).toBe(failureClass);
  });

  it('answers a 429 fault SNAP-shaped, with the Retry-After it was asked for', () => {
    const limited = exchanges.get('rate limited 429')!;
    expect((JSON.parse(limited.response!.body) as { responseCode?: unknown }).responseCode).toBe('4297300');
    expect(limited.response!.headers).toContainEqual({ key: 'retry-after', value: '1' });
  });

  it('names the transport error', () => {
    expect(exchanges.get('connection reset')!.error).toMatch(/ECONNRESET|socket hang up/);
    expect(exchanges.get('slower than the timeout')!.error).toMatch(/ESOCKETTIMEDOUT|ETIMEDOUT|timeout/i);
  });
});
