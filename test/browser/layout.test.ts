import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteBackend, type TestDatabase } from '../support/backends.ts';
import { chromiumSuite, hasChromium, openBrowser, overflowingControls, screenshot, signIn, type DashboardBrowser } from '../support/browser.ts';
import { startTestService, type RunningService } from '../support/service.ts';
import { startTarget, type Target } from '../support/target.ts';

const WAIT_MS = 20_000;
/** A laptop and a phone (iPhone 12–15 CSS width). */
const WIDTHS = [1280, 390] as const;

/**
 * Every view of the dashboard at each width, filled with data that tends to push layouts apart (long titles and
 * URLs, every kind of schedule, down and deleted monitors): nothing may stick out of its container or the viewport,
 * and nothing may make the page or a table scroll sideways. Screenshots go to test-results/dashboard/.
 */
describe.skipIf(!hasChromium)(chromiumSuite('dashboard layout in Chromium'), () => {
  let db: TestDatabase | undefined;
  let service: RunningService | undefined;
  let target: Target | undefined;
  let browser: DashboardBrowser | undefined;
  let page: Page;
  let runningTask = 0;
  let failingTask = 0;
  let downMonitor = 0;

  beforeAll(async () => {
    target = await startTarget();
    target.on('/fail', (_req, res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('service unavailable: the database is being migrated, try again later'));
    db = await pgliteBackend.create();
    service = await startTestService(db);
    const api = service.api.bind(service);
    const longPath = `${target.url}/hooks/nightly-report/${'segment-'.repeat(8)}end?token=abc&region=eu-west-2&verbose=true`;
    const created = async (path: string, body: unknown) => {
      const r = await api(path, { body });
      expect([200, 201]).toContain(r.status);
      return r.body as { id: number };
    };
    await created('/v1/tasks', { title: 'Send the weekday morning report to the whole operations team, with the overnight figures', cron: '0 8 * * 1-5', timezone: 'Europe/London', http: { method: 'POST', url: longPath } });
    runningTask = (await created('/v1/tasks', { title: 'heartbeat of the target', interval: 1, http: { method: 'GET', url: `${target.url}/ok` } })).id;
    failingTask = (await created('/v1/tasks', { title: 'failing call', interval: 3600, http: { method: 'GET', url: `${target.url}/fail` }, retry: { max_attempts: 1 } })).id;
    await api(`/v1/tasks/${failingTask}/trigger`, { method: 'POST' });
    await created('/v1/tasks', { title: 'once, tomorrow', schedule_time: new Date(Date.now() + 86_400_000).toISOString(), http: { method: 'GET', url: `${target.url}/ok` } });
    const paused = await created('/v1/tasks', { title: 'paused task', interval: '5m', http: { method: 'DELETE', url: `${target.url}/ok` } });
    await api(`/v1/tasks/${paused.id}/pause`, { method: 'POST' });

    await created('/v1/monitors', { url: `${target.url}/ok`, interval: 1 });
    downMonitor = (await created('/v1/monitors', { url: longPath.replace('/hooks', '/fail?'), interval: 1 })).id;
    await created('/v1/monitors', { url: `${target.url}/fail`, interval: 3600 });
    const gone = await created('/v1/monitors', { url: `${target.url}/gone`, interval: 3600 });
    await api(`/v1/monitors/${gone.id}`, { method: 'DELETE' });
    await created('/v1/monitors', { type: 'heartbeat', period: '1h', grace: '5m' });

    browser = await openBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await db?.drop();
    await target?.close();
  });

  async function open(hash: string, ready: string) {
    await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
    await page.locator(ready).first().waitFor({ timeout: WAIT_MS });
  }

  /** Asserts nothing sticks out, then saves the screenshot (also when something does, to see it). */
  async function check(name: string) {
    const problems = await overflowingControls(page);
    await screenshot(page, name);
    expect(problems).toEqual([]);
  }

  for (const width of WIDTHS) {
    describe(`at ${width} px`, () => {
      beforeAll(async () => {
        await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
        if (!(await page.isVisible('#dashboard'))) await signIn(page, service?.url ?? '');
      });

      it('fits the task list, its action buttons and the recent runs', async () => {
        // A fresh failure, so it is among the newest runs listed (the 1 s task keeps adding runs).
        expect((await service?.api(`/v1/tasks/${failingTask}/trigger`, { method: 'POST' }))?.status).toBe(202);
        await open('#/tasks', '#tasks tr[data-state="paused"]');
        await page.locator('#runs tr[data-status="failed"]').first().waitFor({ timeout: WAIT_MS });
        await page.locator('#runs tr[data-status="succeeded"]').first().waitFor({ timeout: WAIT_MS });
        // Every task's buttons are on the screen, none clipped.
        for (const button of await page.locator('#tasks button').all()) expect(await button.isVisible()).toBe(true);
        await check('tasks');
      });

      it("fits a task's page with its next times and runs", async () => {
        await open(`#/tasks/${runningTask}`, '#task-runs tr[data-status="succeeded"]');
        await page.locator('#task-next li').nth(9).waitFor({ timeout: WAIT_MS });
        await check('task');
      });

      it('fits the task form and its preview', async () => {
        await open('#/tasks/new', '#task-form');
        await page.selectOption('#schedule-kind', 'cron');
        await page.fill('#cron', '30 1 * * *');
        await page.fill('#timezone', 'Europe/London');
        await page.fill('#http-url', `${target?.url}/a/rather/long/path/that/keeps/going/and/going?with=query&and=more`);
        await page.locator('#preview-times li').nth(9).waitFor({ timeout: WAIT_MS });
        await check('task-form');
      });

      it('fits the monitors, a selected monitor with its charts, and the form', async () => {
        await open(`#/monitors/${downMonitor}`, '#monitors tr[data-active="false"]');
        await page.locator(`#monitors tr[data-monitor-id="${downMonitor}"][data-status="down"]`).waitFor({ timeout: WAIT_MS });
        expect(await page.getAttribute(`#monitors tr[data-monitor-id="${downMonitor}"] button[data-action="select"]`, 'aria-pressed')).toBe('true');
        await page.locator('#latency-chart circle.failed').first().waitFor({ timeout: WAIT_MS });
        await page.locator('#checks tr').first().waitFor({ timeout: WAIT_MS });
        await check('monitors');
      });

      it('fits the live events', async () => {
        await open('#/events', '#events li[data-type="run.succeeded"]');
        // A failure arrives while the view is open (the view starts a little before the newest event).
        await page.locator('#live-state[data-state="live"]').waitFor({ timeout: WAIT_MS });
        expect((await service?.api(`/v1/tasks/${failingTask}/trigger`, { method: 'POST' }))?.status).toBe(202);
        await page.locator('#events li[data-type="run.failed"]').first().waitFor({ timeout: WAIT_MS });
        // One event opened, its full data shown.
        await page.locator('#events li details summary').first().click();
        await check('events');
      });
    });
  }

  it('labels every input, gives every button text, and shows where the keyboard focus is', async () => {
    // Strings, not functions: this file is type-checked without the DOM library.
    const unlabelled = `[...document.querySelectorAll('input, select, textarea')]
      .filter((e) => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label'))
      .map((e) => e.id || e.name)`;
    const textless = `[...document.querySelectorAll('button, a')].filter((e) => e.textContent.trim() === '').map((e) => e.outerHTML.slice(0, 80))`;
    const views: [string, string][] = [['#/tasks', '#tasks tr'], [`#/tasks/${runningTask}`, '#task-facts dt'], ['#/tasks/new', '#task-form'], [`#/monitors/${downMonitor}`, '#checks tr'], ['#/events', '#events li']];
    for (const [hash, ready] of views) {
      await open(hash, ready);
      expect(await page.evaluate(unlabelled), hash).toEqual([]);
      expect(await page.evaluate(textless), hash).toEqual([]);
    }
    await page.evaluate("window.location.hash = '#/tasks/new'");
    await page.locator('#title').waitFor({ state: 'visible' });
    await page.locator('#title').focus();
    for (let i = 0; i < 3; i += 1) {
      await page.keyboard.press('Tab');
      const outline = (await page.evaluate("(() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; })()")) as string;
      expect(outline).not.toMatch(/^none|\b0px$/);
    }
  });

  it('logged no console errors and no Content-Security-Policy violations', () => {
    expect(browser?.consoleErrors).toEqual([]);
    expect(browser?.cspViolations).toEqual([]);
  });
});
