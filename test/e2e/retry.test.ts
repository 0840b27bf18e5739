/**
 * `retry:` end to end against the embedded mock bank: a transfer that passes on its retry is
 * reported as flaky (console, results.json, junit.xml, HTML), and a transfer whose answer was
 * lost after the bank processed it is retried with the same external id and refused as a
 * duplicate: the balance moves once per transfer, never twice.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeResult, RunResult } from '../../src/model/results.ts';
import { kontrak, type CliResult } from '../support/cli.ts';
import { REPO_ROOT, tempProject } from '../support/project.ts';
import { readCheckedResults } from '../support/results-schema.ts';

const balance = (name: string) => `
    - name: ${name}
      method: POST
      service: balance-inquiry
      sign: snap-transaction
      body: { partnerReferenceNo: "BAL{{$timestamp}}{{$randomInt}}", accountNo: "0011223344" }
      expect: { status: 200, responseCode: "2001100" }
`;
const transfer = (name: string, fault: string, retry: string) => `
    - name: ${name}
      method: POST
      service: transfer-intrabank
      sign: snap-transaction
      headers: { X-Kontrak-Fault: "${fault}" }
      body:
        partnerReferenceNo: "TRF{{$timestamp}}{{$randomInt}}"
        amount: { value: "10000.00", currency: IDR }
        beneficiaryAccountNo: "5566778899"
        sourceAccountNo: "0011223344"
        transactionDate: "{{$isoTimestamp}}"
      expect: { status: 200, responseCode: "2001700", schema: snap/transfer-intrabank.response.json }
      retry: ${retry}
`;
const SUITE = `kontrak: 1
suite:
  name: retries
  provider: snap
  requests:
    - name: token
      method: POST
      service: access-token/b2b
      sign: snap-token
      body: { grantType: client_credentials }
      expect: { status: 200, responseCode: "2007300" }
      capture: { snap_access_token: accessToken }
${balance('balance before')}${transfer('transfer that meets a 503 once', 'status=503; times=1', '{ count: 2, backoffMs: 10 }')}${transfer('transfer whose answer is lost once', 'truncated; times=1', '{ count: 2, backoffMs: 10 }')}${transfer('transfer the bank never takes', 'status=503', '{ count: 1, backoffMs: 10 }')}${balance('balance after')}`;

const project = tempProject({ 'collections/snap/retries.yaml': SUITE });
let result: CliResult;
let byName: Map<string, ExchangeResult>;
let run: RunResult;

beforeAll(async () => {
  cpSync(
    join(REPO_ROOT, 'collections', 'snap', 'provider.yaml'),
    join(project.root, 'collections', 'snap', 'provider.yaml'),
  );
  result = await kontrak(['run', '--out', 'out'], { cwd: project.root, env: { CI: 'true' } });
  run = readCheckedResults(join(project.root, 'out', 'results.json'));
  byName = new Map(run.suites[0]!.exchanges.map((x) => [x.name, x]));
});
afterAll(() => project.cleanup());

const header = (x: ExchangeResult, name: string) =>
  x.request.headers.find((h) => h.key.toLowerCase() === name.toLowerCase())?.value;
const available = (x: ExchangeResult): number =>
  Number(
    (JSON.parse(x.response!.body) as { accountInfos: Array<{ availableBalance: { value: string } }> })
      .accountInfos[0]!.availableBalance.value,
  );

describe('retry against the mock bank', () => {
  it('reports a pass after a retry as flaky, not as a plain pass', () => {
    const flaky = byName.get('transfer that meets a 503 once')!;
    expect(flaky.passed).toBe(true);
    expect(flaky.flaky).toBe(true);
    expect(flaky.attempts).toEqual([
      {
        cause: '5xx',
        status: 503,
        timeMs: expect.any(Number) as number,
        externalId: header(flaky, 'X-EXTERNAL-ID'),
        waitMs: 10,
      },
    ]);
    expect(run.totals.flakyRequests).toBe(1);
    expect(result.stdout).toMatch(/~ transfer that meets a 503 once \[flaky\] passed on attempt 2 after 503/);
    expect(result.stdout).toMatch(/\d+ passed \(1 flaky\), 2 failed/);
    const junit = readFileSync(join(project.root, 'out', 'junit.xml'), 'utf8');
    expect(junit.match(/<flakyFailure message="attempt 1 of 2: HTTP 503/g)).toHaveLength(1);
    const html = readFileSync(join(project.root, 'out', 'index.html'), 'utf8');
    expect(html).toContain('<i class="flaky">FLAKY</i>');
    expect(html).toMatch(/data-testid="flaky">1</);
  });

  it('retries a processed transfer with the same external id, and the bank refuses the duplicate', () => {
    const lost = byName.get('transfer whose answer is lost once')!;
    expect(lost.attempts?.map((a) => a.cause)).toEqual(['transport']);
    expect(lost.attempts![0]!.externalId).toBe(header(lost, 'X-EXTERNAL-ID'));
    expect(lost.response?.status).toBe(409);
    expect((JSON.parse(lost.response!.body) as { responseCode?: unknown }).responseCode).toBe('4091700');
    expect(lost.passed).toBe(false);
    expect(lost.flaky).toBeUndefined();
  });

  it('stops after its retries and fails as infrastructure', () => {
    const never = byName.get('transfer the bank never takes')!;
    expect(never.attempts?.map((a) => a.status)).toEqual([503]);
    expect(never.response?.status).toBe(503);
    expect(never.failureClass).toBe('infrastructure');
    expect(result.code).toBe(1);
  });

  it('moves money once per transfer that reached the bank, never twice', () => {
    expect(available(byName.get('balance before')!) - available(byName.get('balance after')!)).toBe(20_000);
  });
});
