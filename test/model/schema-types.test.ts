import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../../src/model/schema-types.ts';
import { NEGATIVE_KINDS } from '../../src/model/types.ts';
import {
  createExternalIdGenerator,
  MAX_EXTERNAL_ID_DIGITS,
  MIN_EXTERNAL_ID_DIGITS,
} from '../../scripts/external-id.ts';

const ROOT = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, ROOT), 'utf8');
const formatSchema = JSON.parse(read('schemas/kontrak.schema.json')) as {
  $defs: Record<string, { properties: Record<string, Record<string, unknown>> }>;
};

describe('types generated from the schemas', () => {
  it('are committed as the schemas give them now (npm run gen:types rewrites them)', async () => {
    const files = await generatedFiles();
    expect(files.map((f) => f.path).sort()).toEqual([
      'scripts/external-id-limits.generated.ts',
      'src/banks/bank-profile.generated.ts',
      'src/catalogue/snap-services.generated.ts',
      'src/model/format-loaded.generated.ts',
      'src/model/format.generated.ts',
      'src/model/results.generated.ts',
    ]);
    for (const { path, text } of files)
      expect(read(path), `${path} is stale: run npm run gen:types`).toBe(text);
  }, 60_000);

  it('make a key with a default required once loaded, and leave it optional as written', async () => {
    const files = await generatedFiles();
    const written = files.find((f) => f.path === 'src/model/format.generated.ts')!.text;
    const loaded = files.find((f) => f.path === 'src/model/format-loaded.generated.ts')!.text;
    expect(written).toMatch(/\n {2}sign\?: 'none' \|/);
    expect(loaded).toMatch(/\n {2}sign: 'none' \|/);
    expect(written).toMatch(/\n {2}externalIdDigits\?: number;/);
    expect(loaded).toMatch(/\n {2}externalIdDigits: number;/);
    // A key without a default stays optional in both.
    expect(loaded).toMatch(/\n {2}tamper\?: 'signature' \| 'token';/);
    // A bank profile's optional knobs get their defaults from its schema, so the mock needs none.
    const profile = files.find((f) => f.path === 'src/banks/bank-profile.generated.ts')!.text;
    expect(profile).toMatch(/\n {2}signQuery: SourcedSignQuery;/);
    expect(profile).toMatch(/\n {2}bodyHash: SourcedBodyHash;/);
    expect(profile).toMatch(/\n {2}tokenPath\?: SourcedPath;/);
  }, 60_000);
});

describe('lists the code keeps at run time', () => {
  it('name exactly what the schema allows', () => {
    const request = formatSchema.$defs['request']!.properties;
    const negatives = request['negatives'] as { items: { oneOf: Array<{ enum?: string[] }> } };
    expect([...NEGATIVE_KINDS].sort()).toEqual([...negatives.items.oneOf[0]!.enum!].sort());
    // `mock:` names a bank profile, shipped or the project's own: no list in the schema can hold
    // those, so the loader checks it against the profiles it found (test/load/bank-lists.test.ts).
    expect(formatSchema.$defs['provider']!.properties['mock']).not.toHaveProperty('enum');
  });

  it('give the signer the range of externalIdDigits the schema states', () => {
    const digits = formatSchema.$defs['signing']!.properties['externalIdDigits']!;
    expect([MIN_EXTERNAL_ID_DIGITS, MAX_EXTERNAL_ID_DIGITS]).toEqual([digits['minimum'], digits['maximum']]);
    const next = createExternalIdGenerator(() => 0.5);
    const now = Date.UTC(2024, 0, 1);
    expect(next(now, MIN_EXTERNAL_ID_DIGITS)).toMatch(/^[1-9][0-9]{8}$/);
    expect(next(now, MAX_EXTERNAL_ID_DIGITS)).toMatch(/^[1-9][0-9]{35}$/);
    expect(() => next(now, MIN_EXTERNAL_ID_DIGITS - 1)).toThrow(/from 9 to 36/);
    expect(() => next(now, MAX_EXTERNAL_ID_DIGITS + 1)).toThrow(/from 9 to 36/);
  });
});
