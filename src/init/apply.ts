/**
 * Writing a checked plan (plan.ts): the folder first, one folder at a time (Node's recursive
 * mkdir spins for ever under /proc), then each file. A file the plan creates is opened with `wx`:
 * one that appeared since the plan was made is not overwritten.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { makeFolder, notAFolder } from '../folders.ts';
import type { InitPlan } from './plan.ts';

/** Writes the plan into `target`; the diagnostic when the folder cannot be made (nothing written then). */
export function applyPlan(target: string, shown: string, plan: InitPlan): Diagnostic | undefined {
  const folder = makeFolder(target);
  if (!folder.ok) return notAFolder(shown, folder.reason);
  for (const file of plan.writes) {
    const path = join(target, file.path);
    const parent = makeFolder(dirname(path));
    if (!parent.ok) return notAFolder(join(shown, dirname(file.path)), parent.reason);
    writeFileSync(path, file.text, { flag: file.fresh ? 'wx' : 'w' });
  }
  return undefined;
}
