/**
 * A project's own bank on ASPI's standard paths (`/v1.0/access-token/b2b`, `/v1.0/balance-inquiry`,
 * the same as `snap`'s) runs its suite beside `snap`'s in the embedded mock: each request goes to
 * the bank its partner is registered with, and each bank verifies it its own way (hex for this one).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { kontrak } from '../support/cli.ts';
import { REPO_ROOT, tempProject } from '../support/project.ts';

const made: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of made.splice(0)) cleanup();
});

const sourced = (value: string): string =>
  `{ value: ${value}, source: "a test's own bank", confidence: assumed }`;

const KOPI_BANK = `bank: kopibank
title: Kopi Bank (a project's own, on the standard paths)
tokenPath: ${sourced('/v1.0/access-token/b2b')}
basePath: ${sourced('/v1.0')}
signatureEncoding: ${sourced('hex')}
timestampFormat: ${sourced('snap')}
externalIdDigits: ${sourced('16')}
signature: ${sourced('symmetric')}
tokenType: ${sourced('BearerToken')}
services:
  access-token/b2b: {}
  balance-inquiry: {}
`;

const KOPI_PROVIDER = `kontrak: 1
provider:
  name: kopibank
  bank: kopibank
  credentials:
    client_id: { secret: false }
    client_secret: { secret: true }
    private_key: { secret: true }
    channel_id: { secret: false }
`;

/** A token and a balance inquiry for one provider, signed its bank's way (hex for Kopi Bank). */
const suite = (provider: string): string => `kontrak: 1
suite:
  name: ${provider}-balance
  provider: ${provider}
  requests:
    - name: access token B2B
      method: POST
      service: access-token/b2b
      sign: snap-token
      body: { grantType: client_credentials }
      capture: { "@access_token": accessToken }
      expect:
        status: 200
        responseCode: "2007300"
    - name: balance
      method: POST
      service: balance-inquiry
      sign: snap-transaction
      body: { accountNo: "0011223344" }
      expect:
        status: 200
`;

it("runs a project bank's suite on the standard SNAP paths beside snap's", async () => {
  const p = tempProject({
    'banks/kopibank.yaml': KOPI_BANK,
    'collections/kopibank/provider.yaml': KOPI_PROVIDER,
    'collections/kopibank/balance.yaml': suite('kopibank'),
    'collections/snap/provider.yaml': readFileSync(
      join(REPO_ROOT, 'collections', 'snap', 'provider.yaml'),
      'utf8',
    ),
    'collections/snap/balance.yaml': suite('snap'),
  });
  made.push(p.cleanup);
  const out = join(p.root, 'out');
  const result = await kontrak(['run', '--out', out, '--reporters', 'json'], { cwd: p.root });
  expect(result.stderr).toBe('');
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
    totals: { requests: number; passedRequests: number };
    suites: Array<{ provider: string }>;
  };
  expect(results.suites.map((s) => s.provider).sort()).toEqual(['kopibank', 'snap']);
  expect(results.totals).toMatchObject({ requests: 4, passedRequests: 4 });
  expect(result.code).toBe(0);
}, 120_000);
