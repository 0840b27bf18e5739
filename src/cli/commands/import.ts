/** `kontrak import`: suites from other tools' material, written all at once or not at all. */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { error, warning, type Diagnostic } from '../../diagnostics/diagnostic.ts';
import { closest } from '../../diagnostics/suggest.ts';
import { importCurl } from '../../import/curl.ts';
import { importDanaUat } from '../../import/dana-uat.ts';
import { importPostman } from '../../import/postman.ts';
import type { Imported } from '../../import/types.ts';
import { planFiles, writeAll } from '../../import/write.ts';
import { loadProject } from '../../load/project.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { fail, report, type Io } from '../context.ts';

export interface ImportArgs {
  kind: string;
  source: string;
  out: string;
  force: boolean;
  provider?: string;
}

const KINDS = ['dana-uat', 'postman', 'curl'] as const;

function readSource(path: string, shown: string): { text: string } | Diagnostic {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (e) {
    return error(
      'E_IMPORT_INPUT',
      `cannot read ${shown}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      { file: shown },
    );
  }
}

export function importCommand(io: Io, args: ImportArgs): ExitCode {
  if (!(KINDS as readonly string[]).includes(args.kind)) {
    const guess = closest(args.kind, KINDS);
    return fail(
      io,
      error('E_USAGE', `kontrak import reads ${KINDS.join(', ')}, not "${args.kind}"`, {
        hint: guess ? `did you mean "${guess}"?` : `kontrak import ${KINDS.join('|')} <file>`,
      }),
    );
  }
  // The providers the suites name: their headers are theirs to send, and the name must exist.
  const project = loadProject(io.cwd).value;
  const providerHeaders = (name: string): ReadonlySet<string> =>
    new Set(Object.keys(project?.providers.get(name)?.headers ?? {}).map((h) => h.toLowerCase()));
  const path = resolve(io.cwd, args.source);
  const shown = relative(io.cwd, path) || args.source;
  let imported: Imported;
  if (args.kind === 'dana-uat') {
    imported = importDanaUat(path, shown);
  } else {
    const source = readSource(path, shown);
    if (!('text' in source)) return fail(io, source);
    if (args.kind === 'postman') {
      imported = importPostman({
        file: shown,
        text: source.text,
        ...(args.provider ? { provider: args.provider } : {}),
        providerHeaders,
      });
    } else {
      if (!args.provider)
        return fail(
          io,
          error('E_USAGE', 'kontrak import curl needs --for: curl does not say which provider signs', {
            hint: `kontrak import curl ${args.source} --for <provider>`,
          }),
        );
      imported = importCurl({
        file: shown,
        text: source.text,
        provider: args.provider,
        providerHeaders: providerHeaders(args.provider),
      });
    }
  }
  const diagnostics = [...imported.diagnostics];
  if (project)
    for (const name of new Set(imported.suites.map((s) => s.suite.provider ?? ''))) {
      if (!project.providers.has(name))
        diagnostics.push(
          warning(
            'W_IMPORT_LEFT_OUT',
            `the imported suites name provider ${name}, which collections/ does not hold yet`,
            {
              hint: `add collections/<dir>/provider.yaml for ${name} before kontrak validate`,
            },
          ),
        );
    }
  const out = resolve(io.cwd, args.out);
  const plan = planFiles(imported.suites, out, io.cwd, args.force);
  diagnostics.push(...plan.diagnostics);
  if (report(io, diagnostics)) {
    io.err('nothing was written');
    return EXIT.INVALID_INPUT;
  }
  if (!plan.files.length)
    return fail(io, error('E_IMPORT_INPUT', `${shown} holds no request kontrak can import`, { file: shown }));
  const failed = writeAll(plan.files, out, args.out);
  if (failed) return fail(io, failed);
  const requests = imported.suites.reduce((n, s) => n + s.suite.requests.length, 0);
  for (const file of plan.files) io.out(`suite: ${file.shown}`);
  io.out(`imported ${imported.suites.length} suite(s), ${requests} request(s) from ${shown}`);
  return EXIT.OK;
}
