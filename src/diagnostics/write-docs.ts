// Writes docs/diagnostics.md from the code table: `npm run gen:docs`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnosticsMarkdown } from './docs.ts';

const target = fileURLToPath(new URL('../../docs/diagnostics.md', import.meta.url));
writeFileSync(target, diagnosticsMarkdown());
console.log(`wrote ${target}`);
