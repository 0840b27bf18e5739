/**
 * Signer and mock agree by construction: every shipped suite passes against the mock with a
 * query string on every signed request (each provider signs it as its signQuery says, and the
 * mock verifies the same way), and the report carries the string to sign the signer signed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { bankOverlays } from '../../src/load/bank-profiles.ts';
import { loadProject } from '../../src/load/project.ts';
import { runInEnvironment } from '../../src/cli/run-environment.ts';
import { REPO_ROOT } from '../support/project.ts';
import { failedExchanges } from '../support/exchanges.ts';

/** The value, or a test failure saying it is missing. */
function must<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`${what} is missing`);
  return value;
}

describe('the signing contract, end to end', () => {
  it('every shipped suite passes with a query string on every signed request', async () => {
    const project = must(loadProject(REPO_ROOT).value);
    const suites = project.suites.map((suite) => ({
      ...suite,
      requests: suite.requests.map((r) =>
        r.sign === 'none'
          ? r
          : { ...r, path: `${r.path}${r.path.includes('?') ? '&' : '?'}channel=mobile&b=2&a=1` },
      ),
    }));
    const outcome = await runInEnvironment({
      project,
      schemas: must(loadSchemas(join(REPO_ROOT, 'schemas'), undefined, { overlays: bankOverlays() }).value),
      environment: 'mock',
      suites,
      processEnv: {},
      timeoutRequest: 10_000,
    });
    const run = must(outcome.value);
    const failed = failedExchanges(run);
    expect(failed).toEqual([]);
    // Every provider of the shipped suites ran, the first five profiles among them.
    const ran = new Set(run.suites.map((s) => s.provider));
    expect(ran).toEqual(new Set(suites.map((s) => s.provider)));
    for (const p of ['nicepay', 'snap', 'bri-snap', 'bri', 'bri-esb']) expect(ran).toContain(p);
    const exchanges = run.suites.flatMap((s) => s.exchanges.map((x) => ({ provider: s.provider, x })));
    const signed = exchanges.filter(({ x }) => x.signing && x.request.url.includes('channel=mobile'));
    expect(signed.length).toBeGreaterThan(40);
    // The recorded string to sign, checked for the first five profiles (the banks' profiles are
    // held to the query above: every one of their requests passed with it).
    const first = new Set(['nicepay', 'snap', 'bri-snap', 'bri', 'bri-esb']);
    for (const { provider, x } of signed.filter(
      ({ provider, x }) => first.has(provider) && x.signing?.stringToSign !== undefined,
    )) {
      const signing = must(x.signing);
      const sts = signing.stringToSign;
      // Recorded when signed, as the provider's signQuery says: the standard SNAP profile signs the
      // query as sent, NICEPAY and BRI leave it out.
      if (signing.scheme === 'snap-token') expect(sts).toMatch(/^[A-Z]+MOCK\|/);
      else {
        const policy = must(project.providers.get(provider)).signing.signQuery;
        if (policy === 'as-sent') expect(sts).toContain('?channel=mobile&b=2&a=1:');
        else if (policy === 'sorted') expect(sts).toContain('?a=1&b=2&channel=mobile:');
        else expect(sts).not.toContain('channel=mobile');
      }
    }
    // NICEPAY's signed path lacks /nicepay.
    const nicepay = signed.find(
      ({ provider, x }) => provider === 'nicepay' && x.signing?.scheme === 'snap-transaction',
    );
    expect(must(nicepay).x.signing?.stringToSign).toMatch(/^POST:\/api\/v1\.0\/transfer-va\/create-va:/);
  }, 120_000);
});
