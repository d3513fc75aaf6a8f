import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteBackend, type TestDatabase } from '../support/backends.ts';
import { chromiumSuite, hasChromium, openBrowser, type DashboardBrowser } from '../support/browser.ts';
import { startTestService, TEST_ADMIN_KEY, type RunningService } from '../support/service.ts';

const WAIT_MS = 20_000;

describe.skipIf(!hasChromium)(chromiumSuite('dashboard in Chromium'), () => {
  let db: TestDatabase | undefined;
  let service: RunningService | undefined;
  let target: Server | undefined;
  let targetUrl = '';
  let targetCalls = 0;
  let browser: DashboardBrowser | undefined;
  let page: Page;
  let taskId = '';

  beforeAll(async () => {
    target = createServer((_request, response) => {
      targetCalls += 1;
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    await new Promise<void>((resolve) => target?.listen(0, '127.0.0.1', resolve));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/hook`;

    db = await pgliteBackend.create();
    service = await startTestService(db);

    // The one error the page is expected to log: Chromium reports the 400 of the deliberately bad form submission.
    browser = await openBrowser({ expectedBadRequests: ['/v1/tasks'] });
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await db?.drop();
    await new Promise<void>((resolve) => (target === undefined ? resolve() : target.close(() => resolve())));
  });

  const taskRow = (id: string) => page.locator(`#tasks tr[data-task-id="${id}"]`);

  it('serves the page and its assets with their content types and a strict Content-Security-Policy', async () => {
    const html = await fetch(`${service?.url}/`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = html.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    // Every script is a file of ours: no inline code for the policy to have to allow.
    expect(await html.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);

    const js = await fetch(`${service?.url}/dashboard/app.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    const css = await fetch(`${service?.url}/dashboard/style.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect((await fetch(`${service?.url}/dashboard/nope.js`)).status).toBe(404);
  });

  it('asks for an API key and shows the dashboard once a valid one is entered', async () => {
    await page.goto(`${service?.url}/`);
    await page.locator('#sign-in-section').waitFor({ state: 'visible' });
    await page.fill('#api-key', TEST_ADMIN_KEY);
    await page.click('#sign-in button[type="submit"]');
    await page.locator('#dashboard').waitFor({ state: 'visible' });
    expect(await page.isVisible('#sign-in-section')).toBe(false);
  });

  it('creates an interval task from the form, lists it and shows its succeeded run', async () => {
    await page.fill('#title', 'ping the target');
    await page.selectOption('#schedule-kind', 'interval');
    await page.fill('#interval', '1');
    await page.selectOption('#action-kind', 'http');
    await page.fill('#http-url', targetUrl);
    await page.click('#create-task');

    await expect.poll(() => page.textContent('#form-result'), { timeout: WAIT_MS }).toMatch(/^Created task \d+\.$/);
    taskId = /(\d+)/.exec((await page.textContent('#form-result')) ?? '')?.[1] ?? '';
    const row = taskRow(taskId);
    await row.waitFor({ timeout: WAIT_MS });
    expect(await row.locator('[data-testid="task-title"]').textContent()).toBe('ping the target');
    expect(await row.locator('[data-testid="task-schedule"]').textContent()).toBe('every 1 s');
    expect(await row.locator('[data-testid="task-action"]').textContent()).toBe(`GET ${targetUrl}`);
    expect(await row.locator('[data-testid="task-state"]').textContent()).toBe('active');
    // next_run_at is shown in the local zone, with the UTC value in the title.
    expect(await row.locator('[data-testid="task-next-run"] time').getAttribute('title')).toMatch(/Z \(UTC\)$/);

    const run = page.locator(`#runs tr[data-task-id="${taskId}"][data-status="succeeded"]`).first();
    await run.waitFor({ timeout: WAIT_MS });
    expect(await run.locator('[data-testid="run-http-status"]').textContent()).toBe('200');
    expect(targetCalls).toBeGreaterThan(0);
    await page.locator(`#events tr[data-type="run.succeeded"]`).first().waitFor({ timeout: WAIT_MS });
  });

  it('pauses a task from its row and shows it paused', async () => {
    await taskRow(taskId).locator('button[data-action="pause"]').click();
    await page.locator(`#tasks tr[data-task-id="${taskId}"][data-state="paused"]`).waitFor({ timeout: WAIT_MS });
    expect(await taskRow(taskId).locator('[data-testid="task-state"]').textContent()).toBe('paused');
    expect(await taskRow(taskId).locator('button[data-action="resume"]').isVisible()).toBe(true);
    expect((await service?.api(`/v1/tasks/${taskId}`))?.body.state).toBe('paused');
    await page.locator('#events tr[data-type="task.paused"]').waitFor({ timeout: WAIT_MS });
  });

  it('shows the field error of a rejected task next to the field it names', async () => {
    await page.fill('#title', 'a misspelt line');
    await page.selectOption('#action-kind', 'lines');
    await page.fill('#interval', '60');
    await page.fill('#lines', 'bakerlo');
    await page.click('#create-task');

    const error = page.locator('[data-error-for="lines"]');
    await expect.poll(() => error.textContent(), { timeout: WAIT_MS }).toContain('bakerlo');
    expect(await error.isVisible()).toBe(true);
    expect(await page.getAttribute('#lines', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#form-result')).toBe('');
    expect((await service?.api('/v1/tasks'))?.body.items).toHaveLength(1);
  });

  it('forgets the key on sign-out', async () => {
    await page.click('#sign-out');
    await page.locator('#sign-in-section').waitFor({ state: 'visible' });
    expect(await page.evaluate('localStorage.length')).toBe(0);
    expect(await page.locator('#tasks tr').count()).toBe(0);
    await page.reload();
    await page.locator('#sign-in-section').waitFor({ state: 'visible' });
  });

  it('logged no console errors and no Content-Security-Policy violations', () => {
    expect(browser?.consoleErrors).toEqual([]);
    expect(browser?.cspViolations).toEqual([]);
  });
});
