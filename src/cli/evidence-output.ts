/**
 * The certification evidence pack as the CLI writes it, for `kontrak evidence` and for the run's
 * `evidence` reporter: which banks, the names on the sheets, the secrets to keep out, the writing.
 */
import { relative } from 'node:path';
import type { RunResult } from '../model/results.ts';
import { processVariable, type Project } from '../model/types.ts';
import { BANKS, type Bank } from '../report/evidence/files.ts';
import type { EvidenceMeta } from '../report/evidence/meta.ts';
import { secretsFromEnvironment, type KnownSecret } from '../report/evidence/policy.ts';
import type { ExitCode } from './exit-codes.ts';
import { fail, type Io } from './context.ts';
import { error } from '../diagnostics/diagnostic.ts';
import { makeFolder, notAFolder } from '../folders.ts';
import { printableLines } from './printable.ts';

/** Names on the evidence sheets, as the command line gives them. */
export interface EvidenceNames {
  providerName?: string;
  partnerName?: string;
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
  flags: EvidenceNames,
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
  const { writeEvidencePack, EvidenceRefused } = await import('../report/evidence/pack.ts');
  const folder = makeFolder(options.outDir);
  if (!folder.ok)
    return fail(io, notAFolder(relative(io.cwd, options.outDir) || options.outDir, folder.reason));
  try {
    const written = await writeEvidencePack(result, { ...options, env: io.env });
    const shown = printableLines(io);
    shown.out(`evidence: ${written.rows} rows in ${options.outDir} (${options.banks.join(', ')})`);
    for (const note of written.notes) shown.out(`evidence: ${note}`);
    shown.out(
      `evidence: pack hash ${written.packHash} (keep it where the bank can see it; evidence verify prints it again)`,
    );
    return undefined;
  } catch (e) {
    if (e instanceof EvidenceRefused) {
      return fail(io, error('E_EVIDENCE_SECRET', e.message));
    }
    throw e;
  }
}
