/** Compiled schemas are reused from the cache only while every schema's text is unchanged. */
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadSchemas } from '../../src/schemas/registry.ts';

let cache: string;
let schemas: string;
beforeEach(() => {
  cache = mkdtempSync(join(tmpdir(), 'kontrak-cache-'));
  schemas = mkdtempSync(join(tmpdir(), 'kontrak-schemas-'));
  cpSync(join(import.meta.dirname, '../../schemas'), schemas, { recursive: true });
});
afterEach(() => {
  rmSync(cache, { recursive: true, force: true });
  rmSync(schemas, { recursive: true, force: true });
});

const SCHEMA = 'nicepay/create-va.response.json';
const cached = (): string[] => readdirSync(cache).filter((f) => f.startsWith('schemas-'));

it('a cached validator reports exactly what a freshly compiled one does', () => {
  const fresh = loadSchemas(schemas, undefined, { cache }).value!.validator(SCHEMA)!;
  expect(cached()).toHaveLength(1);
  const reused = loadSchemas(schemas, undefined, { cache }).value!.validator(SCHEMA)!;
  const body = { responseCode: 2002700, virtualAccountData: { totalAmount: { value: 'x' } } };
  expect(fresh(body)).toBe(false);
  expect(reused(body)).toBe(false);
  expect(reused.errors).toEqual(fresh.errors);
  expect(reused.errors!.length).toBeGreaterThan(0);
});

it('a changed schema is compiled again, and a broken one is still diagnosed', () => {
  loadSchemas(schemas, undefined, { cache });
  writeFileSync(
    join(schemas, 'extra.response.json'),
    JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', oops: 1 }),
  );
  const broken = loadSchemas(schemas, undefined, { cache });
  expect(broken.diagnostics.map((d) => d.code)).toContain('E_SCHEMA_INVALID');
  expect(cached()).toHaveLength(1); // nothing cached for a set that does not compile
  writeFileSync(
    join(schemas, 'extra.response.json'),
    JSON.stringify({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { a: { type: 'string' } },
      required: ['a'],
    }),
  );
  const fixed = loadSchemas(schemas, undefined, { cache });
  expect(fixed.diagnostics.map((d) => d.message)).toEqual([]);
  expect(fixed.value!.validator('extra.response.json')!({})).toBe(false);
  expect(cached()).toHaveLength(2);
});

it('a damaged cache file is compiled over', () => {
  loadSchemas(schemas, undefined, { cache });
  writeFileSync(join(cache, cached()[0]!), 'exports.kontrakKeys = ["nope"];');
  const again = loadSchemas(schemas, undefined, { cache });
  expect(again.value!.validator(SCHEMA)).toBeTypeOf('function');
});
