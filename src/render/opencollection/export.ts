/** A suite as a Bruno collection: the OpenCollection files with the signer and the checks inside. */
import type { SchemaRegistry } from '../../schemas/registry.ts';
import type { Provider, Suite } from '../../model/types.ts';
import { checksScript } from '../bundle-checks.ts';
import { schemaKeysOf } from '../postman.ts';
import { renderOpenCollection, type CollectionFile } from './collection.ts';
import { brunoChecksScript, brunoSignerScript } from './scripts.ts';

export async function exportOpenCollection(
  suite: Suite,
  provider: Provider,
  schemas: SchemaRegistry,
): Promise<CollectionFile[]> {
  const checks = await checksScript(schemas.documents, schemaKeysOf(suite));
  return renderOpenCollection({
    suite,
    provider,
    signerScript: await brunoSignerScript(),
    checksScript: brunoChecksScript(checks.lines),
  });
}
