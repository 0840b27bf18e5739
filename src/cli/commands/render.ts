import { chmod, readFile, writeFile } from 'node:fs/promises';
import { makeFolder, notAFolder } from '../../folders.ts';
import { join, resolve } from 'node:path';
import { resolveRemoteValues, type EnvValue } from '../../env/values.ts';
import type { Environment, Project } from '../../model/types.ts';
import type { SchemaRegistry } from '../../schemas/registry.ts';
import { MOCK_ENVIRONMENT_ID, renderEnvironment } from '../../render/environment.ts';
import { exportCollection } from '../../render/export.ts';
import type { PostmanEnvironment } from '../../render/postman-types.ts';
import { isPartner, providerVariable } from '../../model/types.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { fail, globMatcher, loadAll, report, type Io } from '../context.ts';
import { error, warning } from '../../diagnostics/diagnostic.ts';
import { gitWouldIgnore } from '../secret-out.ts';

export interface RenderArgs {
  out: string;
  suite?: string;
  includeSecrets: boolean;
  /** Write secrets even where git would not ignore them. */
  force?: boolean;
  mockUrl: string;
  /** postman (default): Collection v2.1 files; opencollection: Bruno collection folders. */
  format?: 'postman' | 'opencollection';
}

/** Where `kontrak partner` listens by default. */
const PARTNER_URL = 'http://127.0.0.1:4020';

/** Environment values as a template: remote ones from the process, the mock's pointing at `kontrak mock`. */
function templateValues(project: Project, environment: Environment, io: Io, mockUrl: string): EnvValue[] {
  // An environment that serves some providers only (`partner`) carries only their values.
  const providers = [...project.providers.values()].filter(
    (p) => !environment.providers || environment.providers.includes(p.name),
  );
  const resolved =
    resolveRemoteValues({
      environment,
      providers,
      processEnv: environment.kind === 'mock' ? {} : io.env,
      lenient: true,
    }).value ?? [];
  if (environment.kind !== 'mock') return resolved;
  const baseKeys = new Set(providers.map((p) => providerVariable(p.name, 'base_url')));
  // Inbound providers point at `kontrak partner` (port 4020), the others at `kontrak mock`.
  const partnerKeys = new Set(
    providers.filter((p) => isPartner(p)).map((p) => providerVariable(p.name, 'base_url')),
  );
  return resolved.map((v) =>
    partnerKeys.has(v.key)
      ? { ...v, value: PARTNER_URL }
      : baseKeys.has(v.key)
        ? { ...v, value: mockUrl }
        : v,
  );
}

/**
 * Why an environment file must not be replaced by a template, if so: it holds secret values
 * (written by `kontrak mock` with its keys, or filled in by hand) that the template would empty.
 */
async function keepReason(path: string, includeSecrets: boolean): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined; // nothing there yet
  }
  try {
    const existing = JSON.parse(text) as Partial<PostmanEnvironment>;
    const filled = (existing.values ?? []).filter((v) => v.type === 'secret' && v.value !== '');
    if (existing.id === MOCK_ENVIRONMENT_ID)
      return 'written by `kontrak mock` with the keys of the mock bank it started';
    if (!filled.length || includeSecrets) return undefined;
    return `its secret values are filled in (${filled.map((v) => v.key).join(', ')}); delete it to start again`;
  } catch {
    return 'it is not a Postman environment kontrak wrote';
  }
}

/** What an environment file holds of its secrets, said after its path. */
function secretsNote(values: readonly EnvValue[], includeSecrets: boolean): string {
  if (!includeSecrets) return 'secret values left empty';
  const set = values.filter((v) => v.secret && v.value !== '').length;
  const secrets = values.filter((v) => v.secret).length;
  if (set === 0) return 'no secret value is set here, so none was written';
  return set === secrets
    ? 'with secret values'
    : `with ${set} of ${secrets} secret values; the others are not set`;
}

/** `kontrak render --format opencollection`: Bruno keeps secrets out of its files, so they never go in. */
async function renderBruno(
  io: Io,
  args: RenderArgs,
  project: Project,
  schemas: SchemaRegistry,
  outDir: string,
): Promise<ExitCode> {
  if (args.includeSecrets)
    return fail(
      io,
      error('E_USAGE', '--include-secrets does not apply to --format opencollection', {
        hint: 'Bruno keeps secret values out of its environment files: give each with bru run --env-var <name>=<value>',
      }),
    );
  const folder = makeFolder(outDir);
  if (!folder.ok) return fail(io, notAFolder(args.out, folder.reason));
  const environments = new Map(
    [...project.environments.values()].map((e) => [e.name, templateValues(project, e, io, args.mockUrl)]),
  );
  const { writeOpenCollections } = await import('./render-opencollection.ts');
  await writeOpenCollections(io, {
    project,
    schemas,
    outDir,
    matches: globMatcher(args.suite),
    environments,
  });
  return EXIT.OK;
}

/** `kontrak render`: Postman collections (for import, with their checks) and environments. */
export async function renderCommand(io: Io, args: RenderArgs): Promise<ExitCode> {
  const loaded = loadAll(io);
  if (!loaded) return EXIT.INVALID_INPUT;
  const { project, schemas } = loaded;
  const outDir = resolve(io.cwd, args.out);
  if (args.format === 'opencollection') return renderBruno(io, args, project, schemas, outDir);
  if (args.includeSecrets) {
    const probe = join(outDir, 'sandbox.postman_environment.json');
    if (!gitWouldIgnore(io.cwd, probe) && !args.force) {
      return fail(
        io,
        error(
          'E_SECRETS_NOT_IGNORED',
          `--include-secrets would write credentials into ${outDir}, which git does not ignore`,
        ),
      );
    }
    report(io, [
      warning(
        'W_SECRETS_IN_CLEAR',
        `--include-secrets writes credentials in clear into the environment files under ${outDir}`,
      ),
    ]);
  }
  const folder = makeFolder(outDir);
  if (!folder.ok) return fail(io, notAFolder(args.out, folder.reason));
  const matches = globMatcher(args.suite);
  for (const suite of project.suites.filter((s) => matches(s.name))) {
    const provider = project.providers.get(suite.provider);
    if (!provider)
      throw new Error(`suite ${suite.name} names provider ${suite.provider}, which is not loaded`);
    const collection = await exportCollection(suite, provider, schemas);
    const path = join(outDir, `${suite.name}.postman_collection.json`);
    await writeFile(path, `${JSON.stringify(collection, null, 2)}\n`);
    io.out(`collection: ${path}`);
  }
  for (const environment of project.environments.values()) {
    const values = templateValues(project, environment, io, args.mockUrl);
    const path = join(outDir, `${environment.name}.postman_environment.json`);
    const mode = args.includeSecrets ? 0o600 : 0o644;
    const keep = await keepReason(path, args.includeSecrets);
    if (keep) {
      io.out(`environment: ${path} kept, not overwritten: ${keep}`);
      continue;
    }
    await writeFile(
      path,
      `${JSON.stringify(renderEnvironment(environment.name, values, args.includeSecrets), null, 2)}\n`,
      { mode },
    );
    // writeFile's mode applies only to a new file: an older one keeps its own unless set.
    if (args.includeSecrets) await chmod(path, mode);
    io.out(`environment: ${path} (${secretsNote(values, args.includeSecrets)})`);
  }
  return EXIT.OK;
}
