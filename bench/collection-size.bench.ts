/**
 * Size of the collections QA imports (`kontrak render`): per suite, the whole file and its shared
 * parts (the signer, the checks with their compiled validators), and the bytes per request left
 * after them. Sizes only: no timing, so one run is exact.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { loadSchemas } from '../src/schemas/registry.ts';
import { bankOverlays } from '../src/load/bank-profiles.ts';
import { loadProject } from '../src/load/project.ts';
import { exportCollection } from '../src/render/export.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function run(): Promise<void> {
  const project = loadProject(ROOT).value;
  const schemas = loadSchemas(join(ROOT, 'schemas'), undefined, { overlays: bankOverlays(ROOT) }).value;
  if (!project || !schemas) throw new Error('the shipped collections or schemas do not load');
  for (const suite of project.suites) {
    const provider = project.providers.get(suite.provider);
    if (!provider) throw new Error(`no provider ${suite.provider}`);
    const collection = await exportCollection(suite, provider, schemas);
    // As `kontrak render` writes it.
    const text = `${JSON.stringify(collection, null, 2)}\n`;
    const bytes = Buffer.byteLength(text);
    const shared = (listen: string) =>
      Buffer.byteLength(
        JSON.stringify(collection.event?.find((e) => e.listen === listen)?.script.exec ?? []),
      );
    const signer = shared('prerequest');
    const checks = shared('test');
    const perRequest = (bytes - signer - checks) / collection.item.length;
    console.log(
      `collection ${suite.name}: ${kb(bytes)} (gzip ${kb(gzipSync(text).length)}), ` +
        `${collection.item.length} requests; signer ${kb(signer)}, checks + validators ${kb(checks)}, ` +
        `${Math.round(perRequest)} B per request`,
    );
  }
}
