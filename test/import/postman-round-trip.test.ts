/**
 * A round trip through Postman: each shipped suite rendered to Postman v2.1 (`kontrak render`'s
 * export), imported back with `kontrak import postman`, runs against the mock with the same
 * requests and the same verdicts as the suite it came from. `npm test` takes one suite per
 * emulation, `npm run test:full` every shipped suite (test/support/suites.ts).
 */
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importPostman } from '../../src/import/postman.ts';
import { planFiles, writeAll } from '../../src/import/write.ts';
import { bankOverlays } from '../../src/load/bank-profiles.ts';
import { loadProject } from '../../src/load/project.ts';
import { exportCollection } from '../../src/render/export.ts';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { kontrak } from '../support/cli.ts';
import { defined } from '../support/postman-doors.ts';
import { REPO_ROOT, tempProject } from '../support/project.ts';
import { suitesUnderTest } from '../support/suites.ts';

const project = defined(loadProject(REPO_ROOT).value, 'the shipped project');
const schemas = defined(
  loadSchemas(join(REPO_ROOT, 'schemas'), undefined, { overlays: bankOverlays() }).value,
  'the shipped schemas',
);
const suites = suitesUnderTest(project);

/** A project holding the shipped providers and environments, and no suite. */
function providersOnly(): { root: string; cleanup: () => void } {
  const temp = tempProject({});
  cpSync(join(REPO_ROOT, 'collections'), join(temp.root, 'collections'), {
    recursive: true,
    filter: (source) => !source.endsWith('.yaml') || !/^suite:/m.test(readFileSync(source, 'utf8')),
  });
  return temp;
}
const temp = providersOnly();
afterAll(() => temp.cleanup());

interface Exchange {
  name: string;
  passed: boolean;
  expected?: { status?: number; responseCode?: string };
  request?: { method?: string; url?: string; body?: string };
}
interface Results {
  suites: Array<{ name: string; exchanges: Exchange[] }>;
}

/** What must be the same on both sides: the request sent, what it expects, and the verdict. */
const shape = (e: Exchange): unknown => ({
  name: e.name,
  method: e.request?.method,
  path: (e.request?.url ?? '').replace(/^https?:\/\/[^/]+/, '').split('?')[0],
  // Ids, timestamps, references and the mock's auth codes (hex) are new in every run: their
  // digits differ, nothing else may.
  body: (e.request?.body ?? '').replace(/[0-9A-F]/g, '#'),
  expected: e.expected,
  passed: e.passed,
});

async function runResults(cwd: string, args: string[], out: string): Promise<Results> {
  const run = await kontrak(['run', ...args, '--reporters', 'json', '--out', out], { cwd });
  expect([0, 1], run.stderr).toContain(run.code);
  return JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
}

describe('Postman round trip: render, import, run', () => {
  it(`gives ${suites.length} suites back with the same requests and verdicts`, async () => {
    const names = new Map<string, string>();
    for (const suite of suites) {
      const provider = defined(project.providers.get(suite.provider), suite.provider);
      const collection = await exportCollection(suite, provider, schemas);
      const file = join(temp.root, `${suite.name}.postman_collection.json`);
      writeFileSync(file, JSON.stringify(collection, null, 2));
      const imported = importPostman({
        file,
        text: readFileSync(file, 'utf8'),
        providerHeaders: (name) =>
          new Set(Object.keys(project.providers.get(name)?.headers ?? {}).map((h) => h.toLowerCase())),
      });
      expect(imported.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(imported.suites).toHaveLength(1);
      const out = join(temp.root, 'collections', 'imported');
      const plan = planFiles(imported.suites, out, temp.root, false);
      expect(plan.diagnostics).toEqual([]);
      expect(writeAll(plan.files, out, out)).toBeUndefined();
      names.set(suite.name, imported.suites[0]?.suite.name ?? '');
    }
    const validate = await kontrak(['validate'], { cwd: temp.root });
    expect(validate.code, validate.stderr).toBe(0);
    const original = await runResults(
      REPO_ROOT,
      ['--suite', [...names.keys()].join(',')],
      join(temp.root, 'original'),
    );
    const back = await runResults(temp.root, [], join(temp.root, 'back'));
    for (const [name, importedName] of names) {
      const before = original.suites.find((s) => s.name === name)?.exchanges ?? [];
      const after = back.suites.find((s) => s.name === importedName)?.exchanges ?? [];
      expect(before.length, name).toBeGreaterThan(0);
      expect(after.map(shape), `${name} → ${importedName}`).toEqual(before.map(shape));
    }
    expect(readdirSync(join(temp.root, 'collections', 'imported'))).toHaveLength(suites.length);
  }, 600_000);
});
