/**
 * The HTML report in a real browser: headless Debian chromium driven by playwright-core. Skips
 * (and says why) where no chromium is installed; `.ci/run` installs it so CI always runs this.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWithBaseline } from '../../src/report/baseline.ts';
import { renderHtml } from '../../src/report/html.ts';
import { REPO_ROOT } from '../support/project.ts';
import { sampleRun, syntheticRun } from './_fixtures.ts';

const CHROMIUM = process.env.KONTRAK_CHROMIUM ?? '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM);
if (missing)
  console.warn(
    `browser check of the HTML report skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set KONTRAK_CHROMIUM)`,
  );

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe.skipIf(missing)('HTML report in headless chromium', () => {
  const work = mkdtempSync(join(tmpdir(), 'kontrak-browser-'));
  let context: BrowserContext;
  let page: Page;
  const offLoopback: string[] = [];
  const cspErrors: string[] = [];

  beforeAll(async () => {
    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
    });
    context.on('request', (r) => {
      if (!r.url().startsWith('file:')) offLoopback.push(r.url());
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
    });
    const file = join(work, 'index.html');
    writeFileSync(file, renderHtml(sampleRun()));
    await page.goto(pathToFileURL(file).href);
  });

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
    await context?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const visible = (selector: string) => page.locator(selector).filter({ visible: true });

  it('shows the summary first: verdict, environment, commit and per-suite counts', async () => {
    const summary = page.getByTestId('summary');
    await expect.poll(() => summary.getAttribute('data-failed')).toBe('3');
    const text = await summary.innerText();
    expect(text).toContain('FAILED');
    expect(text).toContain('kontrak · mock');
    expect(text).toContain('1970700abc');
    expect(text).toMatch(/nicepay-va\s+nicepay\s+2\s+3\s+5/);
    expect(await page.getByTestId('failures').locator('li').count()).toBe(3);
  });

  it('opens a failure from the list with its checks, schema errors and the string-to-sign comparison', async () => {
    await page.getByTestId('failures').getByRole('link').first().click();
    const failed = page.locator('details[data-status=failed]').first();
    expect(await failed.getAttribute('open')).not.toBeNull();
    await expect.poll(() => failed.locator('table').isVisible()).toBe(true);
    const table = await failed.locator('table').innerText();
    expect(table).toContain('/virtualAccountData/totalAmount/value');
    expect(table).toContain('pattern');
    expect(await failed.getByTestId('sts-sent').locator('mark').innerText()).toBe('c');
    expect(await failed.getByTestId('sts-expected').locator('mark').innerText()).toBe('d');
    expect(await failed.innerText()).toContain('first difference at character 44');
  });

  it('keeps passed requests collapsed until clicked; expand all and collapse all work', async () => {
    const passed = page.locator('details[data-status=passed]').first();
    expect(await passed.getAttribute('open')).toBeNull();
    expect(await passed.getAttribute('data-packed')).toBe('0');
    expect(await passed.locator('h4').count()).toBe(0); // packed: no DOM until opened
    await passed.locator(':scope > summary').click();
    expect(await passed.getAttribute('open')).not.toBeNull();
    await expect.poll(() => passed.locator('h4').count()).toBe(2);
    expect(await passed.getAttribute('data-packed')).toBeNull();
    expect(await passed.innerText()).toContain('HTTP 200 as expected');
    expect(await passed.locator('h4').first().isVisible()).toBe(true);
    await passed.locator(':scope > summary').click();
    expect(await passed.locator('h4').first().isVisible()).toBe(false);
    await page.locator('#collapse-all').click();
    expect(await page.locator('details[open]').count()).toBe(0);
    await page.locator('#expand-all').click();
    expect(await page.locator('details[open]').count()).toBe(7);
    await expect.poll(() => page.locator('details[data-packed]').count()).toBe(0); // every one unpacked
    expect(
      await page
        .locator('details[data-status=passed] pre')
        .filter({ hasText: 'path=/v1/mpn&verb=POST' })
        .isVisible(),
    ).toBe(true);
    await page.locator('#collapse-all').click();
  });

  it('filters: failures only, and a search over name, method, URL and status', async () => {
    await page.locator('#only-failed').check();
    await expect.poll(() => visible('details[data-testid=exchange]').count()).toBe(3);
    expect(await page.getByTestId('shown').innerText()).toBe('3 of 7 requests shown');
    await page.locator('#only-failed').uncheck();
    await page.locator('#filter').fill('inquiry');
    await expect.poll(() => visible('details[data-testid=exchange]').count()).toBe(2); // "inquiry", "billing inquiry"
    await page.locator('#filter').fill('/v1/mpn');
    await expect.poll(() => page.getByTestId('shown').innerText()).toBe('1 of 7 requests shown');
    await page.locator('#filter').fill('');
    await expect.poll(() => visible('details[data-testid=exchange]').count()).toBe(7);
  });

  it('loads nothing from the network, runs its script under its own CSP, and is saved as a screenshot', async () => {
    await page.locator('#only-failed').check();
    await page.locator('#expand-all').click();
    mkdirSync(join(REPO_ROOT, 'reports'), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, 'reports', 'report-browser.png'), fullPage: true });
    await page.locator('#only-failed').uncheck();
    expect(offLoopback).toEqual([]);
    expect(cspErrors).toEqual([]);
  });

  it('shows what changed since the baseline first, and response times as an inline chart, under the CSP', async () => {
    const shaped = (fields: Record<string, string>, slow: number) => {
      const run = sampleRun();
      for (const suite of run.suites)
        for (const x of suite.exchanges)
          if (x.response) {
            x.response.shape = { fields, headers: ['content-type'], responseCode: '2000000' };
            x.response.timeMs = slow;
          }
      return run;
    };
    const baseline = shaped({ $: 'object', '$.responseMessage': 'string', '$.amount.value': 'string' }, 40);
    const current = shaped({ $: 'object', '$.responseMsg': 'string', '$.amount.value': 'number' }, 400);
    const file = join(work, 'drift.html');
    writeFileSync(
      file,
      renderHtml(current, compareWithBaseline(baseline, current, 'last-night/results.json')),
    );
    const errors: string[] = [];
    const drifted = await context.newPage();
    drifted.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) errors.push(m.text());
    });
    await drifted.goto(pathToFileURL(file).href);
    const section = drifted.getByTestId('drift');
    expect(await section.isVisible()).toBe(true);
    // First: above the failures, right under the summary.
    const order = await drifted.evaluate(
      'document.querySelector("[data-testid=drift]").compareDocumentPosition(document.querySelector("[data-testid=failures]")) & Node.DOCUMENT_POSITION_FOLLOWING',
    );
    expect(order).toBeTruthy();
    const text = await section.innerText();
    expect(text).toContain('Changed since baseline');
    expect(text).toContain('last-night/results.json');
    expect(text).toContain('bri-mpn › billing inquiry');
    expect(text).toContain('- field $.responseMessage (string)');
    expect(text).toContain('+ field $.responseMsg (string)');
    expect(text).toContain('~ field $.amount.value: string → number');
    const charts = drifted.getByTestId('times');
    expect(await charts.count()).toBe(2);
    const bars = await charts
      .first()
      .locator('rect')
      .evaluateAll((rs: Array<{ getAttribute(name: string): string | null }>) =>
        rs.map((r) => ({ width: Number(r.getAttribute('width')), fill: r.getAttribute('fill') })),
      );
    expect(bars.length).toBeGreaterThan(0);
    expect(bars.some((b) => b.fill === '#d92d20')).toBe(true); // ten times slower shows red
    expect((await charts.first().boundingBox())?.height).toBeGreaterThan(10);
    expect(errors).toEqual([]);
    await drifted.close();
  });

  it('stays usable at 10,000 requests: opens, filters and expands one request', async () => {
    const run = syntheticRun(10_000);
    run.suites[0]!.exchanges[9_000]!.passed = false;
    run.totals.failedRequests = 1;
    const file = join(work, 'big.html');
    writeFileSync(file, renderHtml(run));
    const big = await context.newPage();
    await big.goto(pathToFileURL(file).href);
    expect(await big.evaluate('document.querySelectorAll("details[data-testid=exchange]").length')).toBe(
      10_000,
    );
    await big.locator('#only-failed').check();
    await expect.poll(() => big.getByTestId('shown').innerText()).toBe('1 of 10000 requests shown');
    await big.locator('#only-failed').uncheck();
    await big.locator('#filter').fill('create VA 4242');
    await expect.poll(() => big.getByTestId('shown').innerText()).toBe('1 of 10000 requests shown');
    const one = big.locator('details[data-testid=exchange]:not([hidden])');
    await one.locator(':scope > summary').click();
    await expect.poll(() => one.locator('pre').count()).toBeGreaterThan(0);
    expect(await one.locator('pre').first().innerText()).toContain('"trxId":"T4242"');
    await big.close();
  });
});
