/**
 * Mandiri's evidence PDF is optional: without a Chromium (or without playwright-core, checked on
 * the installed package in test/e2e/package.test.ts) the pack says why in a W_NO_PDF warning.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printPdf } from '../../src/report/evidence/pdf.ts';

const HTML = '<!doctype html><title>t</title><p>evidence</p>';
const CHROMIUM = process.env['KONTRAK_CHROMIUM'] ?? '/usr/bin/chromium';

describe('the evidence PDF', () => {
  it('is a W_NO_PDF warning, naming what to install, when there is no Chromium', async () => {
    const printed = await printPdf(HTML, { KONTRAK_CHROMIUM: '/nonexistent/chromium' });
    expect('warning' in printed).toBe(true);
    if (!('warning' in printed)) return;
    expect(printed.warning.code).toBe('W_NO_PDF');
    expect(printed.warning.severity).toBe('warning');
    expect(printed.warning.message).toContain('/nonexistent/chromium');
  });

  it.skipIf(!existsSync(CHROMIUM))('is a PDF when playwright-core and a Chromium are at hand', async () => {
    const printed = await printPdf(HTML, { KONTRAK_CHROMIUM: CHROMIUM });
    expect('pdf' in printed && printed.pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
