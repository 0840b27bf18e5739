/**
 * The banks kontrak knows, for the CLI's lists (help): the names of the bank profiles, shipped and
 * the project's. The CLI's one call into the bank registry.
 */
import { bankNames } from '../load/bank-profiles.ts';

/** Empty when a profile cannot be read: `kontrak validate` says why, help does not fail for it. */
export function knownBanks(projectRoot: string): string[] {
  try {
    return bankNames(projectRoot);
  } catch {
    return [];
  }
}
