import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import type { CheckJson, MonitorJson, Page } from '../support/api-types.ts';
import { startTarget, type Target } from '../support/target.ts';

forEachBackend('a catastrophic monitor regexp', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;

  beforeAll(async () => {
    db = await backend.create();
    // A long match limit makes "the other monitor kept being checked meanwhile" an ordering, not a race.
    svc = await startTestService(db, { TICKWORK_MONITOR_REGEX_TIMEOUT_MS: '8000', TICKWORK_MONITOR_REGEX_WORKERS: '2' });
    target = await startTarget();
    target.on('/long', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`${'a'.repeat(50_000)}!`);
    });
    target.on('/status', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('all systems operational');
    });
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  const checks = async (id: number) =>
    (await svc.api<Page<CheckJson>>(`/v1/monitors/${id}/checks`)).body.items;

  it('is stopped and recorded as a failure while other monitors keep being checked', async () => {
    const evil = await svc.api<MonitorJson>('/v1/monitors', { body: { url: `${target.url}/long`, regexp: '(a+)+$', interval: 3600 } });
    expect(evil.status).toBe(201);
    await waitFor('the catastrophic body to be fetched', async () => target.hits('/long').length > 0);
    const good = await svc.api<MonitorJson>('/v1/monitors', { body: { url: `${target.url}/status`, regexp: 'operational', interval: 1 } });
    expect(good.status).toBe(201);
    await waitFor('three checks of the other monitor', async () => (await checks(good.body.id)).length >= 3);
    // The catastrophic match is still running (it is only stopped at its limit), yet the other one was checked.
    expect(await checks(evil.body.id)).toEqual([]);
    expect((await checks(good.body.id)).every((c) => c.ok && c.matched === true)).toBe(true);
    const [c] = await waitFor('the catastrophic check', async () => {
      const list = await checks(evil.body.id);
      return list.length > 0 ? list : null;
    });
    expect(c).toMatchObject({ ok: false, matched: null });
    expect(c?.error).toMatch(/regex took too long/);
  });
});
