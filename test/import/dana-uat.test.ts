/**
 * DANA's published mandatory UAT scenarios (test/fixtures/dana-uat, see its SOURCE.md) imported
 * with `kontrak import dana-uat`, validated, and run against the embedded mock's DANA emulation.
 * The test prints how many scenarios pass and why each other one does not.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kontrak } from '../support/cli.ts';
import { REPO_ROOT, tempProject } from '../support/project.ts';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'dana-uat');
const project = tempProject({
  'collections/dana/provider.yaml': readFileSync(
    join(REPO_ROOT, 'collections', 'dana', 'provider.yaml'),
    'utf8',
  ),
});
afterAll(() => project.cleanup());

interface Exchange {
  name: string;
  passed: boolean;
  checks: Array<{ name: string; passed: boolean; message: string }>;
}

describe('kontrak import dana-uat', () => {
  it('imports the mandatory scenarios into suites that validate and run against the mock', async () => {
    const imported = await kontrak(['import', 'dana-uat', FIXTURE], { cwd: project.root });
    expect(imported.stderr).toContain('warning[W_IMPORT_LEFT_OUT]'); // the notifications DANA sends
    expect(imported.code).toBe(0);
    const files = readdirSync(join(project.root, 'collections', 'imported')).sort();
    expect(files).toEqual([
      'dana-uat-disbursement-transfer-to-bank.yaml',
      'dana-uat-disbursement-transfer-to-dana.yaml',
      'dana-uat-payment-gateway-create-order.yaml',
      'dana-uat-widget-payment.yaml',
    ]);
    const transfer = readFileSync(join(project.root, 'collections/imported', files[0] ?? ''), 'utf8');
    expect(transfer).toMatch(/alternatives:\n\s+responseCode:\n\s+- "?2024300"?/);
    expect((await kontrak(['validate'], { cwd: project.root })).code).toBe(0);

    const run = await kontrak(['run', '--reporters', 'json', '--out', 'reports'], { cwd: project.root });
    expect([0, 1]).toContain(run.code);
    const results = JSON.parse(readFileSync(join(project.root, 'reports', 'results.json'), 'utf8')) as {
      suites: Array<{ name: string; exchanges: Exchange[] }>;
    };
    const scenarios = results.suites.flatMap((s) => s.exchanges);
    const passed = scenarios.filter((r) => r.passed);
    const lines = scenarios
      .filter((r) => !r.passed)
      .map(
        (r) =>
          `  ✗ ${r.name}: ${r.checks
            .filter((c) => !c.passed)
            .map((c) => c.message)
            .join('; ')}`,
      );
    console.log(
      `DANA UAT scenarios against the mock: ${passed.length} of ${scenarios.length} pass\n${lines.join('\n')}`,
    );
    expect(scenarios.length).toBe(33);
    // The success scenarios the mock's DANA emulation stages must pass, and those DANA words its own
    // way (banks/dana.yaml `messages`) or scripts off an amount or a customer (`scenarios`).
    expect(passed.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'PaymentSuccess',
        'PaymentFailInvalidSignature',
        'DisbursementBankValidAccount',
        'DisbursementBankValidAccountInProgress',
        'DisbursementBankInsufficientFund',
        'DisbursementBankInactiveAccount',
        'DisbursementBankInvalidFieldFormat',
        'DisbursementBankInconsistentRequest',
        'CreateOrderRedirect',
        'CreateOrderInvalidFieldFormat',
        'PaymentFailInvalidFormat',
        'PaymentFailNotPermitted',
        'PaymentFailInternalServerError',
        'PaymentFailMerchantNotExistOrStatusAbnormal',
        'TopUpCustomerFrozenAccount',
        'TopUpCustomerInconsistentRequest',
        'TopUpCustomerInternalServerError',
        'TopUpCustomerInternalGeneralError',
        'TopUpCustomerInsufficientFund',
      ]),
    );
  }, 180_000);

  it('never overwrites a file without --force, and writes nothing then', async () => {
    const target = join(project.root, 'collections', 'imported', 'dana-uat-widget-payment.yaml');
    writeFileSync(target, '# mine\n');
    const again = await kontrak(['import', 'dana-uat', FIXTURE], { cwd: project.root });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('error[E_IMPORT_EXISTS]');
    expect(again.stderr).toContain('nothing was written');
    expect(readFileSync(target, 'utf8')).toBe('# mine\n');
    const forced = await kontrak(['import', 'dana-uat', FIXTURE, '--force'], { cwd: project.root });
    expect(forced.code).toBe(0);
    expect(readFileSync(target, 'utf8')).toContain('PaymentSuccess');
  }, 60_000);
});
