import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateMockCredentials, type EnvValue, type MockCredentials } from '../../env/values.ts';
import { RESET_PATH } from '../../mock/control.ts';
import { startMockBank } from '../../mock/server.ts';
import { MOCK_ENVIRONMENT_ID, renderEnvironment } from '../../render/environment.ts';
import { providerVariable, type Project } from '../../model/types.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { loadAll, type Io } from '../context.ts';

export interface MockArgs {
  port: number;
  host: string;
  out: string;
  /** New throwaway keys instead of the stored ones (the bank's state always starts from its seed). */
  fresh: boolean;
  /** Resolves when the server should stop (signal handling lives in main). */
  until: Promise<void>;
}

interface StoredCredentials {
  values: EnvValue[];
  partners: MockCredentials[];
}

/** The standalone mock keeps its throwaway keys (git-ignored) so an imported environment keeps working. */
async function credentials(io: Io, project: Project, renew: boolean): Promise<StoredCredentials> {
  const dir = join(io.cwd, '.kontrak');
  const path = join(dir, 'mock-credentials.json');
  const providers = [...project.providers.values()];
  if (!renew && existsSync(path)) {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as StoredCredentials;
    // Keys are kept per provider (its variables), whatever emulation it runs against.
    if (providers.every((p) => stored.values.some((v) => v.key === providerVariable(p.name, 'base_url'))))
      return stored;
  }
  const fresh = generateMockCredentials(providers, '');
  await mkdir(dir, { recursive: true });
  await writeFile(path, JSON.stringify(fresh), { mode: 0o600 });
  return fresh;
}

/** `kontrak mock`: the mock bank, standalone, for Postman and manual runs. */
export async function mockCommand(io: Io, args: MockArgs): Promise<ExitCode> {
  const loaded = loadAll(io);
  if (!loaded) return EXIT.INVALID_INPUT;
  const stored = await credentials(io, loaded.project, args.fresh);
  const mock = await startMockBank({ host: args.host, port: args.port, partners: stored.partners });
  const values = stored.values.map((v) => (v.key.endsWith('_base_url') ? { ...v, value: mock.url } : v));
  const outDir = resolve(io.cwd, args.out);
  await mkdir(outDir, { recursive: true });
  const envPath = join(outDir, 'mock.postman_environment.json');
  // Throwaway keys made for this mock only: the environment carries them so Postman can sign.
  await writeFile(
    envPath,
    `${JSON.stringify(renderEnvironment('mock', values, true, MOCK_ENVIRONMENT_ID), null, 2)}\n`,
  );
  io.out(`kontrak mock bank listening on ${mock.url}`);
  for (const provider of loaded.project.providers.values()) {
    const clientId = values.find((v) => v.key === providerVariable(provider.name, 'client_id'))?.value;
    io.out(
      `  ${provider.name} (${provider.mock ?? provider.name} emulation): ${mock.url}${clientId ? `  client id ${clientId}` : ''}`,
    );
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
