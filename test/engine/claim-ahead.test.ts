import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import { startTarget, type Target } from '../support/target.ts';

type Run = { id: number; status: string; scheduled_for: string; started_at: string | null; error: string | null };

/** Claiming ahead (TICKWORK_CLAIM_AHEAD_MS) must not change what runs: only how many claims it takes. */
forEachBackend('claiming firings ahead of their time', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;

  beforeAll(async () => {
    db = await backend.create();
    // A wide window, so that a firing is claimed while the previous run of its task is still running.
    svc = await startTestService(db, { TICKWORK_CLAIM_AHEAD_MS: '1000' });
    target = await startTarget();
    target.on('/slow', (_req, res) => {
      setTimeout(() => res.end('done'), 1200);
    });
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  const runsOf = async (taskId: number): Promise<Run[]> => (await svc.api<{ items: Run[] }>(`/v1/runs?task_id=${taskId}&limit=500`)).body.items;

  it('does not skip a firing as overlapping when the previous run ends before its due time', async () => {
    // Every 2 s a call of 1.2 s: each next firing falls in the window while the previous call still runs, and is
    // due after it ended. Overlap `skip` must skip none of them.
    const r = await svc.api('/v1/tasks', { body: { interval: 2, overlap: 'skip', http: { url: `${target.url}/slow`, timeout_ms: 5000 } } });
    expect(r.status).toBe(201);
    const id = (r.body as { id: number }).id;
    const runs = await waitFor('three finished firings', async () => {
      const done = (await runsOf(id)).filter((x) => x.status !== 'pending' && x.status !== 'running');
      return done.length >= 3 ? done : null;
    }, 30_000);
    await svc.api(`/v1/tasks/${id}`, { method: 'DELETE' });
    expect(runs.filter((x) => x.status === 'cancelled').map((x) => x.error)).toEqual([]);
    for (const x of runs) {
      expect(x.status).toBe('succeeded');
      expect(new Date(x.started_at ?? 0).getTime(), JSON.stringify(runs)).toBeGreaterThanOrEqual(new Date(x.scheduled_for).getTime());
    }
    const times = runs.map((x) => new Date(x.scheduled_for).getTime()).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBe(2000);
  });
});
