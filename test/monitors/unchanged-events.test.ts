import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, type RunningService } from '../support/service.ts';
import type { EventJson, MonitorJson, Page } from '../support/api-types.ts';
import { startTarget, type Target } from '../support/target.ts';

/** An event is written only when something changed (API.md "Events"): repeating a monitor writes no monitor.updated. */
forEachBackend('monitor events only on change', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;

  beforeAll(async () => {
    db = await backend.create();
    target = await startTarget();
    // Checks would write monitor.down/up; only the monitor's own events are counted below.
    svc = await startTestService(db, {}, { api: true, engine: false });
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  const changeEvents = async (id: number) =>
    (await svc.api<Page<EventJson>>('/v1/events?type=monitor.*&limit=500')).body.items
      .filter((e) => e.subject.id === id && ['monitor.created', 'monitor.updated', 'monitor.deleted'].includes(e.type))
      .map((e) => e.type);

  it('a second identical POST /v1/monitors returns the monitor and writes no monitor.updated', async () => {
    const body = { url: `${target.url}/same`, regexp: 'ok', interval: 30, expect_status: [200, 204], expect_json: { path: '$.a', equals: { x: 1, y: 2 } } };
    const first = await svc.api<MonitorJson>('/v1/monitors', { body });
    expect(first.status).toBe(201);
    const again = await svc.api<MonitorJson>('/v1/monitors', { body: { ...body, expect_json: { equals: { y: 2, x: 1 }, path: '$.a' } } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.updated_at).toBe(first.body.updated_at);
    expect(await changeEvents(first.body.id)).toEqual(['monitor.created']);

    // A PATCH that repeats what is there changes nothing either; one that changes a field writes one event.
    expect((await svc.api(`/v1/monitors/${first.body.id}`, { method: 'PATCH', body: { interval: 30 } })).status).toBe(200);
    expect(await changeEvents(first.body.id)).toEqual(['monitor.created']);
    const changed = await svc.api<MonitorJson>('/v1/monitors', { body: { ...body, interval: 45 } });
    expect(changed.status).toBe(200);
    expect(changed.body.interval).toBe(45);
    expect(await changeEvents(first.body.id)).toEqual(['monitor.created', 'monitor.updated']);
  });

  it('a POST of a deleted monitor reactivates it with one monitor.updated', async () => {
    const body = { url: `${target.url}/revived` };
    const first = (await svc.api<MonitorJson>('/v1/monitors', { body })).body;
    expect((await svc.api(`/v1/monitors/${first.id}`, { method: 'DELETE' })).status).toBe(204);
    const revived = await svc.api<MonitorJson>('/v1/monitors', { body });
    expect(revived.body).toMatchObject({ id: first.id, active: true });
    expect(await svc.api('/v1/monitors', { body }).then((r) => r.status)).toBe(200);
    expect(await changeEvents(first.id)).toEqual(['monitor.created', 'monitor.deleted', 'monitor.updated']);
  });
});
