/**
 * Mandiri's evidence PDF: printed by a headless Chromium through playwright-core, both optional.
 * playwright-core is not among kontrak's dependencies (a browser driver most teams never need);
 * without it, or without a Chromium, the HTML is written all the same and a warning (W_NO_PDF)
 * says how to get the PDF: a green run stays green.
 */
import { existsSync } from 'node:fs';
import { warning, type Diagnostic } from '../../diagnostics/diagnostic.ts';

/** playwright-core's launcher, as far as printing a page goes. */
interface Launcher {
  chromium: {
    launch(options: { executablePath: string; args: string[] }): Promise<{
      newContext(options: { offline: boolean; javaScriptEnabled: boolean }): Promise<{
        newPage(): Promise<{
          setContent(html: string, options: { waitUntil: 'load' }): Promise<void>;
          pdf(options: { format: string; landscape: boolean; printBackground: boolean }): Promise<Buffer>;
        }>;
      }>;
      close(): Promise<void>;
    }>;
  };
}

/** The Chromium to print with, if any. */
export function chromiumPath(env: Record<string, string | undefined>): string | undefined {
  const path = env['KONTRAK_CHROMIUM'] ?? '/usr/bin/chromium';
  return existsSync(path) ? path : undefined;
}

const isMissingModule = (e: unknown): boolean =>
  e instanceof Error &&
  'code' in e &&
  (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND') &&
  e.message.includes('playwright-core');

/** playwright-core when the project (or kontrak's checkout) has it; undefined when it is not installed. */
async function launcher(): Promise<Launcher | undefined> {
  try {
    // A variable specifier: an optional package, not one the compiler or a bundler must find.
    const name = 'playwright-core';
    return (await import(name)) as Launcher;
  } catch (e) {
    if (isMissingModule(e)) return undefined;
    throw e;
  }
}

async function print(playwright: Launcher, html: string, executablePath: string): Promise<Buffer> {
  const browser = await playwright.chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    const tab = await context.newPage();
    await tab.setContent(html, { waitUntil: 'load' });
    return await tab.pdf({ format: 'A4', landscape: true, printBackground: true });
  } finally {
    await browser.close();
  }
}

/** The page printed landscape, or the warning that says why there is no PDF. */
export async function printPdf(
  html: string,
  env: Record<string, string | undefined>,
): Promise<{ pdf: Buffer } | { warning: Diagnostic }> {
  const playwright = await launcher();
  if (!playwright)
    return {
      warning: warning(
        'W_NO_PDF',
        'mandiri/evidence.pdf not written: playwright-core is not installed (mandiri/evidence.html is written)',
      ),
    };
  const executable = chromiumPath(env);
  if (!executable)
    return {
      warning: warning(
        'W_NO_PDF',
        `mandiri/evidence.pdf not written: no Chromium at ${env['KONTRAK_CHROMIUM'] ?? '/usr/bin/chromium'} (mandiri/evidence.html is written)`,
      ),
    };
  return { pdf: await print(playwright, html, executable) };
}
