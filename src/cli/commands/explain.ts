import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { Io } from '../context.ts';

export interface ExplainArgs {
  suite?: string;
  request?: string;
  env: string;
}

/** `kontrak explain [suite] [request]`: what would be signed, secrets masked. */
export async function explainCommand(io: Io, _args: ExplainArgs): Promise<ExitCode> {
  io.err('explain: not available yet');
  return EXIT.USAGE;
}
