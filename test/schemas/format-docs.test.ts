/** docs/format.md is the collection format as schemas/kontrak.schema.json says it, never older. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMarkdown, type FormatSchema } from '../../src/schemas/format-docs.ts';
import { REPO_ROOT } from '../support/project.ts';

const schema = JSON.parse(
  readFileSync(join(REPO_ROOT, 'schemas', 'kontrak.schema.json'), 'utf8'),
) as FormatSchema;

describe('docs/format.md', () => {
  it('is generated from the format schema (npm run gen:docs when this fails)', () => {
    expect(readFileSync(join(REPO_ROOT, 'docs', 'format.md'), 'utf8')).toBe(formatMarkdown(schema));
  });

  it('has a section for every definition and a row for every key the schema allows', () => {
    const page = formatMarkdown(schema);
    const missing: string[] = [];
    for (const [name, node] of [['File', schema] as const, ...Object.entries(schema.$defs ?? {})]) {
      if (!page.includes(`\n## ${name}\n`)) missing.push(`section ${name}`);
      for (const key of Object.keys(node.properties ?? {}))
        if (!page.includes(`| \`${key}\` |`)) missing.push(`${name}.${key}`);
    }
    expect(missing).toEqual([]);
  });

  it('links every referenced definition to its section', () => {
    const page = formatMarkdown(schema);
    const links = [...page.matchAll(/\]\(#([a-z0-9-]+)\)/g)].map((m) => m[1]);
    const sections = new Set([...page.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.toLowerCase()));
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((link) => !sections.has(link!))).toEqual([]);
  });
});
