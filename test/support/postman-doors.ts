/**
 * Runs an exported collection the ways QA does, outside kontrak: the newman CLI (postman-sandbox
 * 4.7.1) as a separate process, and postman-runtime 7.56 (postman-sandbox 6.7.4, what the Postman
 * app runs) in process. Both give the verdict of each request by its name.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { runProcess } from './cli.ts';
import { REPO_ROOT } from './project.ts';

const require = createRequire(import.meta.url);

/** `value`, which the test cannot go on without. */
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} is missing`);
  return value;
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/** One request as a Postman runner saw it: its tests and whether it was sent. */
export interface DoorRequest {
  name: string;
  /** HTTP status, or undefined when the request was not sent. */
  status?: number;
  tests: Array<{ name: string; error?: string }>;
}

export interface DoorRun {
  /** Exit code of the process (newman); 1 or 0 from the failures for the runtime. */
  code: number | null;
  stdout: string;
  requests: DoorRequest[];
  /** Tests that failed, across the run (pre-request ones included). */
  failures: Array<{ request: string; test: string; error: string }>;
}

interface NewmanJson {
  run: {
    executions: Array<{
      item: { name: string };
      response?: { code: number };
      assertions?: Array<{ assertion: string; error?: { message: string } }>;
    }>;
    failures: Array<{ source?: { name?: string }; error: { test?: string; message: string } }>;
  };
}

/** `newman run <collection> -e <environment>` in its own process, with the json reporter. */
export async function runNewmanCli(
  collectionPath: string,
  envPath: string,
  outDir: string,
): Promise<DoorRun> {
  const reportPath = `${collectionPath}.newman.json`;
  const newman = join(REPO_ROOT, 'node_modules', 'newman', 'bin', 'newman.js');
  const result = await runProcess(
    process.execPath,
    [
      newman,
      'run',
      collectionPath,
      '-e',
      envPath,
      '--color',
      'off',
      '--reporters',
      'cli,json',
      '--reporter-json-export',
      reportPath,
    ],
    { cwd: outDir },
  );
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as NewmanJson;
  return {
    code: result.code,
    stdout: result.stdout + result.stderr,
    requests: report.run.executions.map((e) => ({
      name: e.item.name,
      ...(e.response ? { status: e.response.code } : {}),
      tests: (e.assertions ?? []).map((a) => ({
        name: a.assertion,
        ...(a.error ? { error: a.error.message } : {}),
      })),
    })),
    failures: report.run.failures.map((f) => ({
      request: f.source?.name ?? '',
      test: f.error.test ?? '',
      error: f.error.message,
    })),
  };
}

interface RuntimeAssertion {
  name: string;
  error?: { message: string } | null;
}

/** The same collection in postman-runtime 7.56.1, whose sandbox is postman-sandbox 6.7.4. */
export function runInRuntime7(collection: object, environment: object): Promise<DoorRun> {
  const runtime = require('postman-runtime-7') as { Runner: new () => RuntimeRunner };
  const sdk = require('postman-runtime-7/node_modules/postman-collection') as {
    Collection: new (json: object) => object;
    VariableScope: new (json: object) => object;
  };
  const byItem = new Map<string, DoorRequest>();
  const order: DoorRequest[] = [];
  const entry = (name: string, id: string): DoorRequest => {
    let r = byItem.get(id);
    if (!r) {
      r = { name, tests: [] };
      byItem.set(id, r);
      order.push(r);
    }
    return r;
  };
  return new Promise((resolve, reject) => {
    new runtime.Runner().run(
      new sdk.Collection(collection),
      { environment: new sdk.VariableScope(environment), timeout: { request: 10_000, script: 10_000 } },
      (err, run) => {
        if (err) {
          reject(asError(err));
          return;
        }
        run.start({
          assertion: (cursor, assertions) => {
            const r = entry(cursor.ref, cursor.ref);
            for (const a of assertions)
              r.tests.push({ name: a.name, ...(a.error ? { error: a.error.message } : {}) });
          },
          prerequest: (_e, cursor, _results, item) => {
            const r = entry(item.name, cursor.ref);
            r.name = item.name;
          },
          request: (_e, cursor, response, _request, item) => {
            const r = entry(item.name, cursor.ref);
            r.name = item.name;
            if (response) r.status = response.code;
          },
          done: (e) => {
            if (e) {
              reject(asError(e));
              return;
            }
            const failures = order.flatMap((r) =>
              r.tests
                .filter((t) => t.error)
                .map((t) => ({ request: r.name, test: t.name, error: t.error ?? '' })),
            );
            resolve({ code: failures.length ? 1 : 0, stdout: '', requests: order, failures });
          },
        });
      },
    );
  });
}

interface RuntimeCursor {
  ref: string;
}
interface RuntimeRunner {
  run(
    collection: object,
    options: object,
    cb: (
      err: unknown,
      run: {
        start(callbacks: {
          assertion(cursor: RuntimeCursor, assertions: RuntimeAssertion[]): void;
          prerequest(err: unknown, cursor: RuntimeCursor, results: unknown, item: { name: string }): void;
          request(
            err: unknown,
            cursor: RuntimeCursor,
            response: { code: number } | undefined,
            request: unknown,
            item: { name: string },
          ): void;
          done(err: unknown): void;
        }): void;
      },
    ) => void,
  ): void;
}
