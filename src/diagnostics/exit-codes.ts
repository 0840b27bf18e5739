/** Exit codes of every kontrak command (docs/diagnostics.md). */
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
  /** Stopped by SIGINT (128 + 2): reports written for what ran, marked interrupted. */
  SIGINT: 130,
  /** Stopped by SIGTERM (128 + 15). */
  SIGTERM: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
