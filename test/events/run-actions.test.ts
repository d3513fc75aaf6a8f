import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import { startTarget, type Target } from '../support/target.ts';
import type { EventJson, Page, ProblemJson, RunJson, TaskJson } from '../support/api-types.ts';


forEachBackend('run actions write their events', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db);
    target = await startTarget();
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  const runsOf = async (taskId: number): Promise<RunJson[]> => (await svc.api<Page<RunJson>>(`/v1/runs?task_id=${taskId}&limit=500`)).body.items;
  const eventsOf = async (type: string, taskId: number): Promise<EventJson[]> =>
    (await svc.api<Page<EventJson>>(`/v1/events?type=${type}&limit=500`)).body.items.filter((e) => e.subject.id === taskId);
  const create = async (body: unknown): Promise<TaskJson> => {
    const r = await svc.api<TaskJson>('/v1/tasks', { body });
    if (r.status !== 201) throw new Error(`create failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const failedRunOf = async (path: string): Promise<RunJson> => {
    target.on(path, (_req, res) => {
      res.writeHead(503);
      res.end();
    });
    const t = await create({ schedule_time: new Date().toISOString(), http: { url: `${target.url}${path}` }, retry: { max_attempts: 1 } });
    return waitFor('the failure', async () => (await runsOf(t.id)).find((r) => r.status === 'failed'));
  };

  it('writes run.cancelled with the cancelled run when a run is cancelled on request', async () => {
    // The target holds the call until the cancel is in: the run is pending or running when cancelled, never finished.
    let release = false;
    target.on('/held', (_req, res) => {
      const answer = (): void => {
        if (release) res.end('late');
        else setTimeout(answer, 20);
      };
      answer();
    });
    const t = await create({ schedule_time: new Date(Date.now() + 3_600_000).toISOString(), http: { url: `${target.url}/held`, timeout_ms: 30_000 } });
    const pending = await svc.api<{ run_id: number }>(`/v1/tasks/${t.id}/trigger`, { method: 'POST' });
    expect(pending.status).toBe(202);
    const runId = pending.body.run_id;
    const c = await svc.api(`/v1/runs/${runId}/cancel`, { method: 'POST' });
    expect(c.status).toBe(200);
    release = true;
    const events = await eventsOf('run.cancelled', t.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'run.cancelled', subject: { kind: 'task', id: t.id } });
    expect(events[0]?.data).toMatchObject({ run_id: runId, task_id: t.id, attempt: 1, status: 'cancelled', error: 'cancelled by request' });
    // A refused cancel changes nothing and writes nothing.
    expect((await svc.api(`/v1/runs/${runId}/cancel`, { method: 'POST' })).status).toBe(409);
    expect(await eventsOf('run.cancelled', t.id)).toHaveLength(1);
  });

  it('writes run.retried with the new attempt when a failed run is retried on request', async () => {
    const failed = await failedRunOf('/retried');
    const r = await svc.api<{ run_id: number }>(`/v1/runs/${failed.id}/retry`, { method: 'POST' });
    expect(r.status).toBe(202);
    const events = await eventsOf('run.retried', failed.task_id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'run.retried', subject: { kind: 'task', id: failed.task_id } });
    expect(events[0]?.data).toMatchObject({
      run_id: r.body.run_id,
      retry_of: failed.id,
      task_id: failed.task_id,
      attempt: 2,
      scheduled_for: failed.scheduled_for,
    });
  });

  it('refuses with 409 to retry a run of a deleted task, and never calls the target for it', async () => {
    const failed = await failedRunOf('/deleted-then-retried');
    const calls = target.hits('/deleted-then-retried').length;
    expect((await svc.api(`/v1/tasks/${failed.task_id}`, { method: 'DELETE' })).status).toBe(204);
    const r = await svc.api<ProblemJson>(`/v1/runs/${failed.id}/retry`, { method: 'POST' });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('conflict');
    expect(r.body.detail).toMatch(/deleted/);
    // No attempt was made that could call the target, now or later, and no event claims one.
    expect((await runsOf(failed.task_id)).map((x) => x.id)).toEqual([failed.id]);
    expect(await eventsOf('run.retried', failed.task_id)).toHaveLength(0);
    expect(target.hits('/deleted-then-retried')).toHaveLength(calls);
  });
});
