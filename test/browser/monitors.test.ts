import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteBackend, type TestDatabase } from '../support/backends.ts';
import { chromiumSuite, hasChromium, openBrowser, signIn, type DashboardBrowser } from '../support/browser.ts';
import { hasOpenssl, makeCertificate } from '../support/certificates.ts';
import { startTestService, type RunningService } from '../support/service.ts';
import type { MonitorJson, Page as ApiPage } from '../support/api-types.ts';
import { found } from '../support/found.ts';
import { startTarget, type Target } from '../support/target.ts';

const WAIT_MS = 20_000;

describe.skipIf(!hasChromium)(chromiumSuite('dashboard monitors in Chromium'), () => {
  let db: TestDatabase | undefined;
  let service: RunningService | undefined;
  let target: Target | undefined;
  const withOpenssl = hasOpenssl();
  let certDir = '';
  let httpsTarget: Server | undefined;
  let httpsUrl = '';
  let browser: DashboardBrowser | undefined;
  let page: Page;
  let upId = '';
  let heartbeatId = '';

  beforeAll(async () => {
    target = await startTarget();
    target.on('/fail', (_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('broken'));
    const env: Record<string, string> = {};
    if (withOpenssl) {
      // An https target whose certificate expires in 5 days; the service trusts it as the operator's private CA.
      certDir = mkdtempSync(join(tmpdir(), 'tickwork-dashboard-certs-'));
      const soon = makeCertificate(certDir, 'soon', 5);
      httpsTarget = createServer(soon, (_req, res) => res.end('secure'));
      await new Promise<void>((resolve) => httpsTarget?.listen(0, '127.0.0.1', resolve));
      httpsUrl = `https://127.0.0.1:${(httpsTarget.address() as AddressInfo).port}/`;
      env.TICKWORK_CA_FILE = soon.certFile;
    }
    db = await pgliteBackend.create();
    service = await startTestService(db, env);
    // The bad-URL submission is refused on purpose; Chromium logs that 400.
    browser = await openBrowser({ expectedBadRequests: ['/v1/monitors'] });
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await db?.drop();
    await target?.close();
    httpsTarget?.closeAllConnections();
    await new Promise((resolve) => (httpsTarget === undefined ? resolve(null) : httpsTarget.close(resolve)));
    if (certDir !== '') rmSync(certDir, { recursive: true, force: true });
  });

  const row = (id: string) => page.locator(`#monitors tr[data-monitor-id="${id}"]`);
  const form = () => page.locator('#monitor-form');
  const monitorsViaApi = async () => found((await service?.api<ApiPage<MonitorJson>>('/v1/monitors?limit=500'))?.body.items, 'the monitors');

  /** The computed colours of a monitor's status badge (this file is type-checked without the DOM library). */
  const statusColours = (id: string) =>
    row(id)
      .locator('[data-testid="monitor-status"]')
      .evaluate((e: unknown) => {
        const style = (globalThis as any).getComputedStyle(e);
        return { color: String(style.color), background: String(style.backgroundColor) };
      });

  /** Submits the new-monitor form and returns the id it reports. */
  async function createFromForm(fields: { type?: 'http' | 'heartbeat'; url?: string; interval?: string; regexp?: string; period?: string; grace?: string }) {
    await page.selectOption('#monitor-type', fields.type ?? 'http');
    const inputs = { url: '#monitor-url', interval: '#monitor-interval', regexp: '#monitor-regexp', period: '#monitor-period', grace: '#monitor-grace' } as const;
    for (const [name, selector] of Object.entries(inputs)) {
      const value = fields[name as keyof typeof inputs];
      if (value !== undefined) await page.fill(selector, value);
    }
    await page.click('#create-monitor');
    await expect.poll(() => page.textContent('#monitor-form-result'), { timeout: WAIT_MS }).toMatch(/^Created (heartbeat )?monitor \d+\.$/);
    return /(\d+)/.exec((await page.textContent('#monitor-form-result')) ?? '')?.[1] ?? '';
  }

  it('shows an empty monitors list once signed in', async () => {
    await signIn(page, service?.url ?? '');
    await page.click('nav a[href="#/monitors"]');
    await page.locator('[data-view="monitors"]').waitFor({ state: 'visible' });
    expect(await page.getAttribute('nav a[href="#/monitors"]', 'aria-current')).toBe('page');
    await page.locator('#monitors-empty').waitFor({ state: 'visible', timeout: WAIT_MS });
    expect(await page.locator('#monitors tr').count()).toBe(0);
    expect(await page.isVisible('#monitor-detail')).toBe(false);
  });

  it('creates an http monitor from the form and shows it up, with its ok check listed', async () => {
    const url = `${target?.url}/ok`;
    upId = await createFromForm({ url, interval: '60' });

    await page.locator(`#monitors tr[data-monitor-id="${upId}"][data-status="up"]`).waitFor({ timeout: WAIT_MS });
    expect(await row(upId).locator('[data-testid="monitor-type"]').textContent()).toBe('http');
    expect(await row(upId).locator('[data-testid="monitor-url"]').textContent()).toBe(url);
    expect(await row(upId).locator('[data-testid="monitor-status"]').textContent()).toBe('up');
    expect(await row(upId).locator('[data-testid="monitor-uptime"]').textContent()).toBe('100% · 100% · 100%');
    expect(await row(upId).locator('[data-testid="monitor-latency"]').textContent()).toMatch(/^\d+(\.\d+)? m?s · \d+(\.\d+)? m?s$/);
    expect(await row(upId).locator('[data-testid="monitor-last-ok"]').textContent()).toBe('ok');
    expect(await row(upId).locator('[data-testid="monitor-active"]').textContent()).toBe('active');
    expect(await row(upId).locator('[data-testid="monitor-cert"]').textContent()).toBe('—');

    // The new monitor is selected: its checks are listed below the list.
    await page.locator('#monitor-detail').waitFor({ state: 'visible' });
    expect(await page.textContent('#monitor-detail-title')).toBe(`Monitor ${upId}: ${url}`);
    const check = page.locator('#checks tr[data-ok="true"]').first();
    await check.waitFor({ timeout: WAIT_MS });
    expect(await check.locator('[data-testid="check-status-code"]').textContent()).toBe('200');
    expect(await check.locator('[data-testid="check-latency"]').textContent()).toMatch(/^\d+(\.\d+)? m?s$/);
    expect(await check.locator('[data-testid="check-error"]').textContent()).toBe('');
    expect(await page.isVisible('#heartbeat-ping')).toBe(false);
    expect(target?.hits('/ok').length).toBeGreaterThan(0);
  });

  it("draws the selected monitor's 24 h uptime bar and latency chart from its checks", async () => {
    const bar = page.locator('#uptime-bar svg[data-testid="uptime-bar"]');
    await bar.waitFor({ timeout: WAIT_MS });
    // 48 half-hour slots; the newest holds the ok check(s), none is red.
    expect(await bar.locator('rect.slot').count()).toBe(48);
    await expect.poll(() => bar.locator('rect[data-level="ok"]').count(), { timeout: WAIT_MS }).toBeGreaterThan(0);
    expect(await bar.locator('rect[data-level="bad"], rect[data-level="partial"]').count()).toBe(0);
    expect(await bar.locator('rect.slot').last().getAttribute('data-level')).toBe('ok');
    expect(await page.textContent('#uptime-caption')).toMatch(/^Uptime over the last 24 hours: (\d+) of \1 checks ok \(100%\)/);

    const chart = page.locator('#latency-chart svg[data-testid="latency-chart"]');
    await chart.waitFor({ timeout: WAIT_MS });
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
    expect(await chart.locator('polyline.line').count()).toBe(1);
    expect(await chart.locator('circle.failed').count()).toBe(0);
    expect(await chart.locator('text').allTextContents()).toEqual(expect.arrayContaining(['24 h ago', 'now']));
  });

  it('shows a monitor whose target answers 500 as down, with the error of its failed check', async () => {
    const id = await createFromForm({ url: `${target?.url}/fail` });
    await page.locator(`#monitors tr[data-monitor-id="${id}"][data-status="down"]`).waitFor({ timeout: WAIT_MS });
    expect(await row(id).locator('[data-testid="monitor-status"]').textContent()).toBe('down');
    expect(await row(id).locator('[data-testid="monitor-uptime"]').textContent()).toBe('0% · 0% · 0%');
    expect(await row(id).locator('[data-testid="monitor-last-ok"]').textContent()).toBe('failed');
    expect(await row(id).locator('[data-testid="monitor-last-error"]').textContent()).toContain('500');
    const [down, up] = [await statusColours(id), await statusColours(upId)];
    expect(down.color).not.toBe(up.color);
    expect(down.background).not.toBe(up.background);

    const check = page.locator('#checks tr[data-ok="false"]').first();
    await check.waitFor({ timeout: WAIT_MS });
    expect(await check.locator('[data-testid="check-status-code"]').textContent()).toBe('500');
    expect(await check.locator('[data-testid="check-error"]').textContent()).toContain('500');
    // Its charts show the failure: a red slot, and the failed check marked on the latency line.
    await page.locator('#uptime-bar rect[data-level="bad"]').first().waitFor({ timeout: WAIT_MS });
    await page.locator('#latency-chart circle.failed').first().waitFor({ timeout: WAIT_MS });
  });

  it('puts the messages of a refused monitor next to the fields they name', async () => {
    const before = (await monitorsViaApi()).length;
    await page.selectOption('#monitor-type', 'http');
    await page.fill('#monitor-url', 'not a url');
    await page.fill('#monitor-regexp', '(unclosed');
    await page.click('#create-monitor');

    const urlError = form().locator('[data-error-for="url"]');
    await expect.poll(() => urlError.textContent(), { timeout: WAIT_MS }).toBe('is not a valid absolute URL');
    expect(await urlError.isVisible()).toBe(true);
    expect(await page.getAttribute('#monitor-url', 'aria-invalid')).toBe('true');
    expect(await form().locator('[data-error-for="regexp"]').textContent()).toMatch(/^is not a valid regular expression/);
    expect(await page.getAttribute('#monitor-regexp', 'aria-invalid')).toBe('true');
    expect(await form().locator('[data-form-error]').textContent()).toBe('Invalid field(s): url, regexp.');
    expect(await page.textContent('#monitor-form-result')).toBe('');
    // The task form's error slots stay empty: each form shows its own errors.
    expect(await page.textContent('#task-form [data-error-for="interval"]')).toBe('');
    expect(await monitorsViaApi()).toHaveLength(before);

    // A heartbeat without a period: the service's message goes next to the period field.
    await page.selectOption('#monitor-type', 'heartbeat');
    await page.click('#create-monitor');
    const periodError = form().locator('[data-error-for="period"]');
    await expect.poll(() => periodError.textContent(), { timeout: WAIT_MS }).toBe('is required for heartbeat monitors');
    expect(await urlError.textContent()).toBe('');

    // Correcting the fields clears the errors.
    await createFromForm({ url: `${target?.url}/ok?second`, regexp: '', interval: '3600' });
    expect(await urlError.textContent()).toBe('');
    expect(await periodError.textContent()).toBe('');
    expect(await page.getAttribute('#monitor-url', 'aria-invalid')).toBeNull();
  });

  it.skipIf(!withOpenssl)('shows when the certificate of an https monitor expires, as a warning when it is soon (needs openssl)', async () => {
    const id = await createFromForm({ url: httpsUrl, regexp: '', interval: '3600' });
    await page.locator(`#monitors tr[data-monitor-id="${id}"][data-status="up"]`).waitFor({ timeout: WAIT_MS });
    const cert = row(id).locator('[data-testid="monitor-cert"]');
    await expect.poll(() => cert.textContent(), { timeout: WAIT_MS }).toMatch(/\([45] d\)$/);
    expect(await cert.locator('time').getAttribute('datetime')).toBe((await service?.api<MonitorJson>(`/v1/monitors/${id}`))?.body.cert_expires_at);
    expect(await cert.locator('.warn').count()).toBe(1);
    const check = page.locator('#checks tr[data-ok="true"]').first();
    await check.waitFor({ timeout: WAIT_MS });
    expect(await check.textContent()).toMatch(/[45] d left/);
  });

  it('renders a typed regexp and URL as text, never as markup', async () => {
    const regexp = '<img src=x onerror="window.pwned=1">|ok';
    const url = `${target?.url}/ok?q=<b>bold</b>`;
    const id = await createFromForm({ url, regexp, interval: '3600' });
    await page.locator(`#monitors tr[data-monitor-id="${id}"][data-status="up"]`).waitFor({ timeout: WAIT_MS });
    expect(await row(id).locator('[data-testid="monitor-regexp"]').textContent()).toBe(regexp);
    expect(await page.textContent('[data-testid="detail-regexp"]')).toBe(regexp);
    expect(await row(id).locator('[data-testid="monitor-url"]').textContent()).toMatch(/<b>bold<\/b>|%3Cb%3Ebold%3C\/b%3E/);
    expect(await page.locator('#monitors img, #monitors b, #monitor-detail img, #monitor-detail b').count()).toBe(0);
    expect(await page.evaluate('window.pwned')).toBeUndefined();
  });

  it('creates a heartbeat from the form, shows its ping URL and a curl example, and turns up on a ping', async () => {
    await page.selectOption('#monitor-type', 'heartbeat');
    // The http-only fields are not offered for a heartbeat.
    expect(await page.isVisible('#monitor-url')).toBe(false);
    heartbeatId = await createFromForm({ type: 'heartbeat', period: '1h', grace: '5m' });
    expect(await page.textContent('#monitor-form-result')).toBe(`Created heartbeat monitor ${heartbeatId}.`);

    await row(heartbeatId).waitFor({ timeout: WAIT_MS });
    expect(await row(heartbeatId).locator('[data-testid="monitor-type"]').textContent()).toBe('heartbeat');
    expect(await row(heartbeatId).locator('[data-testid="monitor-url"]').textContent()).toBe('heartbeat');
    expect(await row(heartbeatId).locator('[data-testid="monitor-status"]').textContent()).toBe('pending');
    expect((await statusColours(heartbeatId)).color).not.toBe((await statusColours(upId)).color);

    await page.locator('#heartbeat-ping').waitFor({ state: 'visible', timeout: WAIT_MS });
    const pingUrl = await page.inputValue('#ping-url');
    expect(pingUrl).toMatch(new RegExp(`^${service?.url}/v1/ping/hb_[A-Za-z0-9_-]+$`));
    expect(await page.getAttribute('#ping-url', 'readonly')).not.toBeNull();
    expect(await page.textContent('#ping-curl')).toContain(`curl -fsS -m 10 --retry 3 -o /dev/null '${pingUrl}'`);
    const facts = (await page.textContent('#monitor-facts')) ?? '';
    expect(facts).toContain('3600 s (grace 300 s)');
    expect((await service?.api<MonitorJson>(`/v1/monitors/${heartbeatId}`))?.body.ping_url).toBe(pingUrl);

    // The ping URL works as shown, without a key.
    expect((await fetch(pingUrl, { method: 'POST' })).status).toBe(200);
    await page.locator(`#monitors tr[data-monitor-id="${heartbeatId}"][data-status="up"]`).waitFor({ timeout: WAIT_MS });
    await page.locator('#monitor-facts [data-testid="detail-status"].up').waitFor({ timeout: WAIT_MS });
  });

  it('shows the checks of the monitor chosen in the list', async () => {
    await row(upId).locator('button[data-action="select"]').click();
    await expect.poll(() => page.textContent('#monitor-detail-title'), { timeout: WAIT_MS }).toBe(`Monitor ${upId}: ${target?.url}/ok`);
    expect(await row(upId).getAttribute('class')).toContain('selected');
    expect(await page.isVisible('#heartbeat-ping')).toBe(false);
    await page.locator('#checks tr[data-ok="true"]').first().waitFor({ timeout: WAIT_MS });
    expect(await page.locator('#checks tr[data-ok="false"]').count()).toBe(0);
  });

  it('deletes a monitor only after confirmation, then shows it deleted with its checks kept', async () => {
    const deleteButton = row(upId).locator('button[data-action="delete"]');
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await deleteButton.click();
    await expect.poll(() => asked, { timeout: WAIT_MS }).toContain(`Delete monitor ${upId}`);
    expect((await service?.api<MonitorJson>(`/v1/monitors/${upId}`))?.body.active).toBe(true);

    page.once('dialog', (dialog) => void dialog.accept());
    await deleteButton.click();
    await page.locator(`#monitors tr[data-monitor-id="${upId}"][data-active="false"]`).waitFor({ timeout: WAIT_MS });
    expect(await row(upId).locator('[data-testid="monitor-active"]').textContent()).toBe('deleted');
    // Deleted, not down: its last state is history.
    expect(await row(upId).locator('[data-testid="monitor-status"]').textContent()).toBe('deleted');
    expect(await page.textContent('#monitor-facts [data-testid="detail-status"]')).toBe('deleted');
    expect(await row(upId).locator('button[data-action="delete"]').count()).toBe(0);
    await expect.poll(() => page.textContent('#notice'), { timeout: WAIT_MS }).toBe(`Monitor ${upId} deleted.`);
    expect((await service?.api<MonitorJson>(`/v1/monitors/${upId}`))?.body.active).toBe(false);
    await page.locator('#checks tr[data-ok="true"]').first().waitFor({ timeout: WAIT_MS });
  });

  it('lists every monitor, following next_cursor past the first page', async () => {
    const before = (await monitorsViaApi()).length;
    // One more than the API's largest page, created through the API: heartbeats, so nothing is called.
    const extra = 501;
    for (let i = 0; i < extra; i += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, extra - i) }, async () => {
          const r = await service?.api('/v1/monitors', { body: { type: 'heartbeat', period: '1d' } });
          expect(r?.status).toBe(201);
        }),
      );
    }
    await expect.poll(() => page.locator('#monitors tr').count(), { timeout: WAIT_MS }).toBe(before + extra);
    expect(await page.isVisible('#monitors-more')).toBe(false);
  });

  it('logged no console errors and no Content-Security-Policy violations', () => {
    expect(browser?.consoleErrors).toEqual([]);
    expect(browser?.cspViolations).toEqual([]);
  });
});
