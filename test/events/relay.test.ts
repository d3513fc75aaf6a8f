import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, TEST_ADMIN_KEY, type RunningService } from '../support/service.ts';
import type { EventJson, Page, TaskJson } from '../support/api-types.ts';
import { startTarget, type Target } from '../support/target.ts';
import { freshTenant, readStream, strictlyIncreasing, writeEvents } from './support.ts';

forEachBackend('event outbox, stream and relay', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db, { TICKWORK_STREAM_HEARTBEAT_S: '0.2', TICKWORK_EVENT_LOG: 'false' });
    target = await startTarget();
    target.on('/fail', (_req, res) => {
      res.writeHead(500);
      res.end('no');
    });
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  it('writes every task and run event with its subject and data, ids strictly increasing, filterable by type', async () => {
    const soon = () => new Date(Date.now() + 200).toISOString();
    const a = (await svc.api<TaskJson>('/v1/tasks', { body: { schedule_time: soon(), http: { url: `${target.url}/ok` } } })).body;
    const b = (await svc.api<TaskJson>('/v1/tasks', { body: { schedule_time: soon(), http: { url: `${target.url}/fail` }, retry: { max_attempts: 1 } } })).body;
    const c = (await svc.api<TaskJson>('/v1/tasks', { body: { interval: 3600, http: { url: `${target.url}/ok` }, expires_at: new Date(Date.now() + 1500).toISOString(), notify_before: 1 } })).body;
    await svc.api(`/v1/tasks/${c.id}`, { method: 'PATCH', body: { title: 'renamed' } });
    await svc.api(`/v1/tasks/${c.id}/pause`, { method: 'POST' });
    await svc.api(`/v1/tasks/${c.id}/resume`, { method: 'POST' });
    await waitFor('the deadline to pass', async () => {
      const r = await svc.api<Page<EventJson>>('/v1/events?type=task.expired&limit=500');
      return r.body.items.some((e) => e.subject.id === c.id);
    });
    await waitFor('both runs to finish', async () => {
      const r = await svc.api<Page<EventJson>>('/v1/events?type=run.*&limit=500');
      const done = r.body.items.filter((e) => e.type !== 'run.started').map((e) => e.subject.id);
      return done.includes(a.id) && done.includes(b.id);
    });
    await svc.api(`/v1/tasks/${a.id}`, { method: 'DELETE' });
    const all = (await svc.api<Page<EventJson>>('/v1/events?limit=500')).body.items;
    expect(strictlyIncreasing(all.map((e) => e.id))).toBe(true);
    const of = (id: number) => all.filter((e) => e.subject.kind === 'task' && e.subject.id === id).map((e) => e.type);
    expect(of(a.id)).toEqual(expect.arrayContaining(['task.created', 'run.started', 'run.succeeded', 'task.completed', 'task.deleted']));
    expect(of(b.id)).toEqual(expect.arrayContaining(['task.created', 'run.started', 'run.failed']));
    expect(of(c.id)).toEqual(expect.arrayContaining(['task.created', 'task.updated', 'task.paused', 'task.resumed', 'task.expiring', 'task.expired']));
    const failed = all.find((e) => e.type === 'run.failed' && e.subject.id === b.id);
    expect(failed?.data).toMatchObject({ status: 'failed', attempt: 1 });
    expect(typeof failed?.data.run_id).toBe('number');
    expect(all.find((e) => e.type === 'task.created' && e.subject.id === a.id)?.data).toMatchObject({ id: a.id });
    const runs = (await svc.api<Page<EventJson>>('/v1/events?type=run.*&limit=500')).body.items;
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((e) => e.type.startsWith('run.'))).toBe(true);
    const exact = (await svc.api<Page<EventJson>>('/v1/events?type=task.paused&limit=500')).body.items;
    expect(exact.map((e) => e.subject.id)).toEqual([c.id]);
  });

  it('streams events live; a client that reconnects with Last-Event-ID misses nothing', async () => {
    const { tenant, key } = await freshTenant(svc.db, 'sse');
    const headers = { authorization: `Bearer ${key}` };
    await writeEvents(svc.db, tenant, 0, 120);
    const first = await readStream(`${svc.url}/v1/events/stream`, headers, (got) => got.length >= 50);
    const last = first.events.at(-1)!.id;
    await writeEvents(svc.db, tenant, 120, 80);
    const second = await readStream(`${svc.url}/v1/events/stream`, { ...headers, 'last-event-id': String(last) }, (got) => Number(got.at(-1)?.data.data.seq ?? -1) >= 199);
    const seqs = [...first.events, ...second.events].map((e) => e.data.data.seq);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(strictlyIncreasing([...first.events, ...second.events].map((e) => e.id))).toBe(true);
    // Idle: heartbeats keep it open, and a new event arrives without reconnecting.
    const live = readStream(`${svc.url}/v1/events/stream?type=task.*`, { ...headers, 'last-event-id': String(second.events.at(-1)!.id) }, (got) => got.length >= 1);
    await writeEvents(svc.db, tenant, 200, 1);
    const third = await live;
    expect(third.events.map((e) => e.data.data.seq)).toEqual([200]);
    const idle = await readStream(`${svc.url}/v1/events/stream?after=${third.events[0]!.id}`, headers, (_got, comments) => comments >= 3);
    expect(idle.comments).toBeGreaterThanOrEqual(3);
    expect(idle.events).toEqual([]);
  });

  it('never shows one tenant another tenant\'s events on the stream', async () => {
    const one = await freshTenant(svc.db, 'one');
    const two = await freshTenant(svc.db, 'two');
    await writeEvents(svc.db, two.tenant, 0, 5);
    await writeEvents(svc.db, one.tenant, 100, 1);
    const got = await readStream(`${svc.url}/v1/events/stream?after=0`, { authorization: `Bearer ${one.key}` }, (events) => events.length > 0);
    expect(got.events.map((e) => e.data.data.seq)).toEqual([100]);
    const refused = await fetch(`${svc.url}/v1/events/stream`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'last-event-id': 'abc' } });
    expect(refused.status).toBe(400);
  });
});
