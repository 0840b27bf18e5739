/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (each prints its own lines, ratios measured
 * within one run because the machine is shared and noisy). `npm run bench -- signer` runs those
 * whose file name contains "signer".
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
for (const file of files) {
  console.log(`\n== ${file}`);
  const module = (await import(pathToFileURL(join(here, file)).href)) as { run?: () => Promise<void> };
  if (typeof module.run !== 'function') throw new Error(`${file} does not export run()`);
  await module.run();
}
