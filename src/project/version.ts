import { readFileSync } from 'node:fs';
import { packagePath } from './assets.ts';

/** The version of the kontrak package running (its own package.json, wherever it is installed). */
export function kontrakVersion(): string {
  const manifest = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string };
  return manifest.version;
}
