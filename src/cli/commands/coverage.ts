import { coverageMatrix } from '../../banks/basis.ts';
import { bankCoverageText, coverageMatrixText } from '../../banks/coverage-text.ts';
import { error } from '../../diagnostics/diagnostic.ts';
import { closest } from '../../diagnostics/suggest.ts';
import { loadBankRegistry, profilesOf } from '../../load/bank-profiles.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { fail, report, type Io } from '../context.ts';

/** `kontrak coverage [bank]`: what each bank's contracts rest on, from the bank profiles. */
export function coverageCommand(io: Io, args: { bank?: string }): ExitCode {
  const registry = loadBankRegistry(io.cwd);
  if (report(io, registry.diagnostics)) return EXIT.INVALID_INPUT;
  const matrix = coverageMatrix(profilesOf(registry));
  if (args.bank === undefined) {
    for (const line of coverageMatrixText(matrix)) io.out(line);
    return EXIT.OK;
  }
  const bank = matrix.find((b) => b.bank === args.bank);
  if (!bank) {
    const names = matrix.map((b) => b.bank);
    const guess = closest(args.bank, names);
    return fail(
      io,
      error('E_UNKNOWN_BANK', `no bank profile "${args.bank}"`, {
        hint: guess ? `did you mean "${guess}"?` : `bank profiles: ${names.join(', ')}`,
      }),
    );
  }
  for (const line of bankCoverageText(bank)) io.out(line);
  return EXIT.OK;
}
