import { afterAll, beforeAll, expect, it } from 'vitest';
import { advanceClock, forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import { startTarget, type Target } from '../support/target.ts';
import type { EventJson, Page, RunJson, TaskJson } from '../support/api-types.ts';

type Run = RunJson;

forEachBackend('engine', (backend) => {
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

  const runsOf = async (taskId: number): Promise<Run[]> => (await svc.api<Page<Run>>(`/v1/runs?task_id=${taskId}&limit=500`)).body.items;
  const create = async (body: unknown): Promise<TaskJson> => {
    const r = await svc.api<TaskJson>('/v1/tasks', { body });
    if (r.status !== 201) throw new Error(`create failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  /**
   * A causal barrier instead of a sleep: a one-shot due now is claimed in due order, so once it has run, every
   * firing that was due before it has been claimed too.
   */
  const barrier = async (): Promise<void> => {
    const path = `/barrier-${Math.random().toString(36).slice(2)}`;
    const t = await create({ schedule_time: new Date(Date.now() - 1000).toISOString(), http: { url: `${target.url}${path}` } });
    await waitFor('the barrier task to run', async () => (await runsOf(t.id)).some((r) => r.status === 'succeeded'));
  };

  it('fires a one-shot task once, not before its time, and completes it', async () => {
    const at = new Date(Date.now() + 1500);
    at.setMilliseconds(0);
    const t = await create({ schedule_time: at.toISOString(), http: { url: `${target.url}/once` } });
    expect(t.next_run_at).toBe(at.toISOString());
    const run = await waitFor('the one-shot to succeed', async () => (await runsOf(t.id)).find((r) => r.status === 'succeeded'));
    expect(run.scheduled_for).toBe(at.toISOString());
    expect(target.hits('/once')).toHaveLength(1);
    expect(target.hits('/once')[0]?.at).toBeGreaterThanOrEqual(at.getTime() - 5); // never early (5 ms for clock granularity)
    await barrier();
    expect(target.hits('/once')).toHaveLength(1);
    const task = await svc.api<TaskJson>(`/v1/tasks/${t.id}`);
    expect(task.body).toMatchObject({ state: 'completed', next_run_at: null, last_run: { id: run.id, status: 'succeeded' } });
  });

  it('starts firings claimed together ahead of time each at its own due time, never before', async () => {
    // 40 one-shots 7 ms apart: the worker claims them a window at a time (TICKWORK_CLAIM_AHEAD_MS) and holds each
    // until its time.
    const base = Date.now() + 1500;
    const due = Array.from({ length: 40 }, (_, i) => new Date(base + i * 7));
    const tasks = [];
    for (const [i, at] of due.entries()) tasks.push(await create({ schedule_time: at.toISOString(), http: { url: `${target.url}/ahead-${i}` } }));
    for (const [i, t] of tasks.entries()) {
      const run = await waitFor(`one-shot ${i} to succeed`, async () => (await runsOf(t.id)).find((r) => r.status === 'succeeded'));
      expect(new Date(run.started_at ?? NaN).getTime()).toBeGreaterThanOrEqual(new Date(run.scheduled_for).getTime());
      const hits = target.hits(`/ahead-${i}`);
      expect(hits).toHaveLength(1);
      expect(hits[0]?.at).toBeGreaterThanOrEqual((due[i] ?? new Date(0)).getTime());
    }
  });

  it('fires an interval task on a fixed cadence to the second', async () => {
    const t = await create({ interval: 1, http: { url: `${target.url}/interval` } });
    const runs = await waitFor('three interval runs', async () => {
      const ok = (await runsOf(t.id)).filter((r) => r.status === 'succeeded');
      return ok.length >= 3 ? ok : null;
    });
    const times = runs.map((r) => new Date(r.scheduled_for).getTime()).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(1000);
    await svc.api(`/v1/tasks/${t.id}`, { method: 'DELETE' });
  });

  it('fires a 6-field cron on the second', async () => {
    const t = await create({ cron: '*/2 * * * * *', http: { url: `${target.url}/cron6` } });
    const runs = await waitFor('two cron runs', async () => {
      const ok = (await runsOf(t.id)).filter((r) => r.status === 'succeeded');
      return ok.length >= 2 ? ok : null;
    });
    for (const r of runs) {
      const d = new Date(r.scheduled_for);
      expect(d.getUTCMilliseconds()).toBe(0);
      expect(d.getUTCSeconds() % 2).toBe(0);
    }
    await svc.api(`/v1/tasks/${t.id}`, { method: 'DELETE' });
  });

  it('retries a failing call with exponential backoff, then fails it with the last error', async () => {
    target.on('/fail', (_req, res) => {
      res.writeHead(500);
      res.end('boom');
    });
    const policy = { max_attempts: 3, backoff_s: 0.2, max_backoff_s: 0.3 };
    const t = await create({ schedule_time: new Date().toISOString(), http: { url: `${target.url}/fail` }, retry: policy });
    const runs = await waitFor('three failed attempts', async () => {
      const done = (await runsOf(t.id)).filter((r) => r.status === 'failed');
      return done.length >= 3 ? done : null;
    });
    expect(runs.map((r) => r.attempt).sort()).toEqual([1, 2, 3]);
    expect(runs.every((r) => /500/.test(r.error ?? ''))).toBe(true);
    const events = (await svc.api<Page<EventJson>>('/v1/events?type=run.failed&limit=500')).body.items.filter((e) => e.subject.id === t.id);
    expect(events.map((e) => e.data.final)).toEqual([false, false, true]);
    for (const e of events.slice(0, 2)) {
      const data = e.data as { next_attempt_at: string; finished_at: string; attempt: number };
      const delay = new Date(data.next_attempt_at).getTime() - new Date(data.finished_at).getTime();
      const d = Math.min(policy.backoff_s * 2 ** (data.attempt - 1), policy.max_backoff_s) * 1000;
      // Exact by construction: the retry is due its backoff after the attempt finished (1 ms for rounding).
      expect(delay).toBeGreaterThanOrEqual(Math.floor(0.8 * d) - 1);
      expect(delay).toBeLessThanOrEqual(d + 1);
    }
    await barrier();
    expect((await runsOf(t.id)).length).toBe(3);
    expect((await svc.api<TaskJson>(`/v1/tasks/${t.id}`)).body.state).toBe('completed');
  });

  it('keeps one scheduled_for across the attempts of a triggered run', async () => {
    target.on('/fail-manual', (_req, res) => {
      res.writeHead(503);
      res.end('down');
    });
    const t = await create({ http: { url: `${target.url}/fail-manual` }, retry: { max_attempts: 2, backoff_s: 0.1 } });
    expect((await svc.api(`/v1/tasks/${t.id}/trigger`, { method: 'POST' })).status).toBe(202);
    const runs = await waitFor('two failed attempts', async () => {
      const done = (await runsOf(t.id)).filter((r) => r.status === 'failed');
      return done.length >= 2 ? done : null;
    });
    expect(runs.map((r) => r.attempt).sort()).toEqual([1, 2]);
    // Stored, not only as shown (the API shows milliseconds): one firing, one scheduled_for.
    const [firings] = await svc.db.query<{ n: number }>('SELECT count(DISTINCT scheduled_for)::int AS n FROM runs WHERE task_id = $1', [t.id]);
    expect(firings?.n).toBe(1);
  });

  it('ends a call that overruns timeout_ms as timed_out', async () => {
    target.on('/slow', () => undefined); // never answers
    const t = await create({ schedule_time: new Date().toISOString(), http: { url: `${target.url}/slow`, timeout_ms: 200 }, retry: { max_attempts: 1 } });
    const run = await waitFor('the timeout', async () => (await runsOf(t.id)).find((r) => r.status === 'timed_out'));
    expect(run.error).toMatch(/200 ms/);
  });

  it('cancels a running attempt: the late answer does not overwrite the cancellation', async () => {
    let release = false;
    target.on('/held-cancel', (_req, res) => {
      const answer = (): void => {
        if (release) {
          res.writeHead(200);
          res.end('late');
        } else setTimeout(answer, 20);
      };
      answer();
    });
    const t = await create({ schedule_time: new Date().toISOString(), http: { url: `${target.url}/held-cancel`, timeout_ms: 30_000 } });
    const running = await waitFor('the attempt to run', async () => (await runsOf(t.id)).find((r) => r.status === 'running'));
    const c = await svc.api<Run>(`/v1/runs/${running.id}/cancel`, { method: 'POST' });
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ id: running.id, status: 'cancelled' });
    expect((await svc.api(`/v1/runs/${running.id}/cancel`, { method: 'POST' })).status).toBe(409);
    release = true;
    await barrier();
    expect((await svc.api<Run>(`/v1/runs/${running.id}`)).body.status).toBe('cancelled');
    expect((await svc.api('/v1/runs/987654/cancel', { method: 'POST' })).status).toBe(404);
  });

  it('retries a failed run on request as a new attempt of the same firing', async () => {
    let fail = true;
    target.on('/flaky', (_req, res) => {
      res.writeHead(fail ? 503 : 200);
      res.end();
    });
    const t = await create({ schedule_time: new Date().toISOString(), http: { url: `${target.url}/flaky` }, retry: { max_attempts: 1 } });
    const failed = await waitFor('the failure', async () => (await runsOf(t.id)).find((r) => r.status === 'failed'));
    fail = false;
    const r = await svc.api<{ run_id: number }>(`/v1/runs/${failed.id}/retry`, { method: 'POST' });
    expect(r.status).toBe(202);
    const again = await waitFor('the retried attempt', async () => {
      const run = (await svc.api<Run>(`/v1/runs/${r.body.run_id}`)).body;
      return run.status === 'succeeded' ? run : null;
    });
    expect(again).toMatchObject({ task_id: t.id, attempt: 2, scheduled_for: failed.scheduled_for });
    expect((await svc.api(`/v1/runs/${again.id}/retry`, { method: 'POST' })).status).toBe(409);
  });

  it('stops firing on pause and delete, and starts again on resume', async () => {
    const t = await create({ interval: 1, http: { url: `${target.url}/pausable` } });
    await waitFor('a first run', async () => target.hits('/pausable').length >= 1);
    await svc.api(`/v1/tasks/${t.id}/pause`, { method: 'POST' });
    await waitFor('no run in flight', async () => (await runsOf(t.id)).every((r) => r.status !== 'running'));
    const before = target.hits('/pausable').length;
    await barrier();
    await barrier();
    expect(target.hits('/pausable').length).toBe(before);
    const resumed = await svc.api<TaskJson>(`/v1/tasks/${t.id}/resume`, { method: 'POST' });
    expect(resumed.body.state).toBe('active');
    await waitFor('a run after resume', async () => target.hits('/pausable').length > before);
    await svc.api(`/v1/tasks/${t.id}`, { method: 'DELETE' });
    await waitFor('no run in flight', async () => (await runsOf(t.id)).every((r) => r.status !== 'running'));
    const afterDelete = target.hits('/pausable').length;
    await barrier();
    await barrier();
    expect(target.hits('/pausable').length).toBe(afterDelete);
  });

  it('fires 300 tasks due at the same second exactly once each', async () => {
    const at = new Date(Date.now() + 2000);
    at.setMilliseconds(0);
    const ids: number[] = [];
    for (let i = 0; i < 300; i++) ids.push((await create({ schedule_time: at.toISOString(), http: { url: `${target.url}/burst/${i}` } })).id);
    await waitFor('all 300 calls', async () => target.requests.filter((r) => r.path.startsWith('/burst/')).length >= 300, 60_000);
    await barrier();
    for (let i = 0; i < 300; i++) expect(target.hits(`/burst/${i}`), `task ${i}`).toHaveLength(1);
    const runs = (await svc.api<Page<Run>>('/v1/runs?status=succeeded&limit=500')).body.items.filter((r) => ids.includes(r.task_id));
    expect(runs).toHaveLength(300);
  });
});

forEachBackend('engine after downtime', (backend) => {
  let db: TestDatabase;
  let target: Target;
  beforeAll(async () => {
    db = await backend.create();
    target = await startTarget();
  });
  afterAll(async () => {
    await target?.close();
    await db?.drop();
  });

  it('follows each misfire policy for firings missed while the service was down, and runs a missed one-shot once', async () => {
    let svc = await startTestService(db, { TICKWORK_MISFIRE_CAP: '5' });
    const ids: Record<string, number> = {};
    for (const misfire of ['run_once', 'skip', 'run_all']) {
      const r = await svc.api<TaskJson>('/v1/tasks', { body: { interval: 3600, misfire, http: { url: `${target.url}/missed/${misfire}` } } });
      ids[misfire] = r.body.id;
    }
    const once = await svc.api<TaskJson>('/v1/tasks', { body: { schedule_time: new Date(Date.now() + 1800_000).toISOString(), http: { url: `${target.url}/missed/oneshot` } } });
    await svc.close();
    // Down for ~10 hours by the database clock: each hourly task missed about ten firings.
    const conn = await db.open();
    await advanceClock(conn, 10 * 3600_000 + 60_000);
    await conn.close();
    svc = await startTestService(db, { TICKWORK_MISFIRE_CAP: '5' });
    try {
      await waitFor('the missed one-shot', async () => target.hits('/missed/oneshot').length === 1);
      await waitFor(`run_once and run_all to catch up (${target.hits('/missed/run_once').length}, ${target.hits('/missed/run_all').length}, ${target.hits('/missed/skip').length})`, async () =>
        target.hits('/missed/run_once').length >= 1 && target.hits('/missed/run_all').length >= 5);
      // Due in 1970: also proves a firing decades late cannot wedge the claim statement.
      const barrier = await svc.api('/v1/tasks', { body: { schedule_time: new Date(0).toISOString(), http: { url: `${target.url}/missed/barrier` } } });
      expect(barrier.status).toBe(201);
      await waitFor('the barrier', async () => target.hits('/missed/barrier').length === 1);
      expect(target.hits('/missed/run_once')).toHaveLength(1);
      expect(target.hits('/missed/skip')).toHaveLength(0);
      expect(target.hits('/missed/run_all')).toHaveLength(5);
      expect(target.hits('/missed/oneshot')).toHaveLength(1);
      const skipped = (await svc.api<Page<Run>>(`/v1/runs?task_id=${ids.skip}`)).body.items;
      expect(skipped.some((r) => r.status === 'cancelled' && /missed/.test(r.error ?? ''))).toBe(true);
      const next = (await svc.api<TaskJson>(`/v1/tasks/${ids.skip}`)).body.next_run_at;
      const now = (await svc.api<TaskJson>(`/v1/tasks/${once.body.id}`)).body.updated_at;
      expect(new Date(next ?? 0).getTime()).toBeGreaterThan(new Date(now).getTime());
    } finally {
      await svc.close();
    }
  });
});
