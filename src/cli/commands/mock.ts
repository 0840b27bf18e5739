import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { signingPolicyOf, type SigningPolicy } from '../../../scripts/signing-contract.ts';
import { generateMockCredentials } from '../../env/values.ts';
import { readStoredCredentials, type StoredCredentials } from '../../env/mock-keys.ts';
import { RESET_PATH } from '../../mock/edge/control.ts';
import { loadPartnersFile } from '../../load/partners-file.ts';
import { startedOr } from '../../mock/edge/http-server.ts';
import { mockEmulationNames, startMockBank, type MockPartner } from '../../mock/server.ts';
import { MOCK_ENVIRONMENT_ID, renderEnvironment } from '../../render/environment.ts';
import { isPartner, providerVariable, type Project, type Provider } from '../../model/types.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { keysNotIgnored, writeOwnerOnly } from '../secret-out.ts';
import { fail, loadAll, report, type Io } from '../context.ts';
import { error } from '../../diagnostics/diagnostic.ts';
import { makeFolder, notAFolder } from '../../folders.ts';

export interface MockArgs {
  port: number;
  host: string;
  out: string;
  /** New throwaway keys instead of the stored ones (the bank's state always starts from its seed). */
  fresh: boolean;
  /** A YAML file of your own clients to register (`--partners`). */
  partners?: string;
  /** Resolves when the server should stop (signal handling lives in main). */
  until: Promise<void>;
}

/** The variables a provider's credentials are stored under. */
function keysOf(provider: Provider): string[] {
  return ['base_url', ...provider.credentials.map((c) => c.field)].map((f) =>
    providerVariable(provider.name, f),
  );
}

const emulationOf = (provider: Provider): string => provider.mock ?? provider.name;

/**
 * The standalone mock keeps its throwaway keys (.kontrak/mock-credentials.json, git-ignored) so an
 * imported environment keeps working. A provider added or changed gets fresh keys of its own;
 * every other provider's keys, and partners added to the file by hand, stay as they are.
 * `renew` (--fresh) makes every provider's keys afresh.
 */
async function credentials(io: Io, project: Project, renew: boolean): Promise<StoredCredentials | undefined> {
  const path = join(io.cwd, '.kontrak', 'mock-credentials.json');
  const read = readStoredCredentials(path, relative(io.cwd, path));
  if (report(io, read.diagnostics) || !read.value) return undefined;
  const stored = read.value;
  let changed = !existsSync(path);
  for (const provider of project.providers.values()) {
    const keys = keysOf(provider);
    // --fresh: every provider's keys are made afresh (partners added by hand stay).
    if (!renew && keys.every((k) => stored.values.some((v) => v.key === k))) continue;
    // Stale or missing: this provider's values and its generated partner are made afresh.
    const oldId = stored.values.find((v) => v.key === providerVariable(provider.name, 'client_id'))?.value;
    stored.values = stored.values.filter((v) => !keys.includes(v.key));
    stored.partners = stored.partners.filter(
      (p) => !(p.clientId === oldId && p.provider === emulationOf(provider)),
    );
    // Keys of their own, not the runs' cache: this file is where the standalone mock keeps them.
    const fresh = generateMockCredentials([provider], '', { newKeys: true });
    stored.values.push(...fresh.values);
    stored.partners.push(...fresh.partners);
    changed = true;
  }
  if (changed) {
    await mkdir(join(io.cwd, '.kontrak'), { recursive: true });
    report(io, keysNotIgnored(io.cwd, path));
    await writeOwnerOnly(path, JSON.stringify(stored));
  }
  return stored;
}

/**
 * How the mock verifies a partner of an emulation: the signing knobs of the provider that runs
 * against it (the one named like it first), so a partner is checked as its profile signs.
 */
function policyFor(project: Project, emulation: string): SigningPolicy | undefined {
  const providers = [...project.providers.values()];
  const provider =
    providers.find((p) => p.name === emulation && emulationOf(p) === emulation) ??
    providers.find((p) => emulationOf(p) === emulation);
  return provider && signingPolicyOf(provider.signing);
}

/** `kontrak mock`: the mock bank, standalone, for Postman, manual runs and your own SDK. */
export async function mockCommand(io: Io, args: MockArgs): Promise<ExitCode> {
  const loaded = loadAll(io);
  if (!loaded) return EXIT.INVALID_INPUT;
  const { project } = loaded;
  let registered: MockPartner[] = [];
  if (args.partners !== undefined) {
    const file = resolve(io.cwd, args.partners);
    const outcome = loadPartnersFile(file, mockEmulationNames(project.root));
    if (report(io, outcome.diagnostics) || !outcome.value) return EXIT.INVALID_INPUT;
    registered = outcome.value;
  }
  const stored = await credentials(io, project, args.fresh);
  if (!stored) return EXIT.INVALID_INPUT;
  // Before the bank starts: a refusal then leaves no server running.
  const outDir = resolve(io.cwd, args.out);
  const folder = makeFolder(outDir);
  if (!folder.ok) return fail(io, notAFolder(args.out, folder.reason));
  const generatedIds = new Set(stored.partners.map((p) => `${p.provider}/${p.clientId}`));
  const clash = registered.find((p) => generatedIds.has(`${p.provider}/${p.clientId}`));
  if (clash) {
    return fail(
      io,
      error(
        'E_PARTNER_DUPLICATE',
        `client ${clash.clientId} is already registered for ${clash.provider} in .kontrak/mock-credentials.json`,
        { hint: 'choose another clientId', ...(args.partners !== undefined ? { file: args.partners } : {}) },
      ),
    );
  }
  // Checked as the current provider files sign, whatever the stored file says.
  // Inbound providers (mock: partner) are served by `kontrak partner`, not by the bank.
  const partners = [...stored.partners.filter((p) => p.provider !== 'partner'), ...registered].map(
    (p): MockPartner => {
      const signing = policyFor(project, p.provider);
      const rest: MockPartner = { ...p };
      delete rest.signing;
      return signing ? { ...rest, signing } : rest;
    },
  );
  const started = await startedOr(
    startMockBank({
      projectRoot: project.root,
      cacheDir: io.env.KONTRAK_CACHE_DIR,
      host: args.host,
      port: args.port,
      partners,
      log: (line) => {
        io.out(`mock: ${line}`);
      },
    }),
    args.host,
    args.port,
  );
  if (!started.ok) return fail(io, started.diagnostic);
  const mock = started.server;
  const values = stored.values.map((v) => (v.key.endsWith('_base_url') ? { ...v, value: mock.url } : v));
  const envPath = join(outDir, 'mock.postman_environment.json');
  // Throwaway keys made for this mock only: the environment carries them so Postman can sign.
  report(io, keysNotIgnored(io.cwd, envPath));
  await writeOwnerOnly(
    envPath,
    `${JSON.stringify(renderEnvironment('mock', values, true, MOCK_ENVIRONMENT_ID), null, 2)}\n`,
  );
  io.out(`kontrak mock bank listening on ${mock.url}`);
  for (const provider of [...project.providers.values()].filter((p) => !isPartner(p))) {
    const clientId = values.find((v) => v.key === providerVariable(provider.name, 'client_id'))?.value;
    io.out(
      `  ${provider.name} (${emulationOf(provider)} emulation): ${mock.url}${clientId ? `  client id ${clientId}` : ''}`,
    );
  }
  if (registered.length > 0) {
    io.out(`Registered partners (${args.partners ?? ''}):`);
    const byClient = new Map<string, string[]>();
    for (const p of registered) byClient.set(p.clientId, [...(byClient.get(p.clientId) ?? []), p.provider]);
    for (const [clientId, emulations] of byClient) io.out(`  ${clientId}: ${emulations.join(', ')}`);
  }
  io.out(`Postman environment: ${envPath}${args.fresh ? ' (new keys: import it again)' : ''}`);
  io.out(
    `Start over: POST ${mock.url}${RESET_PATH} resets the bank to its seed data; --fresh also makes new keys.`,
  );
  io.out('Press Ctrl+C to stop.');
  await args.until;
  await mock.close();
  return EXIT.OK;
}
