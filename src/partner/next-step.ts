/**
 * The command that runs the inbound suites where `kontrak partner` was started: `npm run kontrak`
 * exists nowhere but in kontrak's own clone, so an installed project is told `npx kontrak`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The clone's own script, or the installed binary. */
export const CLONE_STEP = 'npm run suites -- --env partner';
export const INSTALLED_STEP = 'npx kontrak run --env partner';

/** Which of the two fits a folder whose package.json reads `manifestText` (undefined: none). */
export function runStepFor(manifestText: string | undefined): string {
  if (manifestText === undefined) return INSTALLED_STEP;
  try {
    const manifest: unknown = JSON.parse(manifestText);
    if (typeof manifest !== 'object' || manifest === null) return INSTALLED_STEP;
    const { name, scripts } = manifest as { name?: unknown; scripts?: unknown };
    const hasSuites = typeof scripts === 'object' && scripts !== null && 'suites' in scripts;
    return name === 'kontrak' && hasSuites ? CLONE_STEP : INSTALLED_STEP;
  } catch {
    return INSTALLED_STEP;
  }
}

/** The step for the folder `cwd`, from its package.json. */
export function runStepIn(cwd: string): string {
  let text: string | undefined;
  try {
    text = readFileSync(join(cwd, 'package.json'), 'utf8');
  } catch {
    text = undefined;
  }
  return runStepFor(text);
}
