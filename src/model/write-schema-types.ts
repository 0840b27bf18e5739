// Writes the types generated from schemas/ (src/model/schema-types.ts): `npm run gen:types`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './schema-types.ts';

for (const { path, text } of await generatedFiles()) {
  writeFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), text);
  console.log(`wrote ${path}`);
}
