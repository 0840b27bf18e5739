import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { resolveRemoteValues, type EnvValue } from '../../env/values.ts';
import type { Environment, Project } from '../../model/types.ts';
import { signerScript } from '../../render/bundle-signer.ts';
import { renderEnvironment } from '../../render/environment.ts';
import { renderCollection } from '../../render/postman.ts';
import { providerVariable } from '../../model/types.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { globMatcher, loadAll, type Io } from '../context.ts';
import { must } from '../../must.ts';

export interface RenderArgs {
  out: string;
  suite?: string;
  includeSecrets: boolean;
  mockUrl: string;
}

/** Environment values as a template: remote ones from the process, the mock's pointing at `kontrak mock`. */
function templateValues(project: Project, environment: Environment, io: Io, mockUrl: string): EnvValue[] {
  const providers = [...project.providers.values()];
  const resolved =
    resolveRemoteValues({
      environment,
      providers,
      processEnv: environment.kind === 'mock' ? {} : io.env,
      lenient: true,
    }).value ?? [];
  if (environment.kind !== 'mock') return resolved;
  const baseKeys = new Set(providers.map((p) => providerVariable(p.name, 'base_url')));
  return resolved.map((v) => (baseKeys.has(v.key) ? { ...v, value: mockUrl } : v));
}

/** `kontrak render`: Postman collections (for import, with their tests) and environments. */
export async function renderCommand(io: Io, args: RenderArgs): Promise<ExitCode> {
  const loaded = loadAll(io);
  if (!loaded) return EXIT.INVALID_INPUT;
  const { project } = loaded;
  const outDir = resolve(io.cwd, args.out);
  await mkdir(outDir, { recursive: true });
  const script = await signerScript();
  const matches = globMatcher(args.suite);
  for (const suite of project.suites.filter((s) => matches(s.name))) {
    const provider = must(project.providers.get(suite.provider), `provider ${suite.provider}`);
    const collection = renderCollection({ suite, provider, signerScript: script, forPostman: true });
    const path = join(outDir, `${suite.name}.postman_collection.json`);
    await writeFile(path, `${JSON.stringify(collection, null, 2)}\n`);
    io.out(`collection: ${path}`);
  }
  for (const environment of project.environments.values()) {
    const values = templateValues(project, environment, io, args.mockUrl);
    const path = join(outDir, `${environment.name}.postman_environment.json`);
    await writeFile(
      path,
      `${JSON.stringify(renderEnvironment(environment.name, values, args.includeSecrets), null, 2)}\n`,
    );
    io.out(
      `environment: ${path}${args.includeSecrets ? ' (with secret values)' : ' (secret values left empty)'}`,
    );
  }
  return EXIT.OK;
}
