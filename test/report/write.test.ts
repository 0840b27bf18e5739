import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.ts';
import { renderJson } from '../../src/report/json.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { writeReports } from '../../src/report/write.ts';
import { sampleRun } from './_fixtures.ts';

describe('writeReports', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kontrak-report-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the three reports into a new nested directory and returns their paths', async () => {
    const run = sampleRun();
    const outDir = join(dir, 'reports', 'run-1');
    const paths = await writeReports(run, { outDir, reporters: ['html', 'junit', 'json'] });
    expect(paths).toEqual([
      join(outDir, 'index.html'),
      join(outDir, 'junit.xml'),
      join(outDir, 'results.json'),
    ]);
    expect((await readdir(outDir)).sort()).toEqual(['index.html', 'junit.xml', 'results.json']);
    expect(await readFile(paths[0]!, 'utf8')).toBe(renderHtml(run));
    expect(await readFile(paths[1]!, 'utf8')).toBe(renderJunit(run));
    expect(JSON.parse(await readFile(paths[2]!, 'utf8'))).toEqual(run);
    expect(await readFile(paths[2]!, 'utf8')).toBe(renderJson(run));
  });

  it('writes only the requested reporters, once each, in the order asked', async () => {
    const paths = await writeReports(sampleRun(), { outDir: dir, reporters: ['json', 'junit', 'json'] });
    expect(paths).toEqual([join(dir, 'results.json'), join(dir, 'junit.xml')]);
    expect((await readdir(dir)).sort()).toEqual(['junit.xml', 'results.json']);
  });

  it('overwrites an earlier report and leaves no temporary files', async () => {
    await writeReports(sampleRun(), { outDir: dir, reporters: ['json'] });
    const run = { ...sampleRun(), environment: 'sandbox' };
    await writeReports(run, { outDir: dir, reporters: ['json'] });
    expect(await readdir(dir)).toEqual(['results.json']);
    expect(
      (JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as { environment?: unknown })
        .environment,
    ).toBe('sandbox');
  });

  it('rejects an unknown reporter before writing anything', async () => {
    const outDir = join(dir, 'never');
    await expect(writeReports(sampleRun(), { outDir, reporters: ['xml' as 'json'] })).rejects.toThrow(
      'unknown reporter "xml"',
    );
    await expect(readdir(outDir)).rejects.toThrow();
  });
});
