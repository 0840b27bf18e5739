/**
 * `kontrak evidence <results.json|dir>… --bank … --out <dir>` builds a certification evidence
 * pack from earlier runs; `kontrak evidence verify <dir>` re-checks a pack's manifest. The run
 * command's `evidence` reporter writes through the same `writeEvidence` (../evidence-output.ts).
 */
import { resolve } from 'node:path';
import { mergeResults } from '../../report/merge.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { fail, report, type Io } from '../context.ts';
import { printableLines } from '../printable.ts';
import { error } from '../../diagnostics/diagnostic.ts';
import { loadProject } from '../../load/project.ts';
import { evidenceMeta, parseBanks, projectSecrets, writeEvidence } from '../evidence-output.ts';
import { readResults } from '../results-files.ts';

export interface EvidenceArgs {
  /** Results to build from, or `verify <dir>`. */
  inputs: string[];
  out: string;
  bank?: string;
  providerName?: string;
  partnerName?: string;
  env?: string;
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
  const { verifyEvidencePack, DEFAULT_PACK_LIMITS } = await import('../../report/evidence/verify.ts');
  const outcome = await verifyEvidencePack(resolve(io.cwd, dir), DEFAULT_PACK_LIMITS);
  // Paths and labels come from the manifest, which anyone may have edited: shown inert.
  const shown = printableLines(io);
  for (const change of outcome.changes) shown.out(`CHANGED ${change}`);
  if (outcome.packHash) shown.out(`evidence verify: pack hash ${outcome.packHash}`);
  if (report(io, outcome.diagnostics)) return EXIT.INVALID_INPUT;
  shown.out(
    outcome.changes.length
      ? `evidence verify: ${outcome.changes.length} change(s) in ${dir}`
      : `evidence verify: intact (${outcome.checkedFiles} files, ${outcome.checkedRows} rows)`,
  );
  return outcome.changes.length ? EXIT.CHECK_FAILED : EXIT.OK;
}

export async function evidenceCommand(io: Io, args: EvidenceArgs): Promise<ExitCode> {
  if (args.inputs[0] === 'verify') return verify(io, args.inputs.slice(1));
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
