/**
 * `kontrak render --format opencollection`: one Bruno collection folder per suite
 * (`<out>/<suite>/opencollection.yml`, a file per request) with every environment beside it
 * (`environments/<name>.yml`), its secrets named but never written.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Project } from '../../model/types.ts';
import type { SchemaRegistry } from '../../schemas/registry.ts';
import { exportOpenCollection } from '../../render/opencollection/export.ts';
import { renderOpenCollectionEnvironment } from '../../render/opencollection/environment.ts';
import type { EnvValue } from '../../env/values.ts';
import type { Io } from '../context.ts';

/** The request files kontrak writes (src/render/opencollection/collection.ts requestFileName). */
const REQUEST_FILE = /^\d{3}-[a-z0-9-]+\.yml$/;

export interface OpenCollectionRender {
  project: Project;
  schemas: SchemaRegistry;
  outDir: string;
  matches: (name: string) => boolean;
  /** The template values of each environment, by its name (secrets are never written). */
  environments: ReadonlyMap<string, readonly EnvValue[]>;
}

export async function writeOpenCollections(io: Io, render: OpenCollectionRender): Promise<void> {
  const { project, schemas, outDir, matches, environments } = render;
  for (const suite of project.suites.filter((s) => matches(s.name))) {
    const provider = project.providers.get(suite.provider);
    if (!provider)
      throw new Error(`suite ${suite.name} names provider ${suite.provider}, which is not loaded`);
    const files = await exportOpenCollection(suite, provider, schemas);
    const folder = join(outDir, suite.name);
    await mkdir(join(folder, 'environments'), { recursive: true });
    // A request renamed or removed must not stay behind as a stale file Bruno would still run;
    // only request files as kontrak names them go, nothing else in the folder.
    for (const name of await readdir(folder))
      if (REQUEST_FILE.test(name)) await rm(join(folder, name), { force: true });
    for (const file of files) await writeFile(join(folder, file.path), file.text);
    for (const [name, values] of environments)
      await writeFile(
        join(folder, 'environments', `${name}.yml`),
        renderOpenCollectionEnvironment(name, values),
      );
    const requests = files.length - 1;
    io.out(
      `collection: ${folder} (${requests} request${requests === 1 ? '' : 's'}; secrets: bru run --env <name> --env-var <name>=<value>)`,
    );
  }
}
