/**
 * The coverage matrix of a real run: every shipped suite of the SNAP banks (the inbound partner
 * suites aside: they test the user's callbacks, not a bank) runs against the embedded mock bank,
 * and the matrix the run reports shows at least 30 catalogue services — every service the
 * catalogue work added among them — across at least 8 SNAP providers, with every cell passed.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSchemas } from '../../src/schemas/registry.ts';
import { bankOverlays } from '../../src/load/bank-profiles.ts';
import { loadProject } from '../../src/load/project.ts';
import type { RunResult } from '../../src/model/results.ts';
import { coverageText } from '../../src/report/coverage.ts';
import { runInEnvironment } from '../../src/cli/run-environment.ts';
import { defined } from '../support/defined.ts';
import { REPO_ROOT } from '../support/project.ts';
import { failedExchanges } from '../support/exchanges.ts';

/** QRIS MPM, direct debit, disbursement, bank statement, customer token, e-money. */
const ADDED = [
  '47',
  '51',
  '77',
  '78',
  '54',
  '55',
  '57',
  '58',
  '16',
  '18',
  '36',
  '14',
  '74',
  '37',
  '38',
  '39',
];

let result: RunResult;

beforeAll(async () => {
  const project = defined(loadProject(REPO_ROOT).value, 'the shipped project');
  const outcome = await runInEnvironment({
    project,
    schemas: defined(loadSchemas(join(REPO_ROOT, 'schemas'), undefined, { overlays: bankOverlays() }).value),
    environment: 'mock',
    suites: project.suites.filter((s) => s.provider !== 'partner'),
    processEnv: {},
    timeoutRequest: 20_000,
    workers: 2,
  });
  expect(outcome.diagnostics).toEqual([]);
  result = defined(outcome.value, 'the run');
  // runInEnvironment starts and stops the mock bank, as the CLI does.
}, 600_000);

describe('coverage matrix of the shipped suites against the mock', () => {
  it('every request passes', () => {
    const failed = failedExchanges(result);
    expect(failed).toEqual([]);
    expect(result.totals.passedRequests).toBeGreaterThan(250);
  });

  it('shows at least 30 services, every added one, across at least 8 providers, all passed', () => {
    const coverage = defined(result.coverage, 'coverage');
    expect(coverage.catalogue).toBe(81);
    expect(coverage.tested).toBeGreaterThanOrEqual(30);
    expect(coverage.providers.length).toBeGreaterThanOrEqual(8);
    const codes = coverage.services.map((s) => s.code);
    expect(codes).toEqual(expect.arrayContaining(ADDED));
    const failedCells = coverage.services.flatMap((s) =>
      Object.entries(s.providers)
        .filter(([, cell]) => cell.failed > 0 || cell.passed === 0)
        .map(([provider]) => `${s.code}@${provider}`),
    );
    expect(failedCells).toEqual([]);
    // Each added service is tested on a bank that signs asymmetrically or departs from the
    // catalogue somewhere, not only on the generic bank: at least two providers per added code.
    for (const code of ['47', '51', '78', '54', '55', '58', '16', '18', '36', '14', '74'])
      expect(
        Object.keys(defined(coverage.services.find((s) => s.code === code)).providers).length,
        code,
      ).toBeGreaterThanOrEqual(2);
  });

  it('prints the matrix: a summary line, a header, one line per service', () => {
    const coverage = defined(result.coverage);
    const lines = coverageText(coverage).split('\n');
    expect(lines[0]).toBe(
      `${String(coverage.tested)} of 81 SNAP services tested across ${String(coverage.providers.length)} providers`,
    );
    expect(lines).toHaveLength(coverage.tested + 2);
    expect(lines.find((l) => l.startsWith('47 '))).toMatch(/QRIS MPM generate QR/);
    expect(lines.join('\n')).not.toContain('✗');
  });
});
