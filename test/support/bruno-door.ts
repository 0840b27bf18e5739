/**
 * Runs a suite's Bruno export the way a QA team does, outside kontrak: `kontrak render --format
 * opencollection`'s files in a folder, an environment file, the secrets with `--env-var`, and
 * `bru run` (@usebruno/cli) in its own process, in its default safe sandbox, with its JSON
 * reporter. Gives the verdict of each request by its name.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvValue } from '../../src/env/values.ts';
import type { Provider, Suite } from '../../src/model/types.ts';
import { exportOpenCollection } from '../../src/render/opencollection/export.ts';
import { renderOpenCollectionEnvironment } from '../../src/render/opencollection/environment.ts';
import type { SchemaRegistry } from '../../src/schemas/registry.ts';
import { runProcess } from './cli.ts';
import { REPO_ROOT } from './project.ts';

const BRU = join(REPO_ROOT, 'node_modules', '@usebruno', 'cli', 'bin', 'bru.js');

/** One test of a request, as Bruno reported it. */
export interface BrunoTest {
  description: string;
  status: string;
  error?: string;
}

/** One request as `bru run` saw it. */
export interface BrunoRequest {
  name: string;
  /** Bruno's status of the request: pass, fail, skipped or error. */
  status: string;
  /** HTTP status, or undefined when the request was not sent. */
  httpStatus?: number;
  tests: BrunoTest[];
  preRequestTests: BrunoTest[];
}

export interface BrunoRun {
  code: number | null;
  output: string;
  requests: BrunoRequest[];
}

/** The JSON reporter's file: one entry per iteration (one here). */
type BrunoJson = Array<{
  results: Array<{
    name: string;
    status: string;
    response?: { status?: unknown };
    testResults?: BrunoTest[];
    preRequestTestResults?: BrunoTest[];
  }>;
}>;

/**
 * A secret as `--env-var` takes it: Bruno reads one line, so a PEM key's line breaks are written
 * `\n`, which the signer reads back (scripts/der.ts).
 */
export const envVarValue = (value: string): string => value.replace(/\r?\n/g, '\\n');

/** Writes the suite's collection and an environment `door` into `folder`. */
export async function writeBrunoCollection(
  folder: string,
  suite: Suite,
  provider: Provider,
  schemas: SchemaRegistry,
  values: readonly EnvValue[],
): Promise<void> {
  mkdirSync(join(folder, 'environments'), { recursive: true });
  for (const file of await exportOpenCollection(suite, provider, schemas))
    writeFileSync(join(folder, file.path), file.text);
  writeFileSync(join(folder, 'environments', 'door.yml'), renderOpenCollectionEnvironment('door', values));
}

/** `bru run --env door --env-var <secret>=<value>…` in the collection's folder. */
export async function runBruno(folder: string, secrets: readonly EnvValue[]): Promise<BrunoRun> {
  const reportPath = join(folder, 'bru-report.json');
  const result = await runProcess(
    process.execPath,
    [
      BRU,
      'run',
      '--env',
      'door',
      '--sandbox',
      'safe',
      ...secrets.flatMap((s) => ['--env-var', `${s.key}=${envVarValue(s.value)}`]),
      '--reporter-json',
      reportPath,
    ],
    { cwd: folder },
  );
  const [iteration] = JSON.parse(readFileSync(reportPath, 'utf8')) as BrunoJson;
  if (!iteration) throw new Error(`bru run wrote no iteration: ${result.stdout}${result.stderr}`);
  return {
    code: result.code,
    output: result.stdout + result.stderr,
    requests: iteration.results.map((r) => ({
      name: r.name,
      status: r.status,
      ...(typeof r.response?.status === 'number' ? { httpStatus: r.response.status } : {}),
      tests: r.testResults ?? [],
      preRequestTests: r.preRequestTestResults ?? [],
    })),
  };
}

/** A request passed when it was sent, had tests, and every test before and after it passed. */
export const brunoPassed = (r: BrunoRequest): boolean =>
  r.httpStatus !== undefined &&
  r.status !== 'error' &&
  r.tests.length > 0 &&
  [...r.tests, ...r.preRequestTests].every((t) => t.status === 'pass');
