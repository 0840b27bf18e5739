/**
 * The bank's side of an inbound test: credentials as a partner is given them, the PARTNER_*
 * variables kontrak reads, and one run of every inbound suite against a partner started on its own.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runInEnvironment } from '../../src/cli/run-environment.ts';
import { loadProject } from '../../src/load/project.ts';
import type { RunResult } from '../../src/model/results.ts';
import type { RunningPartner } from '../../src/partner/server.ts';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { bankOverlays } from '../../src/load/bank-profiles.ts';
import { REPO_ROOT } from '../support/project.ts';

export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} did not load`);
  return value;
}
export const project = defined(loadProject(REPO_ROOT).value, 'collections/');
export const schemas = defined(
  loadSchemas(join(REPO_ROOT, 'schemas'), undefined, { overlays: bankOverlays() }).value,
  'schemas/',
);
export const inbound = project.suites.filter((s) => s.provider === 'partner');

/** A bank key pair and shared secret made now, and the variables (`prefix`_…) that point kontrak at `url`. */
export function bankCredentials(prefix = 'PARTNER') {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const bank = {
    clientId: 'BANKTEST',
    clientSecret: randomBytes(24).toString('base64url'),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  const env = (url: string, extra: Record<string, string> = {}): Record<string, string> => ({
    [`${prefix}_BASE_URL`]: url,
    [`${prefix}_CLIENT_ID`]: bank.clientId,
    [`${prefix}_CLIENT_SECRET`]: bank.clientSecret,
    [`${prefix}_BANK_PRIVATE_KEY`]: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ...extra,
  });
  return { bank, env };
}

/** The inbound suites (all by default) against `partner` with --env partner; the partner is closed afterwards. */
export async function runAgainst(
  partner: RunningPartner,
  env: Record<string, string>,
  suites = inbound,
  environment = 'partner',
): Promise<RunResult> {
  try {
    const outcome = await runInEnvironment({
      project,
      schemas,
      environment,
      suites,
      processEnv: env,
      timeoutRequest: 10000,
    });
    expect(outcome.diagnostics).toEqual([]);
    return defined(outcome.value, 'the run');
  } finally {
    await partner.close();
  }
}
