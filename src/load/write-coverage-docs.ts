// Writes docs/coverage.md from the shipped bank profiles' basis: `npm run gen:docs`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { coverageMatrix } from '../banks/basis.ts';
import { coverageMarkdown } from '../banks/coverage-text.ts';
import { bankProfiles } from './bank-profiles.ts';

const target = fileURLToPath(new URL('../../docs/coverage.md', import.meta.url));
writeFileSync(target, coverageMarkdown(coverageMatrix(bankProfiles())));
console.log(`wrote ${target}`);
