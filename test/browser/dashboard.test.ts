import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { advanceClock, pgliteBackend, type TestDatabase } from '../support/backends.ts';
import { chromiumSuite, hasChromium, openBrowser, type DashboardBrowser } from '../support/browser.ts';
import { startTestService, TEST_ADMIN_KEY, type RunningService } from '../support/service.ts';
import type { EventJson, HttpTaskJson, Page as ApiPage, SchedulePreviewJson, TaskJson } from '../support/api-types.ts';
import { found } from '../support/found.ts';
import { startTarget, type Target } from '../support/target.ts';

const WAIT_MS = 20_000;

describe.skipIf(!hasChromium)(chromiumSuite('dashboard in Chromium'), () => {
  let db: TestDatabase | undefined;
  let service: RunningService | undefined;
  let target: Target | undefined;
  let browser: DashboardBrowser | undefined;
  let page: Page;
  let taskId = '';
  const streamRequests: Request[] = [];

  beforeAll(async () => {
    target = await startTarget();
    target.on('/hook', (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('hello from the target'));
    db = await pgliteBackend.create();
    service = await startTestService(db);
    // What the page is expected to log: the 400s of the deliberately bad submission and of the preview of a bad
    // schedule, and the 404 that tells it the task it shows has been deleted.
    browser = await openBrowser({ expectedBadRequests: ['/v1/tasks', '/v1/schedules/preview'], expectedNotFound: [/^\/v1\/tasks\/\d+$/] });
    page = browser.page;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/v1/events/stream') streamRequests.push(r);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await db?.drop();
    await target?.close();
  });

  const detailRuns = () => page.locator('#task-runs tr');
  const go = async (hash: string) => {
    await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
    await page.locator(`[data-view="${hash.startsWith('#/tasks/new') || hash.endsWith('/edit') ? 'task-form' : /^#\/tasks\/\d+$/.test(hash) ? 'task' : hash.slice(2).split('/')[0]}"]`).waitFor({ state: 'visible' });
  };

  it('serves the page and its assets with their content types and a strict Content-Security-Policy', async () => {
    const html = await fetch(`${service?.url}/`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = html.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    // Every script is a file of ours: no inline code for the policy to have to allow, nothing from elsewhere.
    const text = await html.text();
    expect(text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(text).not.toMatch(/(src|href)="(https?:)?\/\//);

    for (const name of ['app.js', 'tasks.js', 'task-form.js', 'live.js', 'charts.js', 'event-summary.js']) {
      const js = await fetch(`${service?.url}/dashboard/${name}`);
      expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(await js.text()).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    }
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
    await page.locator('#tasks-empty').waitFor({ state: 'visible', timeout: WAIT_MS });
  });

  it('previews a cron schedule while it is typed, with the times in its time zone', async () => {
    await page.click('#new-task-link');
    await page.locator('[data-view="task-form"]').waitFor({ state: 'visible' });
    await page.selectOption('#schedule-kind', 'cron');
    await page.fill('#cron', '0 8 * * *');
    await page.fill('#timezone', 'Europe/London');
    const times = page.locator('#preview-times li');
    await expect.poll(() => times.count(), { timeout: WAIT_MS }).toBe(10);
    // Each time is shown as 08:00 in the zone it is meant in, and named with it.
    for (const text of await times.allTextContents()) expect(text).toMatch(/\b0?8:00:00( AM)? Europe\/London$/);
    const expected = (await service?.api<SchedulePreviewJson>('/v1/schedules/preview', { body: { cron: '0 8 * * *', timezone: 'Europe/London' } }))?.body.next;
    expect(await times.locator('time').evaluateAll((els: any[]) => els.map((e) => e.getAttribute('datetime')))).toEqual(expected);
  });

  it("shows the API's message for a bad schedule next to its field as it is typed, before any submission", async () => {
    await page.selectOption('#schedule-kind', 'interval');
    await page.fill('#interval', 'soon');
    const error = page.locator('#task-form [data-error-for="interval"]');
    await expect.poll(() => error.textContent(), { timeout: WAIT_MS }).toContain('"soon" must be a whole number of seconds');
    expect(await page.getAttribute('#interval', 'aria-invalid')).toBe('true');
    expect(await page.locator('#preview-times li').count()).toBe(0);
    expect((await service?.api<ApiPage<TaskJson>>('/v1/tasks'))?.body.items).toHaveLength(0);
  });

  it('creates an interval task with the preview, then shows its page with the next times and a succeeded run', async () => {
    await page.fill('#title', 'ping the target');
    await page.fill('#interval', '1');
    await expect.poll(() => page.locator('#preview-times li').count(), { timeout: WAIT_MS }).toBe(10);
    expect(await page.textContent('#task-form [data-error-for="interval"]')).toBe('');
    await page.selectOption('#action-kind', 'http');
    await page.fill('#http-url', `${target?.url}/hook`);
    await page.click('#create-task');

    await expect.poll(() => page.textContent('#notice'), { timeout: WAIT_MS }).toMatch(/^Created task \d+\.$/);
    taskId = /(\d+)/.exec((await page.textContent('#notice')) ?? '')?.[1] ?? '';
    await page.locator('[data-view="task"]').waitFor({ state: 'visible' });
    expect(await page.evaluate('window.location.hash')).toBe(`#/tasks/${taskId}`);
    await expect.poll(() => page.textContent('#task-detail-title'), { timeout: WAIT_MS }).toBe(`Task ${taskId}: ping the target`);
    expect(await page.textContent('#task-facts [data-testid="task-schedule"]')).toBe('every 1 s');
    await expect.poll(() => page.locator('#task-next li').count(), { timeout: WAIT_MS }).toBe(10);

    const run = page.locator('#task-runs tr[data-status="succeeded"]').first();
    await run.waitFor({ timeout: WAIT_MS });
    expect(await run.locator('[data-testid="run-http-status"]').textContent()).toBe('200');
    expect(await run.locator('[data-testid="run-response"]').textContent()).toBe('hello from the target');
    expect(await run.locator('[data-testid="run-lateness"]').textContent()).toMatch(/^(on time|\d+(\.\d+)? (ms|s|min|h))$/);
    expect(await run.locator('[data-testid="run-error"]').textContent()).toBe('');
    expect(target?.hits('/hook').length).toBeGreaterThan(0);
  });

  it('lists the task with its actions and its runs on the tasks page, times labelled with their zone', async () => {
    await go('#/tasks');
    const row = page.locator(`#tasks tr[data-task-id="${taskId}"]`);
    await row.waitFor({ timeout: WAIT_MS });
    expect(await row.locator('[data-testid="task-title"]').textContent()).toBe('ping the target');
    expect(await row.locator('[data-testid="task-action"]').textContent()).toBe(`GET ${target?.url}/hook`);
    for (const action of ['pause', 'trigger', 'edit', 'delete']) expect(await row.locator(`button[data-action="${action}"]`).isVisible()).toBe(true);
    const zone = String(await page.evaluate('Intl.DateTimeFormat().resolvedOptions().timeZone'));
    const next = row.locator('[data-testid="task-next-run"] time');
    expect(await next.textContent()).toMatch(new RegExp(` ${zone.replace('/', '\\/')}$`));
    expect(await next.getAttribute('title')).toMatch(/Z \(UTC\)$/);
    await page.locator(`#runs tr[data-task-id="${taskId}"][data-status="succeeded"]`).first().waitFor({ timeout: WAIT_MS });
  });

  it('pauses the task from its page and shows it paused, with no next times', async () => {
    await page.locator(`#tasks tr[data-task-id="${taskId}"] [data-testid="task-link"]`).click();
    await page.locator('[data-view="task"]').waitFor({ state: 'visible' });
    await page.locator('#task-detail-actions button[data-action="pause"]').click();
    await page.locator('#task-facts [data-testid="task-state"].paused').waitFor({ timeout: WAIT_MS });
    await page.locator('#task-detail-actions button[data-action="resume"]').waitFor({ timeout: WAIT_MS });
    await expect.poll(() => page.textContent('#task-next-notes'), { timeout: WAIT_MS }).toBe('the task is paused');
    expect(await page.locator('#task-next li').count()).toBe(0);
    expect((await service?.api<TaskJson>(`/v1/tasks/${taskId}`))?.body.state).toBe('paused');
  });

  it('edits the task from its page, sending only what changed', async () => {
    await page.locator('#task-detail-actions button[data-action="edit"]').click();
    await page.locator('[data-view="task-form"]').waitFor({ state: 'visible' });
    expect(await page.inputValue('#title')).toBe('ping the target');
    expect(await page.inputValue('#interval')).toBe('1');
    expect(await page.inputValue('#http-url')).toBe(`${target?.url}/hook`);
    await page.fill('#title', 'ping the target, renamed');
    await page.click('#create-task');
    await page.locator('[data-view="task"]').waitFor({ state: 'visible', timeout: WAIT_MS });
    await expect.poll(() => page.textContent('#task-detail-title'), { timeout: WAIT_MS }).toBe(`Task ${taskId}: ping the target, renamed`);
    const task = found((await service?.api<HttpTaskJson>(`/v1/tasks/${taskId}`))?.body, 'the task');
    expect(task.title).toBe('ping the target, renamed');
    // Neither the schedule nor the action was sent, so the pause and the action stand.
    expect(task.state).toBe('paused');
    expect(task.action.url).toBe(`${target?.url}/hook`);
  });

  it('watches events arrive in the live view, as sentences, over a stream authorised by header', async () => {
    await go('#/events');
    await expect.poll(() => page.getAttribute('#live-state', 'data-state'), { timeout: WAIT_MS }).toBe('live');
    expect((await service?.api(`/v1/tasks/${taskId}/trigger`, { method: 'POST' }))?.status).toBe(202);
    const succeeded = page.locator('#events li[data-type="run.succeeded"]').first();
    await succeeded.waitFor({ timeout: WAIT_MS });
    expect(await succeeded.locator('[data-testid="event-summary"]').textContent()).toMatch(new RegExp(`^Run \\d+ of task ${taskId} succeeded: HTTP 200 in \\d+(\\.\\d+)? m?s$`));
    // The key travels in the Authorization header, never in the address.
    expect(streamRequests.length).toBeGreaterThan(0);
    for (const r of streamRequests) {
      expect(r.headers().authorization).toBe(`Bearer ${TEST_ADMIN_KEY}`);
      expect(r.url()).not.toContain(TEST_ADMIN_KEY);
    }
    // Narrowed to runs, the task events are hidden (and kept).
    await page.selectOption('#event-filter', 'run.');
    expect(await page.locator('#events li[data-type="task.paused"]').isVisible()).toBe(false);
    expect(await succeeded.isVisible()).toBe(true);
    await page.selectOption('#event-filter', '');
    const paused = page.locator('#events li[data-type="task.paused"]');
    expect(await paused.isVisible()).toBe(true);
    expect(await paused.locator('[data-testid="event-summary"]').textContent()).toBe(`Task ${taskId} “ping the target” paused`);
  });

  it('resumes the live view after the last event it showed, so nothing is missed or shown twice', async () => {
    const before = streamRequests.length;
    await go('#/tasks');
    await expect.poll(() => page.getAttribute('#live-state', 'data-state'), { timeout: WAIT_MS }).toBe('idle');
    expect((await service?.api(`/v1/tasks/${taskId}/resume`, { method: 'POST' }))?.status).toBe(200);
    await go('#/events');
    await page.locator('#events li[data-type="task.resumed"]').waitFor({ timeout: WAIT_MS });
    const resumedFrom = Number(streamRequests[before]?.headers()['last-event-id']);
    expect(resumedFrom).toBeGreaterThan(0);
    const ids = (await page.locator('#events li').evaluateAll((els: any[]) => els.map((e) => Number(e.dataset.eventId)))) as number[];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect((await service?.api(`/v1/tasks/${taskId}/pause`, { method: 'POST' }))?.status).toBe(200);
  });

  it('reconnects when the stream ends and resumes with Last-Event-ID after the last event shown', async () => {
    await go('#/tasks');
    await expect.poll(() => page.getAttribute('#live-state', 'data-state'), { timeout: WAIT_MS }).toBe('idle');
    expect((await service?.api(`/v1/tasks/${taskId}`, { method: 'PATCH', body: { title: 'renamed before the drop' } }))?.status).toBe(200);
    const events = found((await service?.api<ApiPage<EventJson>>('/v1/events?limit=500'))?.body.items, 'the events');
    const last = events.at(-1);
    expect(last?.type).toBe('task.updated');
    // The next stream answers with the newest event and then ends, as a dropped connection would.
    const frames = `retry: 200\n\nid: ${last?.id}\nevent: ${last?.type}\ndata: ${JSON.stringify(last)}\n\n`;
    await page.route('**/v1/events/stream', (route) => route.fulfill({ status: 200, contentType: 'text/event-stream', body: frames }), { times: 1 });
    const before = streamRequests.length;
    await go('#/events');
    await page.locator('#events li[data-type="task.updated"]', { hasText: 'renamed before the drop' }).waitFor({ timeout: WAIT_MS });
    // Reconnected to the service itself, after the last event shown.
    await expect.poll(() => streamRequests.length, { timeout: WAIT_MS }).toBeGreaterThan(before + 1);
    expect(Number(streamRequests[before + 1]?.headers()['last-event-id'])).toBe(last?.id);
    await expect.poll(() => page.getAttribute('#live-state', 'data-state'), { timeout: WAIT_MS }).toBe('live');
    expect((await service?.api(`/v1/tasks/${taskId}`, { method: 'PATCH', body: { title: 'renamed after the drop' } }))?.status).toBe(200);
    await page.locator('#events li[data-type="task.updated"]', { hasText: 'renamed after the drop' }).waitFor({ timeout: WAIT_MS });
    const ids = (await page.locator('#events li').evaluateAll((els: any[]) => els.map((e) => Number(e.dataset.eventId)))) as number[];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows the field error of a rejected task next to the field it names', async () => {
    await go('#/tasks/new');
    await page.fill('#title', 'a misspelt line');
    await page.selectOption('#schedule-kind', 'interval');
    await page.fill('#interval', '60');
    await page.selectOption('#action-kind', 'lines');
    await page.fill('#lines', 'bakerlo');
    await page.click('#create-task');

    const error = page.locator('#task-form [data-error-for="lines"]');
    await expect.poll(() => error.textContent(), { timeout: WAIT_MS }).toContain('bakerlo');
    expect(await error.isVisible()).toBe(true);
    expect(await page.getAttribute('#lines', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#lines', 'aria-describedby')).toBe(await error.getAttribute('id'));
    expect(await page.textContent('#form-error')).toContain('lines');
    expect(await page.textContent('#form-result')).toBe('');
    expect((await service?.api<ApiPage<TaskJson>>('/v1/tasks'))?.body.items).toHaveLength(1);
  });

  it("saves a retry policy, overlap, misfire, deadline and headers, shows them on the task page, and puts the API's message for a bad header name next to the headers", async () => {
    await go('#/tasks/new');
    await page.fill('#title', 'with policies');
    await page.fill('#description', 'calls the hook hourly');
    await page.selectOption('#schedule-kind', 'interval');
    await page.fill('#interval', '3600');
    await page.selectOption('#action-kind', 'http');
    await page.fill('#http-url', `${target?.url}/hook`);
    await page.fill('#http-headers', 'Bad Name: x\nX-Token: s3cret');
    await page.fill('#retry-max-attempts', '5');
    await page.fill('#retry-backoff', '2.5');
    await page.fill('#retry-max-backoff', '60');
    await page.selectOption('#overlap', 'allow');
    await page.selectOption('#misfire', 'skip');
    await page.fill('#expires_at', '2030-01-02T03:04:05');
    await page.fill('#notify_before', '120');
    const before = (await service?.api<ApiPage<TaskJson>>('/v1/tasks'))?.body.items.length;
    await page.click('#create-task');
    const headersError = page.locator('#task-form [data-error-for="http.headers"]');
    await expect.poll(() => headersError.textContent(), { timeout: WAIT_MS }).toBe('header name must be an RFC 9110 token');
    expect(await page.getAttribute('#http-headers', 'aria-invalid')).toBe('true');
    expect((await service?.api<ApiPage<TaskJson>>('/v1/tasks'))?.body.items).toHaveLength(before ?? NaN);

    await page.fill('#http-headers', 'X-Token: s3cret');
    await page.click('#create-task');
    await page.locator('[data-view="task"]').waitFor({ state: 'visible', timeout: WAIT_MS });
    await expect.poll(() => page.textContent('#task-detail-title'), { timeout: WAIT_MS }).toMatch(/^Task \d+: with policies$/);
    const id = /^Task (\d+)/.exec((await page.textContent('#task-detail-title')) ?? '')?.[1] ?? '';
    const facts = page.locator('#task-facts');
    expect(await facts.textContent()).toContain('5 attempts, backoff 2.5 s (at most 60 s)');
    expect(await facts.textContent()).toContain('allow · skip');
    expect(await facts.textContent()).toContain('calls the hook hourly');
    const task = found((await service?.api<HttpTaskJson>(`/v1/tasks/${id}`))?.body, 'the task');
    expect(task).toMatchObject({ description: 'calls the hook hourly', retry: { max_attempts: 5, backoff_s: 2.5, max_backoff_s: 60 }, overlap: 'allow', misfire: 'skip', notify_before: 120 });
    expect(task.expires_at).toBe(await page.evaluate("new Date('2030-01-02T03:04:05').toISOString()"));
    expect(task.action.headers).toEqual({ 'X-Token': '***' });

    // Edited: the form shows what is stored, and only the change is sent (the sealed header value is kept).
    await page.locator('#task-detail-actions button[data-action="edit"]').click();
    await page.locator('[data-view="task-form"]').waitFor({ state: 'visible' });
    expect(await page.inputValue('#retry-max-attempts')).toBe('5');
    expect(await page.inputValue('#http-headers')).toBe('X-Token: ***');
    await page.fill('#retry-max-attempts', '7');
    await page.click('#create-task');
    await page.locator('[data-view="task"]').waitFor({ state: 'visible', timeout: WAIT_MS });
    await expect.poll(() => page.locator('#task-facts').textContent(), { timeout: WAIT_MS }).toContain('7 attempts, backoff 2.5 s (at most 60 s)');
    const edited = (await service?.api<HttpTaskJson>(`/v1/tasks/${id}`))?.body;
    expect(edited).toMatchObject({ overlap: 'allow', misfire: 'skip', expires_at: task.expires_at, action: { headers: { 'X-Token': '***' } } });
    expect((await service?.api(`/v1/tasks/${id}`, { method: 'DELETE' }))?.status).toBe(204);
  });

  it('deletes the task after confirmation and then marks it, and its runs, as deleted', async () => {
    await go(`#/tasks/${taskId}`);
    await page.locator('#task-detail-actions button[data-action="delete"]').waitFor({ timeout: WAIT_MS });
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('#task-detail-actions button[data-action="delete"]').click();
    await page.locator('#task-detail-missing').waitFor({ state: 'visible', timeout: WAIT_MS });
    expect(await page.textContent('#task-detail-missing')).toBe(`Task ${taskId} has been deleted; its runs are kept and listed below.`);
    expect(await page.textContent('#task-detail-title [data-testid="task-state"]')).toBe('deleted');
    expect(await detailRuns().count()).toBeGreaterThan(0);
    await go('#/tasks');
    await page.locator(`#runs tr[data-task-id="${taskId}"] [data-testid="run-task-deleted"]`).first().waitFor({ timeout: WAIT_MS });
    expect(await page.locator(`#tasks tr[data-task-id="${taskId}"]`).count()).toBe(0);
  });

  it('notes the DST change that the next times of a cron schedule cross, in the preview and on the task page', async () => {
    // The database clock decides "now": move it to a few days before London's clocks go forward (2027-03-28).
    await advanceClock(service?.db as Db, Date.parse('2027-03-24T12:00:00Z') - Date.now());
    await go('#/tasks/new');
    await page.selectOption('#schedule-kind', 'cron');
    await page.fill('#cron', '30 1 * * *');
    await page.fill('#timezone', 'Europe/London');
    const note = /2027-03-28: clocks in Europe\/London go forward/;
    await expect.poll(() => page.textContent('#preview-notes'), { timeout: WAIT_MS }).toMatch(note);
    expect(await page.locator('#preview-times li').count()).toBe(10);

    const task = found((await service?.api<TaskJson>('/v1/tasks', { body: { title: 'across the clock change', cron: '30 1 * * *', timezone: 'Europe/London', http: { method: 'GET', url: `${target?.url}/hook` } } }))?.body, 'the task');
    await go(`#/tasks/${task.id}`);
    await expect.poll(() => page.textContent('#task-next-notes'), { timeout: WAIT_MS }).toMatch(note);
    const times = await page.locator('#task-next li').allTextContents();
    expect(times).toHaveLength(10);
    for (const t of times) expect(t).toMatch(/ Europe\/London$/);
    // The run that falls in the skipped hour happens right after it: 02:00 local.
    expect(times.filter((t) => /Mar 28, 2027/.test(t))).toEqual([expect.stringMatching(/\b0?2:00:00( AM)? Europe\/London$/)]);
    expect((await service?.api(`/v1/tasks/${task.id}`, { method: 'DELETE' }))?.status).toBe(204);
  });

  it('forgets the key on sign-out', async () => {
    await page.click('#sign-out');
    await page.locator('#sign-in-section').waitFor({ state: 'visible' });
    expect(await page.evaluate('localStorage.length')).toBe(0);
    expect(await page.locator('#tasks tr, #events li').count()).toBe(0);
    await page.reload();
    await page.locator('#sign-in-section').waitFor({ state: 'visible' });
  });

  it('opens the live view with the newest events, newest first, read in one page rather than searched for', async () => {
    await page.fill('#api-key', TEST_ADMIN_KEY);
    await page.click('#sign-in button[type="submit"]');
    await page.locator('#dashboard').waitFor({ state: 'visible' });
    const task = found((await service?.api<TaskJson>('/v1/tasks', { body: { title: 'renamed often', interval: 3600, http: { url: `${target?.url}/hook` } } }))?.body, 'the task');
    for (let i = 0; i < 25; i++) expect((await service?.api(`/v1/tasks/${task.id}`, { method: 'PATCH', body: { title: `renamed ${i}` } }))?.status).toBe(200);
    const listRequests: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/v1/events') listRequests.push(r.url());
    });
    await go('#/events');
    await expect.poll(() => page.getAttribute('#live-state', 'data-state'), { timeout: WAIT_MS }).toBe('live');
    const newest = ((await service?.api<ApiPage<EventJson>>('/v1/events?order=desc&limit=20'))?.body.items ?? []).map((e) => e.id);
    const shown = (await page.locator('#events li').evaluateAll((els: any[]) => els.map((e) => Number(e.dataset.eventId)))) as number[];
    expect(shown.slice(-20)).toEqual(newest);
    expect(listRequests).toHaveLength(1);
    expect(await page.locator('#events li').first().locator('[data-testid="event-summary"]').textContent()).toContain('renamed 24');
    expect((await service?.api(`/v1/tasks/${task.id}`, { method: 'DELETE' }))?.status).toBe(204);
  });

  it('logged no console errors and no Content-Security-Policy violations', () => {
    expect(browser?.consoleErrors).toEqual([]);
    expect(browser?.cspViolations).toEqual([]);
  });
});
