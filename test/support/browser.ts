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
 * the API paths whose 400 answers a test provokes on purpose (Chromium logs each one as a console error), and
 * `expectedNotFound` patterns of those whose 404 it does (e.g. a task it deleted).
 */
export async function openBrowser({ expectedBadRequests = [], expectedNotFound = [] }: { expectedBadRequests?: string[]; expectedNotFound?: RegExp[] } = {}): Promise<DashboardBrowser> {
  const path = (msg: ConsoleMessage) => new URL(msg.location().url || 'about:blank').pathname;
  const isExpectedBadRequest = (msg: ConsoleMessage) =>
    (/status of 400/.test(msg.text()) && expectedBadRequests.includes(path(msg))) ||
    (/status of 404/.test(msg.text()) && expectedNotFound.some((re) => re.test(path(msg))));

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // One locale, so the tests can read dates as shown ("Mar 28, 2027, 2:00:00 AM Europe/London") on any machine.
  const page = await browser.newPage({ locale: 'en-US' });
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

/** Where the browser tests put their screenshots (test-results/ is gitignored; CI keeps it as an artifact). */
export const SCREENSHOT_DIR = 'test-results/dashboard';

/** Saves a full-page screenshot as test-results/dashboard/<name>-<width>px.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = `${SCREENSHOT_DIR}/${name}-${page.viewportSize()?.width ?? 0}px.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * What sticks out on the page as it is now, as sentences (empty when nothing does): the page scrolling sideways, a
 * control (button, input, select, textarea, link) leaving the viewport or its parent element, a table, form or
 * button row leaving its parent, or a section's content wider than the section. Hidden elements are skipped.
 * (A string, not a function: test files are type-checked without the DOM library.)
 */
const OVERFLOW_PROBE = `(() => {
  const slack = 0.5;
  const vw = document.documentElement.clientWidth;
  const problems = [];
  const name = (e) => {
    const text = (e.getAttribute('aria-label') || e.textContent || e.getAttribute('name') || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + (text ? ' "' + text + '"' : '');
  };
  const shown = (r) => r.width > 0 || r.height > 0;
  if (document.documentElement.scrollWidth > vw + slack) problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' px wide in a ' + vw + ' px viewport');
  const inside = (e, what) => {
    const r = e.getBoundingClientRect();
    if (!shown(r)) return;
    if (r.left < -slack || r.right > vw + slack) problems.push(name(e) + ' leaves the viewport (' + Math.round(r.left) + '..' + Math.round(r.right) + ' of ' + vw + ')');
    const parent = e.parentElement;
    if (parent === null) return;
    const p = parent.getBoundingClientRect();
    if (r.left < p.left - slack || r.right > p.right + slack) problems.push(name(e) + ' overflows its ' + what + ' ' + name(parent).slice(0, 60) + ' (' + Math.round(r.left) + '..' + Math.round(r.right) + ' in ' + Math.round(p.left) + '..' + Math.round(p.right) + ')');
  };
  for (const e of document.querySelectorAll('button, input, select, textarea, a')) inside(e, 'container');
  for (const e of document.querySelectorAll('table, form, fieldset, .buttons, .field, svg, figure, section')) inside(e, 'container');
  for (const e of document.querySelectorAll('section, .scroll, table, pre')) {
    if (shown(e.getBoundingClientRect()) && e.scrollWidth > e.clientWidth + 1) problems.push(name(e).slice(0, 60) + ' scrolls sideways (' + e.scrollWidth + ' > ' + e.clientWidth + ')');
  }
  return problems;
})()`;

export async function overflowingControls(page: Page): Promise<string[]> {
  return (await page.evaluate(OVERFLOW_PROBE)) as string[];
}
