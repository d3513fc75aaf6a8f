import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import { startTarget, type Target } from '../support/target.ts';
import type { EventJson, Page, RunJson, TaskJson } from '../support/api-types.ts';

/**
 * A retry is started at its backoff time (promise 4), not at the worker's next poll. The poll is a minute here, far
 * beyond the waits' deadlines: a retry that waited for the poll could not run within them, so the test shows which
 * of the two woke the worker without measuring any time.
 */
forEachBackend('retries at their backoff time', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db, { TICKWORK_POLL_S: '60' });
    target = await startTarget();
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  it('starts each retry once its backoff has passed, long before the next poll', async () => {
    let calls = 0;
    target.on('/flaky', (_req, res) => {
      calls += 1;
      res.writeHead(calls <= 2 ? 503 : 200);
      res.end(calls <= 2 ? 'not yet' : 'ok');
    });
    const created = await svc.api<TaskJson>('/v1/tasks', {
      body: { schedule_time: new Date().toISOString(), http: { url: `${target.url}/flaky` }, retry: { max_attempts: 3, backoff_s: 1 } },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    // 1 s and 2 s of backoff: well inside 15 s; a retry left to the 60 s poll would time this out.
    const runs = await waitFor(
      'three attempts, the last one succeeded',
      async () => {
        const items = (await svc.api<Page<RunJson>>(`/v1/runs?task_id=${id}&limit=10`)).body.items;
        return items.some((r) => r.status === 'succeeded') ? items : null;
      },
      15_000,
    );
    const byAttempt = [...runs].sort((a, b) => a.attempt - b.attempt);
    expect(byAttempt.map((r) => [r.attempt, r.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'succeeded'],
    ]);
    expect(target.hits('/flaky')).toHaveLength(3);
    // Each retry started no earlier than the due time its failed attempt announced (run.failed's next_attempt_at).
    const failures = (await svc.api<Page<EventJson>>('/v1/events?type=run.failed&limit=100')).body.items.filter((e) => e.subject.id === id);
    expect(failures).toHaveLength(2);
    for (const e of failures) {
      const data = e.data as { attempt: number; next_attempt_at: string | null };
      const next = byAttempt.find((r) => r.attempt === data.attempt + 1);
      expect(data.next_attempt_at).not.toBeNull();
      const dueAt = new Date(data.next_attempt_at ?? NaN).getTime();
      expect(new Date(next?.started_at ?? NaN).getTime()).toBeGreaterThanOrEqual(dueAt);
      expect(target.hits('/flaky')[data.attempt]?.at).toBeGreaterThanOrEqual(dueAt - 5); // 5 ms: clock granularity
    }
  });
});
