import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readInputFile, walkFiles } from '../input-files.ts';
import { error, hasErrors, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.ts';
import { isPartner, type Environment, type Project, type Provider, type Suite } from '../model/types.ts';
import { applyBankProfile } from './bank.ts';
import { loadBankRegistry, profilesOf } from './bank-profiles.ts';
import { buildFile } from './build.ts';
import { resolveSuites } from './resolve-suites.ts';
import { expandNegatives, staleVariantsOf } from '../model/negatives.ts';
import { withRealPayloads } from '../model/payload-quirks.ts';
import { LARGE_FILE_BYTES, parseYaml } from './parse.ts';
import { validateFormat } from './validate.ts';
import { lintRequests, schemaPathProblem } from './lint-requests.ts';
import { checkCapturePaths } from './capture-paths.ts';
import { assetDirs } from '../project/assets.ts';
import { must } from '../must.ts';

/** The built-in environment: the embedded mock bank. */
export const MOCK_ENVIRONMENT: Environment = { name: 'mock', kind: 'mock' };

/** Checks that need every file: references between files, unique names, schema files present. */
function crossCheck(project: Project, schemaDirs: readonly string[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const suiteNames = new Map<string, Suite>();
  for (const suite of project.suites) {
    const earlier = suiteNames.get(suite.name);
    if (earlier) {
      diagnostics.push(
        error(
          'E_DUPLICATE_SUITE',
          `suite "${suite.name}" is also defined in ${earlier.source.file}:${earlier.source.line}`,
          {
            ...suite.source,
            hint: 'suite names must be unique; rename one of them',
          },
        ),
      );
    }
    suiteNames.set(suite.name, suite);
    const requestNames = new Set<string>();
    for (const request of suite.requests) {
      if (requestNames.has(request.name)) {
        diagnostics.push(
          error(
            'E_DUPLICATE_REQUEST',
            `request name "${request.name}" is used twice in suite "${suite.name}"`,
            {
              ...request.source,
              hint: 'request names identify results in reports; make them unique within the suite',
            },
          ),
        );
      }
      requestNames.add(request.name);
      // The schema as written; a bank's own schema derived from it is not a file (src/model/overlay.ts).
      const schema = request.contract?.base ?? request.expect.schema;
      // A path leaving schemas/ is refused on its own (lint-requests.ts), never looked up.
      if (schema && !schemaPathProblem(schema) && !schemaDirs.some((dir) => existsSync(join(dir, schema)))) {
        diagnostics.push(
          error('E_SCHEMA_NOT_FOUND', `response schema "${schema}" does not exist under schemas/`, {
            ...(request.places?.['expect.schema'] ?? request.source),
            hint: 'the path is relative to the schemas/ folder',
          }),
        );
      }
    }
  }
  return diagnostics;
}

function sortByPlace(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}

export interface LoadOptions {
  /** Where kontrak was started: diagnostics show paths relative to it (default `root`). */
  cwd?: string;
  /** Called between files, when most of what parsing allocated is garbage (the CLI's GC hint). */
  releaseMemory?: () => void;
}

/**
 * Load and validate every YAML file under `<root>/collections`, with the bank profiles of kontrak
 * and of `<root>/banks`.
 */
export function loadProject(root: string, options: LoadOptions = {}): Outcome<Project> {
  const cwd = options.cwd ?? root;
  const project: Project = {
    root,
    providers: new Map<string, Provider>(),
    suites: [],
    environments: new Map([[MOCK_ENVIRONMENT.name, MOCK_ENVIRONMENT]]),
  };
  const diagnostics: Diagnostic[] = [];
  const collections = join(root, 'collections');
  const walked = existsSync(collections)
    ? walkFiles(root, collections, /\.ya?ml$/, cwd)
    : { files: [], diagnostics: [] };
  diagnostics.push(...walked.diagnostics);
  const files = walked.files;
  if (files.length === 0 && walked.diagnostics.length === 0) {
    diagnostics.push(
      error('E_NO_COLLECTIONS', `no YAML files under ${join(root, 'collections')}`, {
        hint: 'run kontrak from the project root, or create collections/<provider>/*.yaml',
      }),
    );
  }
  for (const path of files) {
    const file = relative(cwd, path) || path;
    const read = readInputFile(path, cwd);
    diagnostics.push(...read.diagnostics);
    if (read.text === undefined) continue;
    const { parsed, diagnostics: syntax } = parseYaml(
      file,
      read.text,
      LARGE_FILE_BYTES,
      options.releaseMemory,
    );
    diagnostics.push(...syntax);
    if (hasErrors(syntax)) continue;
    const checked = validateFormat(parsed);
    diagnostics.push(...checked.diagnostics);
    if (!checked.value) continue;
    const loaded = buildFile(parsed, checked.value);
    if (loaded.kind === 'provider') project.providers.set(loaded.value.name, loaded.value);
    else if (loaded.kind === 'suite') project.suites.push(loaded.value);
    else project.environments.set(loaded.value.name, loaded.value);
    options.releaseMemory?.(); // a parsed YAML document is ~20× its file; hundreds of them add up
  }
  // The project's banks/ join the shipped profiles; a broken profile is reported where it is written.
  const registry = loadBankRegistry(root);
  diagnostics.push(...registry.diagnostics.map((d) => (d.file ? { ...d, file: relative(cwd, d.file) } : d)));
  const banks = profilesOf(registry);
  for (const [name, provider] of project.providers) {
    const withBank = applyBankProfile(provider, banks);
    diagnostics.push(...withBank.diagnostics);
    project.providers.set(name, must(withBank.value, `provider ${name} with its bank profile`));
  }
  const resolved = resolveSuites(project.suites, project.providers, banks);
  diagnostics.push(...resolved.diagnostics);
  project.suites = resolved.value ?? [];
  diagnostics.push(...crossCheck(project, assetDirs('schemas', root)));
  diagnostics.push(...lintRequests(project));
  diagnostics.push(...checkCapturePaths(project, assetDirs('schemas', root)));
  let staleStart = 0;
  project.suites = project.suites.map((suite) => {
    const provider = project.providers.get(suite.provider);
    if (!provider) return suite;
    const expanded = expandNegatives(suite, provider, staleStart);
    staleStart += staleVariantsOf(suite);
    diagnostics.push(...expanded.diagnostics);
    return expanded.value ?? suite;
  });
  // Inbound suites also send each callback as the bank really sends it (kontrak run --clean-payloads: not).
  project.suites = withRealPayloads(project.suites, (name) => isPartner(project.providers.get(name) ?? {}));
  return { value: project, diagnostics: sortByPlace(diagnostics) };
}
