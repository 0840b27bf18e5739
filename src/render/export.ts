/** A suite as QA imports it into Postman: signer, checks and validators inside the collection. */
import type { SchemaRegistry } from '../schemas/registry.ts';
import type { Provider, Suite } from '../model/types.ts';
import { checksScript } from './bundle-checks.ts';
import { signerScript } from './bundle-signer.ts';
import { renderCollection, schemaKeysOf } from './postman.ts';
import type { PostmanCollection } from './postman-types.ts';

export async function exportCollection(
  suite: Suite,
  provider: Provider,
  schemas: SchemaRegistry,
): Promise<PostmanCollection> {
  return renderCollection({
    suite,
    provider,
    signerScript: await signerScript(),
    forPostman: true,
    checksScript: (await checksScript(schemas.documents, schemaKeysOf(suite))).lines,
  });
}
