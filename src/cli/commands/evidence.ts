/**
 * `kontrak evidence <results.json|dir>… --bank … --out <dir>` builds a certification evidence
 * pack from earlier runs; `kontrak evidence verify <dir>` re-checks a pack's manifest. The run
 * command's `evidence` reporter goes through `writeEvidence` too.
 */
import { relative, resolve } from 'node:path';
import { makeFolder, notAFolder } from '../../folders.ts';
import type { RunResult } from '../../model/results.ts';
import { processVariable, type Project } from '../../model/types.ts';
import { mergeResults } from '../../report/merge.ts';
import { BANKS, type Bank } from '../../report/evidence/files.ts';
import type { EvidenceMeta } from '../../report/evidence/meta.ts';
import { secretsFromEnvironment, type KnownSecret } from '../../report/evidence/policy.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { fail, report, type Io } from '../context.ts';
import { printableLines } from '../printable.ts';
import { error } from '../../diagnostics/diagnostic.ts';
import { loadProject } from '../../load/project.ts';
import { readResults } from './merge.ts';

export interface EvidenceArgs {
  /** Results to build from, or `verify <dir>`. */
  inputs: string[];
  out: string;
  bank?: string;
  providerName?: string;
  partnerName?: string;
  env?: string;
}

/** `--bank bri,mandiri` → banks; every bank when not given; undefined (after saying why) for an unknown one. */
export function parseBanks(io: Io, text: string | undefined): Bank[] | undefined {
  if (text === undefined || text.trim() === '') return [...BANKS];
  const names = text
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const unknown = names.filter((b) => !(BANKS as readonly string[]).includes(b));
  if (unknown.length) {
    fail(
      io,
      error('E_OPTION_VALUE', `unknown bank "${unknown.join(', ')}"`, {
        hint: `use any of: ${BANKS.join(', ')}`,
      }),
    );
    return undefined;
  }
  return names as Bank[];
}

/** Provider and partner names: flags first, then the environment YAML. */
export function evidenceMeta(
  project: Project | undefined,
  environment: string,
  flags: Pick<EvidenceArgs, 'providerName' | 'partnerName'>,
): EvidenceMeta {
  const fromYaml = project?.environments.get(environment)?.evidence ?? {};
  const providerName = flags.providerName ?? fromYaml.providerName;
  const partnerName = flags.partnerName ?? fromYaml.partnerName;
  return { ...(providerName ? { providerName } : {}), ...(partnerName ? { partnerName } : {}) };
}

/** Every secret credential variable of the project that is set in the process environment. */
export function projectSecrets(project: Project | undefined, env: Io['env']): KnownSecret[] {
  const names = [...(project?.providers.values() ?? [])].flatMap((p) =>
    p.credentials.filter((c) => c.secret).map((c) => processVariable(p.name, c.field)),
  );
  return secretsFromEnvironment(names, env);
}

/** Writes the pack and prints what was written; an exit code when it was refused. */
export async function writeEvidence(
  io: Io,
  result: RunResult,
  options: { outDir: string; banks: Bank[]; meta: EvidenceMeta; secrets: KnownSecret[] },
): Promise<ExitCode | undefined> {
  const { writeEvidencePack, EvidenceRefused } = await import('../../report/evidence/pack.ts');
  const folder = makeFolder(options.outDir);
  if (!folder.ok)
    return fail(io, notAFolder(relative(io.cwd, options.outDir) || options.outDir, folder.reason));
  try {
    const written = await writeEvidencePack(result, { ...options, env: io.env });
    const shown = printableLines(io);
    shown.out(`evidence: ${written.rows} rows in ${options.outDir} (${options.banks.join(', ')})`);
    for (const note of written.notes) shown.out(`evidence: ${note}`);
    return undefined;
  } catch (e) {
    if (e instanceof EvidenceRefused) {
      return fail(io, error('E_EVIDENCE_SECRET', e.message));
    }
    throw e;
  }
}

async function verify(io: Io, dirs: string[]): Promise<ExitCode> {
  const [dir] = dirs;
  if (dir === undefined || dirs.length !== 1) {
    return fail(
      io,
      error('E_USAGE', 'evidence verify needs exactly one directory', {
        hint: 'kontrak evidence verify reports/evidence',
      }),
    );
  }
  const { verifyEvidencePack } = await import('../../report/evidence/verify.ts');
  const outcome = await verifyEvidencePack(resolve(io.cwd, dir));
  if (outcome.error) {
    return fail(io, error('E_EVIDENCE', outcome.error));
  }
  // Paths and labels come from the manifest, which anyone may have edited.
  const shown = printableLines(io);
  for (const change of outcome.changes) shown.out(`CHANGED ${change}`);
  shown.out(
    outcome.changes.length
      ? `evidence verify: ${outcome.changes.length} change(s) in ${dir}`
      : `evidence verify: intact (${outcome.checkedFiles} files, ${outcome.checkedRows} rows)`,
  );
  return outcome.changes.length ? EXIT.CHECK_FAILED : EXIT.OK;
}

export async function evidenceCommand(io: Io, args: EvidenceArgs): Promise<ExitCode> {
  if (args.inputs[0] === 'verify') return verify(io, args.inputs.slice(1));
  if (args.inputs.length === 0) {
    return fail(
      io,
      error('E_USAGE', 'evidence needs results to build from', {
        hint: 'kontrak evidence <results.json|dir>… --bank bri --out <dir>, or kontrak evidence verify <dir>',
      }),
    );
  }
  const banks = parseBanks(io, args.bank);
  if (!banks) return EXIT.USAGE;
  const runs = await readResults(io, args.inputs);
  if (!runs) return EXIT.INVALID_INPUT;
  const merged = mergeResults(runs);
  if (report(io, merged.diagnostics) || !merged.value) return EXIT.INVALID_INPUT;
  const result = merged.value;
  // The collections, when there are any here: they hold the environment's names and the credential variables.
  const loaded = loadProject(io.cwd);
  const project = loaded.value;
  const meta = evidenceMeta(project, args.env ?? result.environment, args);
  const refused = await writeEvidence(io, result, {
    outDir: resolve(io.cwd, args.out),
    banks,
    meta,
    secrets: projectSecrets(project, io.env),
  });
  return refused ?? EXIT.OK;
}
