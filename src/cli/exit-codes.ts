/** Exit codes of every kontrak command: the table lives with the diagnostics that lead to them. */
export { EXIT, type ExitCode } from '../diagnostics/exit-codes.ts';
