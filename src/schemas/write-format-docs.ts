// Writes docs/format.md from schemas/kontrak.schema.json: `npm run gen:docs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatMarkdown, type FormatSchema } from './format-docs.ts';

const schema = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../schemas/kontrak.schema.json', import.meta.url)), 'utf8'),
) as FormatSchema;
const target = fileURLToPath(new URL('../../docs/format.md', import.meta.url));
writeFileSync(target, formatMarkdown(schema));
console.log(`wrote ${target}`);
