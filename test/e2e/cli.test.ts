import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.ts';
import { coverageText } from '../../src/report/coverage.ts';
import { kontrak } from '../support/cli.ts';
import { defined } from '../support/defined.ts';
import { failedExchanges } from '../support/exchanges.ts';
import { PROVIDER_YAML, SUITE_YAML, tempDir, tempProject } from '../support/project.ts';
import { readCheckedResults } from '../support/results-schema.ts';

const out = tempDir();
afterAll(() => out.cleanup());

/** No credentials may leak in from the developer's shell into these runs. */
const CLEAN_ENV = {
  NICEPAY_CLIENT_ID: '',
  NICEPAY_CLIENT_SECRET: '',
  NICEPAY_PRIVATE_KEY: '',
  NICEPAY_BASE_URL: '',
};

/** results.json of the run of every shipped suite, for the coverage matrix's tests below. */
let whole: RunResult | undefined;

describe('kontrak run (against the embedded mock)', () => {
  it('runs every suite, exits 0 and writes the three reports', async () => {
    const result = await kontrak(['run', '--out', out.dir], { env: CLEAN_ENV });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/PASS nicepay-va {2}(\d+)\/\1 requests passed/);
    // The coverage matrix is kontrak's own text: one console line per row, no escaped newlines.
    expect(result.stdout).toMatch(/^\d+ of 81 SNAP services tested across \d+ providers$/m);
    expect(result.stdout).toMatch(/^73 +Access token B2B +[✓·]/m);
    expect(result.stdout).not.toContain('\\x0a');
    for (const file of ['index.html', 'junit.xml', 'results.json'])
      expect(existsSync(join(out.dir, file))).toBe(true);

    const results = readCheckedResults(join(out.dir, 'results.json'));
    whole = results;
    expect(results.environment).toBe('mock');
    expect(failedExchanges(results)).toEqual([]);
    expect(results.totals).toMatchObject({ failedRequests: 0, failedChecks: 0 });
    const exchanges = results.suites.find((s) => s.name === 'nicepay-va')!.exchanges;
    const named = (name: string) => exchanges.find((e) => e.name === name)!;
    const [token, createVa, tampered] = [
      named('access token B2B'),
      named('create VA'),
      named('access token with a tampered signature is rejected'),
    ];
    // Derived negatives are marked and rejected with their expected codes.
    expect(
      exchanges
        .filter((e) => e.name.startsWith('create VA [negative:'))
        .map((e) => [e.negative, e.passed, e.response?.status]),
    ).toEqual([
      [true, true, 401], // signature
      [true, true, 401], // token
      [true, true, 401], // missing-token
      [true, true, 401], // timestamp
      [true, true, 409], // external-id-reuse
      [true, true, 400], // mandatory-field
      [true, true, 400], // field-format
      [true, true, 409], // duplicate-reference (trxId)
    ]);
    expect(token.checks.map((c) => `${c.name}:${c.passed}`)).toEqual([
      'status:true',
      'responseCode:true',
      'schema:true',
      'snap:http-status-prefix:true',
      'snap:service-code:true',
      'snap:response-message:true',
      'snap:response-headers:true',
    ]);
    expect(token.signing!.stringToSign).toMatch(/^NICEPAYMOCK\|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    // The transaction signature covers the path without /nicepay and a masked token.
    expect(createVa.signing!.stringToSign).toMatch(
      /^POST:\/api\/v1\.0\/transfer-va\/create-va:«nicepay_access_token:redacted»:[0-9a-f]{64}:/,
    );
    expect(createVa.request.headers.map((h) => h.key)).not.toContain('X-Kontrak-Sign');
    // The negative request was rejected by the mock with its expected string beside ours.
    expect(tampered).toMatchObject({ negative: true, passed: true, response: { status: 401 } });
    expect(tampered.signing!.expectedStringToSign).toBe(tampered.signing!.stringToSign);

    const html = readFileSync(join(out.dir, 'index.html'), 'utf8');
    expect(html).toContain('nicepay-va');
    expect(html).toContain('create VA');
    const junit = readFileSync(join(out.dir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(new RegExp(`<testsuites[^>]* tests="${results.totals.checks}"[^>]* failures="0"`));
  });

  it('exits 1 and names the failed check when a contract is broken', async () => {
    const project = tempProject({
      'collections/nicepay/provider.yaml': PROVIDER_YAML,
      'collections/nicepay/tiny.yaml': SUITE_YAML.replace(
        'responseCode: "2007300"',
        'responseCode: "2007301"',
      ),
    });
    try {
      const result = await kontrak(['run', '--out', join(project.root, 'reports')], {
        cwd: project.root,
        env: CLEAN_ENV,
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('responseCode: expected responseCode 2007301, got 2007300');
      expect(result.stdout).toMatch(/tiny\.yaml:6/);
    } finally {
      project.cleanup();
    }
  });
});

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

/**
 * The coverage matrix of that real run of every shipped suite against the embedded mock bank: at
 * least 30 catalogue services, every service the catalogue work added among them, across at least
 * 8 providers, with every cell passed. (One whole run serves both: a second one costs a minute of
 * CPU.)
 */
describe('the coverage matrix of the run of every shipped suite', () => {
  const result = (): RunResult => defined(whole, 'results.json of the run of every suite (the test above)');

  it('holds more than 250 passed requests', () => {
    expect(failedExchanges(result())).toEqual([]);
    expect(result().totals.passedRequests).toBeGreaterThan(250);
  });

  it('shows at least 30 services, every added one, across at least 8 providers, all passed', () => {
    const coverage = defined(result().coverage, 'coverage');
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
    const coverage = defined(result().coverage);
    const lines = coverageText(coverage).split('\n');
    expect(lines[0]).toBe(
      `${String(coverage.tested)} of 81 SNAP services tested across ${String(coverage.providers.length)} providers`,
    );
    expect(lines).toHaveLength(coverage.tested + 2);
    expect(lines.find((l) => l.startsWith('47 '))).toMatch(/QRIS MPM generate QR/);
    expect(lines.join('\n')).not.toContain('✗');
  });
});

describe('kontrak on bad input', () => {
  it('validate exits 2 with a positioned diagnostic for a bad YAML file', async () => {
    const project = tempProject({
      'collections/nicepay/provider.yaml': PROVIDER_YAML,
      'collections/nicepay/tiny.yaml': SUITE_YAML.replace('sign: snap-token', 'sgin: snap-token'),
    });
    try {
      const result = await kontrak(['validate'], { cwd: project.root });
      expect(result.code).toBe(2);
      expect(result.stderr.trimEnd()).toBe(
        [
          'collections/nicepay/tiny.yaml:9:7 error[E_UNKNOWN_KEY] unknown key "sgin" — did you mean "sign"?',
          '  |',
          '9 |       sgin: snap-token',
          '  |       ^^^^',
        ].join('\n'),
      );
    } finally {
      project.cleanup();
    }
  });

  it('run --env sandbox without credentials exits 2 naming each variable, before any request', async () => {
    const result = await kontrak(['run', '--env', 'sandbox', '--out', join(out.dir, 'sandbox')], {
      env: CLEAN_ENV,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('NICEPAY_CLIENT_ID is not set');
    expect(result.stderr).toContain('NICEPAY_PRIVATE_KEY is not set');
    expect(existsSync(join(out.dir, 'sandbox'))).toBe(false);
  });

  it('exits 3 when the target is unreachable, and still writes the report', async () => {
    const { privateKey } = await import('node:crypto').then((c) =>
      c.generateKeyPairSync('rsa', { modulusLength: 2048 }),
    );
    const env = {
      NICEPAY_CLIENT_ID: 'IONPAYTEST',
      NICEPAY_CLIENT_SECRET: 'unreachable-secret',
      NICEPAY_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      NICEPAY_BASE_URL: 'http://127.0.0.1:9',
    };
    const result = await kontrak(
      [
        'run',
        '--env',
        'sandbox',
        '--suite',
        'nicepay-va',
        '--out',
        join(out.dir, 'down'),
        '--timeout',
        '2000',
      ],
      { env },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('E_UNREACHABLE');
    expect(existsSync(join(out.dir, 'down', 'index.html'))).toBe(true);
    const everything =
      result.stdout + result.stderr + readFileSync(join(out.dir, 'down', 'results.json'), 'utf8');
    expect(everything).not.toContain('unreachable-secret');
  });

  it('unknown commands and options are usage errors (exit 4)', async () => {
    expect((await kontrak(['frobnicate'])).code).toBe(4);
    expect((await kontrak(['run', '--nope'])).code).toBe(4);
    for (const args of [['diff', 'only-one.json'], ['evidence'], ['evidence', 'verify']]) {
      const result = await kontrak(args);
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/^error\[E_USAGE\] .+ — kontrak /);
    }
  });
});
