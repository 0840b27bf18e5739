import { existsSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { fail, report, type Io } from '../context.ts';
import { error } from '../../diagnostics/diagnostic.ts';
import { closest } from '../../diagnostics/suggest.ts';
import { DEFAULT_STARTER, isStarterBank, scaffoldFiles, starterBanks } from '../../init/scaffold.ts';
import { kontrakVersion } from '../../project/version.ts';
import { packageName } from '../../init/manifest.ts';
import { planInit } from '../../init/plan.ts';
import { applyPlan } from '../../init/apply.ts';

export interface InitArgs {
  /** The project folder (default: the working directory); created when missing. */
  dir?: string;
  bank?: string;
  /** Write into a folder that already holds files: beside them, never over them. */
  force: boolean;
}

/** `kontrak init [dir] [--bank <bank>] [--force]`: a new contract-test project. */
export function initCommand(io: Io, args: InitArgs): ExitCode {
  const bank = args.bank ?? DEFAULT_STARTER;
  if (!isStarterBank(bank)) {
    const known = starterBanks();
    const guess = closest(bank, known);
    return fail(
      io,
      error('E_OPTION_VALUE', `--bank "${bank}" has no starter project`, {
        hint: `${guess ? `did you mean "${guess}"? ` : ''}kontrak init knows: ${known.join(', ')}`,
      }),
    );
  }
  const target = resolve(io.cwd, args.dir ?? '.');
  const shown = relative(io.cwd, target) || '.';
  const version = kontrakVersion();
  const projectName = packageName(basename(target));
  const files = scaffoldFiles(bank, { projectName, version });
  // Everything is checked before the first file is written: a refusal leaves the folder as it was.
  const planned = planInit(target, shown, files, { force: args.force, projectName, version });
  if (report(io, planned.diagnostics) || !planned.plan) return EXIT.INVALID_INPUT;
  const refused = applyPlan(target, shown, planned.plan);
  if (refused) return fail(io, refused);
  for (const file of planned.plan.writes) io.out(file.said);
  for (const note of planned.plan.notes) io.out(note);
  const installed = existsSync(join(target, 'node_modules', 'kontrak'));
  const steps = [
    ...(shown === '.' ? [] : [`cd ${shown}`]),
    ...(installed ? [] : ['npm install']),
    'npm run suites',
  ];
  io.out(`\nA ${bank} contract-test project. Next: ${steps.join(' && ')}`);
  return EXIT.OK;
}
