/** Exit codes of every kontrak command (design.md). */
export const EXIT = {
  /** Every check passed. */
  OK: 0,
  /** At least one check failed. */
  CHECK_FAILED: 1,
  /** Invalid input: YAML, schemas, options values, missing credentials. */
  INVALID_INPUT: 2,
  /** Infrastructure: the target was unreachable, or the run itself broke. */
  INFRASTRUCTURE: 3,
  /** Usage: unknown command or option. */
  USAGE: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
