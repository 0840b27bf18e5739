/**
 * Which shipped suites the end-to-end tests run. `npm test` runs one suite per mock emulation, so
 * its cost does not grow with each suite added to collections/; `npm run test:full`
 * (KONTRAK_TEST_FULL=1) runs every one. The rule is computed from the loaded project, so a new
 * emulation is picked up without editing a list.
 */
import { isPartner, type Project, type Suite } from '../../src/model/types.ts';

/** Set by `npm run test:full`: every shipped suite instead of one per emulation. */
export const FULL = process.env.KONTRAK_TEST_FULL === '1';

/** The emulation a suite runs against in the mock environment (as `kontrak mock` names it). */
export function emulationOf(project: Pick<Project, 'providers'>, suite: Suite): string {
  const provider = project.providers.get(suite.provider);
  return provider?.mock ?? suite.provider;
}

/**
 * The first suite of each emulation, in load order (collections/ sorted by path): every
 * emulation's signing, paths and answers are met once, at the cost of one suite each.
 */
export function onePerEmulation(project: Pick<Project, 'providers' | 'suites'>): Suite[] {
  const seen = new Set<string>();
  return project.suites.filter((suite) => {
    const emulation = emulationOf(project, suite);
    if (seen.has(emulation)) return false;
    seen.add(emulation);
    return true;
  });
}

/** The suites an end-to-end test iterates: one per emulation, or all under test:full. */
export function suitesUnderTest(project: Pick<Project, 'providers' | 'suites'>): Suite[] {
  return FULL ? project.suites : onePerEmulation(project);
}

/**
 * For a door whose client costs seconds per suite (`bru run` starts a process and evaluates the
 * bundles for every request): `npm test` takes the first suite the bank answers and the first the
 * reference partner answers, so both directions of the adapter are met; `npm run test:full` takes
 * every suite.
 */
export function suitesForSlowDoor(project: Pick<Project, 'providers' | 'suites'>): Suite[] {
  if (FULL) return project.suites;
  const inbound = (suite: Suite) => isPartner(project.providers.get(suite.provider) ?? {});
  const first = [project.suites.find((s) => !inbound(s)), project.suites.find(inbound)];
  return first.filter((s): s is Suite => s !== undefined);
}
