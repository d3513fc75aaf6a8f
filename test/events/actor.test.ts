import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKey, hashKey } from '../../src/store/keys.ts';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import type { MonitorJson, TaskJson } from '../support/api-types.ts';
import { startTarget, type Target } from '../support/target.ts';

/**
 * Events as an audit trail: every event of a change made through the API names the API key that made it (its id and
 * name, never its hash or secret); what the engine does by itself names the system.
 */

interface EventJson {
  id: number;
  type: string;
  subject: { kind: string; id: number };
  data: Record<string, unknown>;
  actor: unknown;
}

forEachBackend('event actors', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;
  let tenant: string;
  let secret: string;
  let byKey: { kind: 'key'; id: number; name: string };

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db, { TICKWORK_EVENT_LOG: 'false' });
    target = await startTarget();
    target.on('/fail', (_req, res) => {
      res.writeHead(500);
      res.end();
    });
    tenant = `actor-${Math.random().toString(36).slice(2, 10)}`;
    const k = await createKey(svc.db, tenant, 'deploy bot', ['write']);
    secret = k.key;
    byKey = { kind: 'key', id: k.id, name: 'deploy bot' };
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  const api = <T = unknown>(path: string, init: { method?: string; body?: unknown } = {}) => svc.api<T>(path, { ...init, key: secret });
  const events = async (): Promise<EventJson[]> => (await api<{ items: EventJson[] }>('/v1/events?limit=500')).body.items;
  const of = (all: EventJson[], kind: string, id: number) => all.filter((e) => e.subject.kind === kind && e.subject.id === id);

  it('names the API key as the actor of every change made through the API', async () => {
    const task = (await api<TaskJson>('/v1/tasks', { body: { title: 'audited', interval: 3600, http: { url: `${target.url}/ok` } } })).body;
    expect((await api(`/v1/tasks/${task.id}`, { method: 'PATCH', body: { title: 'audited again' } })).status).toBe(200);
    expect((await api(`/v1/tasks/${task.id}/pause`, { method: 'POST' })).status).toBe(200);
    expect((await api(`/v1/tasks/${task.id}/resume`, { method: 'POST' })).status).toBe(200);
    const pending = (await api<{ items: { id: number; status: string }[] }>(`/v1/tasks/${task.id}/runs`)).body.items.find((r) => r.status === 'pending');
    expect(pending).toBeDefined();
    expect((await api(`/v1/runs/${pending?.id}/cancel`, { method: 'POST' })).status).toBe(200);
    expect((await api(`/v1/tasks/${task.id}`, { method: 'DELETE' })).status).toBe(204);

    const monitor = (await api<MonitorJson>('/v1/monitors', { body: { url: `${target.url}/ok`, interval: 3600 } })).body;
    expect((await api(`/v1/monitors/${monitor.id}`, { method: 'PATCH', body: { interval: 7200 } })).status).toBe(200);
    expect((await api(`/v1/monitors/${monitor.id}`, { method: 'DELETE' })).status).toBe(204);
    const heartbeat = (await api<MonitorJson>('/v1/monitors', { body: { type: 'heartbeat', period: 3600 } })).body;

    const all = await events();
    const taskEvents = of(all, 'task', task.id);
    expect(taskEvents.map((e) => e.type)).toEqual(['task.created', 'task.updated', 'task.paused', 'task.resumed', 'run.cancelled', 'task.deleted']);
    const monitorEvents = [...of(all, 'monitor', monitor.id), ...of(all, 'monitor', heartbeat.id)].filter((e) => e.type.startsWith('monitor.'));
    expect(monitorEvents.map((e) => e.type)).toEqual(expect.arrayContaining(['monitor.created', 'monitor.updated', 'monitor.deleted']));
    expect(monitorEvents.filter((e) => e.type === 'monitor.created')).toHaveLength(2);
    for (const e of [...taskEvents, ...monitorEvents.filter((m) => ['monitor.created', 'monitor.updated', 'monitor.deleted'].includes(m.type))]) {
      expect(e.actor, e.type).toEqual(byKey);
    }
  });

  it('names the system as the actor of what the engine does, and the key of a retry asked for', async () => {
    const task = (await api<TaskJson>('/v1/tasks', {
      body: { schedule_time: new Date(Date.now() + 200).toISOString(), retry: { max_attempts: 1 }, http: { url: `${target.url}/fail` } },
    })).body;
    const failed = await waitFor('the run to fail', async () => of(await events(), 'task', task.id).find((e) => e.type === 'run.failed'));
    const started = of(await events(), 'task', task.id).find((e) => e.type === 'run.started');
    expect(started?.actor).toEqual({ kind: 'system' });
    expect(failed.actor).toEqual({ kind: 'system' });
    expect((await api(`/v1/runs/${failed.data.run_id}/retry`, { method: 'POST' })).status).toBe(202);
    const retried = of(await events(), 'task', task.id).find((e) => e.type === 'run.retried');
    expect(retried?.actor).toEqual(byKey);
    // The retry then runs and fails by the engine's hand again.
    await waitFor('the retry to fail', async () => of(await events(), 'task', task.id).filter((e) => e.type === 'run.failed').length === 2);
    for (const e of of(await events(), 'task', task.id)) {
      expect(e.actor, e.type).toEqual(['task.created', 'run.retried'].includes(e.type) ? byKey : { kind: 'system' });
    }
  });

  it('never writes the key\'s secret or hash into an event', async () => {
    const rows = await svc.db.query<{ text: string }>('SELECT row_to_json(e)::text AS text FROM events e WHERE tenant_id = $1', [tenant]);
    expect(rows.length).toBeGreaterThan(10);
    const stored = rows.map((r) => r.text).join('\n');
    expect(stored).toContain('"deploy bot"');
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(hashKey(secret));
    const listed = JSON.stringify(await events());
    expect(listed).not.toContain(secret);
    expect(listed).not.toContain(hashKey(secret));
  });
});
