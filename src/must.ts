/**
 * The value an earlier stage guarantees (a suite's provider exists once the project loaded, a
 * rendered collection holds every request): a broken guarantee is a bug in kontrak, said so.
 */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`kontrak bug: ${what} is missing`);
  return value;
}
