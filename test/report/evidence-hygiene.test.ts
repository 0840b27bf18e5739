import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/load/project.ts';
import { evidenceRows } from '../../src/report/evidence/rows.ts';
import { REPO_ROOT } from '../support/project.ts';
import { sampleRun } from './_fixtures.ts';

/** What a bank's SIT reviewer rejects in an evidence sheet, kept out of every pack. */
describe('evidence hygiene', () => {
  it('no two stale-timestamp negatives of one provider send the same X-TIMESTAMP, all still stale', () => {
    const project = loadProject(REPO_ROOT).value;
    if (!project) throw new Error('collections/ did not load');
    const seen = new Map<string, string>();
    let stale = 0;
    for (const suite of project.suites)
      for (const request of suite.requests) {
        if (request.negative?.kind !== 'timestamp') continue;
        const value = request.headers['X-TIMESTAMP'];
        if (!value) continue;
        stale++;
        expect(Date.parse(value.replace(/\.\d{3}/, ''))).toBeLessThan(Date.parse('2021-01-01T00:00:00Z'));
        const key = `${suite.provider} ${value}`;
        expect(seen.get(key), `${suite.name} › ${request.name} repeats ${value}`).toBeUndefined();
        seen.set(key, `${suite.name} › ${request.name}`);
      }
    expect(stale).toBeGreaterThan(10);
  });

  it("the mock's own control calls (/kontrak/…) are never rows of a pack", () => {
    const run = sampleRun();
    const suite = run.suites[0];
    const first = suite?.exchanges[0];
    if (!suite || !first) throw new Error('the sample run has no exchange');
    const control = {
      ...first,
      requestId: 'auth-code',
      name: 'the customer consents (mock)',
      request: { ...first.request, url: 'http://127.0.0.1:4010/kontrak/auth-code' },
    };
    suite.exchanges = [control, ...suite.exchanges];
    const rows = evidenceRows(run);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.service.includes('/kontrak/'))).toEqual([]);
    // Numbering stays gap-free without it.
    const [head] = rows;
    const sheet = rows.filter((r) => r.provider === head?.provider && r.sheet === head.sheet);
    expect(sheet.map((r) => r.no)).toEqual(sheet.map((_, i) => i + 1));
  });
});
