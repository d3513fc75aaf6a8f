import { existsSync } from 'node:fs';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { TEST_ADMIN_KEY } from './service.ts';

// Debian's Chromium (apt-get install chromium); nothing here downloads a browser.
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** A suite name that says why it was skipped when Chromium is missing. */
export const chromiumSuite = (name: string) =>
  `${name}${hasChromium ? '' : ` (skipped: ${CHROMIUM} is missing; apt-get install chromium)`}`;

export interface DashboardBrowser {
  browser: Browser;
  page: Page;
  /** Console errors and uncaught exceptions, except the expected 400s. */
  consoleErrors: string[];
  /** Content-Security-Policy violations the page reported. */
  cspViolations: string[];
  close(): Promise<void>;
}

/**
 * Starts headless Chromium with one page that records console errors and CSP violations. `expectedBadRequests` are
 * the API paths whose 400 answers a test provokes on purpose (Chromium logs each one as a console error).
 */
export async function openBrowser({ expectedBadRequests = [] }: { expectedBadRequests?: string[] } = {}): Promise<DashboardBrowser> {
  const isExpectedBadRequest = (msg: ConsoleMessage) =>
    /status of 400/.test(msg.text()) && expectedBadRequests.includes(new URL(msg.location().url || 'about:blank').pathname);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  const cspViolations: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !isExpectedBadRequest(msg)) consoleErrors.push(`${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`uncaught: ${err.message}`));
  // Strings, not functions: test files are type-checked without the DOM library.
  await page.exposeFunction('reportCspViolation', (v: string) => cspViolations.push(v));
  await page.addInitScript(
    "document.addEventListener('securitypolicyviolation', (e) => window.reportCspViolation(e.violatedDirective + ' ' + e.blockedURI));",
  );
  return { browser, page, consoleErrors, cspViolations, close: () => browser.close() };
}

/** Opens the dashboard at `serviceUrl` and signs in with `key` (default: the test admin key). */
export async function signIn(page: Page, serviceUrl: string, key = TEST_ADMIN_KEY): Promise<void> {
  await page.goto(`${serviceUrl}/`);
  await page.locator('#sign-in-section').waitFor({ state: 'visible' });
  await page.fill('#api-key', key);
  await page.click('#sign-in button[type="submit"]');
  await page.locator('#dashboard').waitFor({ state: 'visible' });
}
