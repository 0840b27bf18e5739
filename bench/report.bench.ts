/**
 * Report size and write time at 1,000 and 10,000 requests (2 % failing, with schema violations
 * and a string-to-sign comparison), and how fast chromium opens the 10,000-request page when it
 * is installed. Prints `report bytes per request: <n>` (HTML, at 10,000).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ExchangeResult, RunResult, SuiteResult } from '../src/model/results.ts';
import { writeReports, type ReporterName } from '../src/report/write.ts';
import { totalsOf } from '../src/model/totals.ts';
import { must } from '../src/must.ts';

const CHROMIUM = process.env.KONTRAK_CHROMIUM ?? '/usr/bin/chromium';

function exchange(i: number): ExchangeResult {
  const failed = i % 50 === 7;
  const stringToSign = `POST:/api/v1.0/transfer-va/create-va:«nicepay_access_token:redacted»:${'0a'.repeat(32)}:2024-03-05T17:37:16+07:00`;
  return {
    requestId: `suite/${i}`,
    name: `create VA ${i}`,
    negative: false,
    passed: !failed,
    ...(failed ? { failureClass: 'contract' as const } : {}),
    source: { file: 'collections/nicepay/va.yaml', line: 20 + i, column: 7 },
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:4010/nicepay/api/v1.0/transfer-va/create-va',
      headers: [
        { key: 'Content-Type', value: 'application/json' },
        { key: 'X-TIMESTAMP', value: '2024-03-05T17:37:16+07:00' },
        { key: 'X-PARTNER-ID', value: 'IONPAYTEST' },
        { key: 'X-EXTERNAL-ID', value: String(4_000_000_000_000_000 + i) },
        { key: 'Authorization', value: 'Bearer «nicepay_access_token:redacted»' },
        {
          key: 'X-SIGNATURE',
          value: 'q2Jm0d4nTQ0yA+3VbqCjz0vT3pJ1n0m0Yl0R3v6xwVv4a2fH6r0E0iWJpW8sZ2wqT9bQv1kF2rD7Y9cS4xgkQ==',
        },
      ],
      body: `{"partnerServiceId":"","customerNo":"","virtualAccountNo":"","virtualAccountName":"Kontrak Test Customer","trxId":"KONTRAK${i}","totalAmount":{"value":"10000.00","currency":"IDR"},"additionalInfo":{"bankCd":"BMRI","goodsNm":"Contract test"}}`,
      bodyBytes: 214,
      truncated: false,
    },
    response: {
      status: 200,
      timeMs: 14,
      headers: [
        { key: 'Content-Type', value: 'application/json; charset=utf-8' },
        { key: 'X-TIMESTAMP', value: '2024-03-05T17:37:16+07:00' },
      ],
      body: `{"responseCode":"2002700","responseMessage":"Successful","virtualAccountData":{"partnerServiceId":"","customerNo":"","virtualAccountNo":"8888${i}","trxId":"KONTRAK${i}","totalAmount":{"value":"10000.00","currency":"IDR"}}}`,
      bodyBytes: 220,
      truncated: false,
    },
    signing: {
      scheme: 'snap-transaction',
      stringToSign,
      ...(failed ? { expectedStringToSign: stringToSign.replace('0a0a', '0a0b') } : {}),
    },
    checks: [
      { name: 'status', passed: true, message: 'HTTP 200 as expected' },
      { name: 'responseCode', passed: true, message: '2002700: status 200, service 27' },
      failed
        ? {
            name: 'schema',
            passed: false,
            message: '1 violation of nicepay/create-va.response.json',
            violations: [
              {
                pointer: '/virtualAccountData/totalAmount/value',
                rule: 'pattern',
                message: 'must match pattern "^\\d+\\.\\d{2}$"',
                value: '10000',
              },
            ],
          }
        : { name: 'schema', passed: true, message: 'matches nicepay/create-va.response.json' },
    ],
  };
}

function syntheticRun(requests: number): RunResult {
  const suites: SuiteResult[] = [];
  for (let s = 0; s < requests / 100; s++) {
    const exchanges = Array.from({ length: 100 }, (_, i) => exchange(s * 100 + i));
    const passed = exchanges.filter((x) => x.passed).length;
    suites.push({
      name: `suite-${s}`,
      provider: 'nicepay',
      file: 'collections/nicepay/va.yaml',
      durationMs: 2500,
      exchanges,
      passed,
      failed: 100 - passed,
    });
  }
  return {
    kontrak: 1,
    environment: 'mock',
    startedAt: new Date(0).toISOString(),
    durationMs: 60_000,
    commit: 'abcdef123456',
    suites,
    totals: totalsOf(suites),
  };
}

async function openInChromium(file: string): Promise<string> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'kontrak-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const warm = context.pages()[0] ?? (await context.newPage());
    await warm.goto(pathToFileURL(file).href); // the first page of a fresh profile also pays for the browser's own start
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    const [paint = NaN, ready = NaN, load = NaN] = await page.evaluate<number[]>(
      `(() => { const n = performance.getEntriesByType('navigation')[0]; const p = performance.getEntriesByName('first-contentful-paint')[0]; return [p ? p.startTime : -1, n.domContentLoadedEventEnd, n.loadEventEnd]; })()`,
    );
    const filter = await page.evaluate<number>(
      `(() => { const s = performance.now(); const f = document.getElementById('only-failed'); f.checked = true; f.dispatchEvent(new Event('change')); document.body.offsetHeight; return performance.now() - s; })()`,
    );
    return `first paint ${paint.toFixed(0)} ms, DOMContentLoaded ${ready.toFixed(0)} ms, load ${load.toFixed(0)} ms, "failures only" ${filter.toFixed(0)} ms`;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kontrak-bench-report-'));
  try {
    let perRequest = 0;
    for (const requests of [1_000, 10_000]) {
      const result = syntheticRun(requests);
      const parts: string[] = [];
      for (const reporter of ['html', 'junit', 'json'] as ReporterName[]) {
        const started = performance.now();
        const [path] = await writeReports(result, {
          outDir: join(dir, String(requests)),
          reporters: [reporter],
        });
        const ms = performance.now() - started;
        const bytes = statSync(must(path, `${reporter} report`)).size;
        parts.push(`${reporter} ${(bytes / 1e6).toFixed(2)} MB in ${ms.toFixed(0)} ms`);
        if (reporter === 'html') perRequest = bytes / requests;
      }
      console.log(
        `${requests} requests: ${parts.join(', ')}; ${((perRequest * 1000) / 1048576).toFixed(2)} MiB HTML per 1,000 requests`,
      );
    }
    console.log(`report bytes per request: ${perRequest.toFixed(0)}`);
    if (existsSync(CHROMIUM))
      console.log(
        `chromium, 10,000-request report: ${await openInChromium(join(dir, '10000', 'index.html'))}`,
      );
    else console.log(`chromium not found at ${CHROMIUM}: page-open timing skipped`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
