import { afterAll, beforeAll, expect, it } from 'vitest';
import { advanceClock, forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import { startTarget, type Target } from '../support/target.ts';
import type { Db } from '../../src/store/db.ts';
import { pruneRuns, type RunPrunePosition } from '../../src/store/runs.ts';
import type { TaskJson } from '../support/api-types.ts';

const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;

/**
 * A monthly cron whose next firing is at least four days away (the day of the month a week from now, at most the
 * 28th), so moving the clock two days past a one-day retention makes its last run old without firing it again.
 */
function monthlyCron(): string {
  return `0 3 ${Math.min(new Date(Date.now() + 7 * DAY_MS).getUTCDate(), 28)} * *`;
}

/** `perTask` finished firings of each task (every 4th with a second attempt), written as the engine writes them. */
async function writeFinishedRuns(db: Db, taskIds: readonly number[], perTask: number): Promise<number> {
  const rows = await db.query(
    `INSERT INTO runs (tenant_id, task_id, scheduled_for, attempt, origin, status, due_at, started_at, finished_at)
     SELECT t.tenant_id, t.id, tw_now() - interval '1 day' - make_interval(mins => i), a, 'schedule',
            (ARRAY['succeeded', 'failed', 'timed_out', 'abandoned', 'cancelled'])[1 + i % 5],
            tw_now() - interval '1 day' - make_interval(mins => i), tw_now(), tw_now()
       FROM tasks t, generate_series(1, $2::int) AS i, generate_series(1, 2) AS a
      WHERE t.id = ANY($1::bigint[]) AND (a = 1 OR i % 4 = 0)
     RETURNING 1`,
    [taskIds, perTask],
  );
  return rows.length;
}

/** A firing whose first attempt failed and whose retry waits, and another firing running elsewhere: not final. */
async function writeUnfinishedRuns(db: Db, taskId: number): Promise<void> {
  await db.query(
    `INSERT INTO runs (tenant_id, task_id, scheduled_for, attempt, origin, status, due_at, started_at, finished_at,
                       lease_token, lease_expires_at, worker_id)
     SELECT t.tenant_id, t.id, v.scheduled_for, v.attempt, 'schedule', v.status, v.due_at, v.started_at, v.finished_at,
            v.lease_token, v.lease_expires_at, v.worker_id
       FROM tasks t, (VALUES
         (tw_now() - interval '2 hours', 1, 'failed', tw_now() - interval '2 hours', tw_now(), tw_now(), NULL::uuid, NULL::timestamptz, 'w1'),
         (tw_now() - interval '2 hours', 2, 'pending', tw_now() + interval '400 days', NULL, NULL, NULL, NULL, NULL),
         (tw_now() - interval '3 hours', 1, 'running', tw_now() - interval '3 hours', tw_now(), NULL, gen_random_uuid(),
          tw_now() + interval '400 days', 'elsewhere')
       ) AS v(scheduled_for, attempt, status, due_at, started_at, finished_at, lease_token, lease_expires_at, worker_id)
      WHERE t.id = $1`,
    [taskId],
  );
}

interface Kept {
  origin: string;
  attempt: number;
  status: string;
}

/** A task's runs by firing and attempt (a manual run's retries carry its scheduled_for to the millisecond). */
const runsOf = async (db: Db, taskId: number): Promise<Kept[]> =>
  db.query<Kept>(
    `SELECT origin, attempt, status FROM runs WHERE task_id = $1
      ORDER BY origin, date_trunc('milliseconds', scheduled_for), attempt`,
    [taskId],
  );

forEachBackend('pruning of runs past the retention', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db, { TICKWORK_RETENTION_DAYS: '1', TICKWORK_PRUNE_S: '1' });
    target = await startTarget();
    target.on('/fail', (_req, res) => {
      res.writeHead(500);
      res.end();
    });
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  const create = async (body: Record<string, unknown>): Promise<number> => {
    const r = await svc.api<TaskJson>('/v1/tasks', { body: { cron: monthlyCron(), timezone: 'UTC', ...body } });
    expect(r.status).toBe(201);
    return r.body.id;
  };

  it("prunes finished runs past the retention, but never a task's latest firing nor a waiting or running run", async () => {
    const monthly = await create({ title: 'monthly report', http: { url: `${target.url}/ok` } });
    const flaky = await create({ title: 'flaky', http: { url: `${target.url}/fail` }, retry: { max_attempts: 2, backoff_s: 1, max_backoff_s: 1 } });
    const waiting = await create({ title: 'waiting', http: { url: `${target.url}/ok` } });
    const old = await writeFinishedRuns(svc.db, [monthly, flaky], 1000);
    await writeUnfinishedRuns(svc.db, waiting);

    // The latest firings, run by the engine: the monthly task's succeeds; the flaky one's fails twice (a retry).
    expect((await svc.api(`/v1/tasks/${monthly}/trigger`, { method: 'POST' })).status).toBe(202);
    expect((await svc.api(`/v1/tasks/${flaky}/trigger`, { method: 'POST' })).status).toBe(202);
    const lastRun = await waitFor('the monthly run to succeed', async () => {
      const t = (await svc.api<TaskJson>(`/v1/tasks/${monthly}`)).body;
      return t.last_run?.status === 'succeeded' ? t.last_run : null;
    });
    await waitFor('the flaky run to fail its last attempt', async () => {
      const runs = await runsOf(svc.db, flaky);
      return runs.some((r) => r.origin === 'manual' && r.attempt === 2 && r.status === 'failed');
    });
    const flakyLastRun = (await svc.api<TaskJson>(`/v1/tasks/${flaky}`)).body.last_run;
    expect(flakyLastRun?.status).toBe('failed');

    await advanceClock(svc.db, 2 * DAY_MS);
    await waitFor('the old runs to be pruned', async () => {
      const [row] = await svc.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM runs WHERE task_id = ANY($1::bigint[]) AND origin = 'schedule' AND finished_at IS NOT NULL`,
        [[monthly, flaky]],
      );
      return row?.n === 0;
    });

    // Kept: each task's latest firing whole (the flaky one's first attempt too), its next firing, and what is unfinished.
    expect(await runsOf(svc.db, monthly)).toEqual([
      { origin: 'manual', attempt: 1, status: 'succeeded' },
      { origin: 'schedule', attempt: 1, status: 'pending' },
    ]);
    expect(await runsOf(svc.db, flaky)).toEqual([
      { origin: 'manual', attempt: 1, status: 'failed' },
      { origin: 'manual', attempt: 2, status: 'failed' },
      { origin: 'schedule', attempt: 1, status: 'pending' },
    ]);
    const waitingRuns = await runsOf(svc.db, waiting);
    expect(waitingRuns).toHaveLength(4);
    expect(waitingRuns.filter((r) => r.status === 'failed')).toEqual([{ origin: 'schedule', attempt: 1, status: 'failed' }]);

    // The API still shows each task's last run, however old it is now.
    expect((await svc.api<TaskJson>(`/v1/tasks/${monthly}`)).body.last_run).toEqual(lastRun);
    expect((await svc.api<TaskJson>(`/v1/tasks/${flaky}`)).body.last_run).toEqual(flakyLastRun);
    expect((await svc.api(`/v1/runs/${lastRun.id}`)).status).toBe(200);
    const kept = (await runsOf(svc.db, monthly)).length + (await runsOf(svc.db, flaky)).length + waitingRuns.length;
    console.log(`figure: run pruning [${backend.name}]: ${old} runs past the retention pruned by the service; kept ${kept} (latest firings, next firings, a waiting retry and its failed attempt, a running run)`);
  });

  it('forgets an idempotency key 24 hours after its first use', async () => {
    const headers = { 'idempotency-key': `daily-${backend.name}` };
    const body = { title: 'once a day', expires_at: new Date(Date.now() + 400 * DAY_MS).toISOString() };
    const keys = async (): Promise<number> =>
      (await svc.db.query<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_records WHERE key = $1', [headers['idempotency-key']]))[0]?.n ?? -1;
    const first = await svc.api<TaskJson>('/v1/tasks', { body, headers });
    expect(first.status).toBe(201);
    expect((await svc.api<TaskJson>('/v1/tasks', { body, headers })).body.id).toBe(first.body.id);
    expect(await keys()).toBe(1);

    await advanceClock(svc.db, 25 * HOUR_MS);
    await waitFor('the key to be pruned', async () => (await keys()) === 0);
    const again = await svc.api<TaskJson>('/v1/tasks', { body, headers });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);
  });
});

forEachBackend('pruneRuns', (backend) => {
  let db: TestDatabase;
  let conn: Db;

  beforeAll(async () => {
    db = await backend.create();
    conn = await db.open();
  });
  afterAll(async () => {
    await conn?.close();
    await db?.drop();
  });

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    (await conn.query<{ n: number }>(sql, params))[0]?.n ?? -1;

  /** One pass as the history pruner makes it: batch after batch from where the last one ended. */
  const pass = async (batch: number): Promise<{ pruned: number; seen: number }[]> => {
    const batches: { pruned: number; seen: number }[] = [];
    let after: RunPrunePosition | null = null;
    for (;;) {
      const b = await pruneRuns(conn, 1, batch, after);
      batches.push({ pruned: b.pruned, seen: b.seen });
      if (b.seen < batch || b.next === null) return batches;
      after = b.next;
    }
  };

  it('walks past the runs it keeps in batches of at most the batch size and deletes the rest', async () => {
    // 600 idle tasks whose one run, their last_run, is the oldest of all (and all finished at the same instant).
    const idle = (await conn.query<{ id: number }>(`INSERT INTO tasks (tenant_id, title) SELECT 'default', 'idle ' || i FROM generate_series(1, 600) AS i RETURNING id`)).map((r) => r.id);
    await conn.query(
      `INSERT INTO runs (tenant_id, task_id, scheduled_for, due_at, status, started_at, finished_at)
       SELECT 'default', id, tw_now(), tw_now(), 'succeeded', tw_now(), tw_now() FROM unnest($1::bigint[]) AS id`,
      [idle],
    );
    await conn.query(`UPDATE tasks t SET last_run_id = r.id FROM runs r WHERE r.task_id = t.id AND t.id = ANY($1::bigint[])`, [idle]);
    // A busy task: 2,000 firings, then its latest, which its last_run shows.
    const [busy] = (await conn.query<{ id: number }>(`INSERT INTO tasks (tenant_id, title) VALUES ('default', 'busy') RETURNING id`)).map((r) => r.id);
    const old = await writeFinishedRuns(conn, [busy!], 2000);
    const [latest] = await conn.query<{ id: number }>(
      `INSERT INTO runs (tenant_id, task_id, scheduled_for, due_at, status, started_at, finished_at)
       VALUES ('default', $1, tw_now(), tw_now(), 'failed', tw_now(), tw_now()) RETURNING id`,
      [busy],
    );
    await conn.query('UPDATE tasks SET last_run_id = $2 WHERE id = $1', [busy, latest!.id]);
    await writeUnfinishedRuns(conn, busy!);
    // A firing whose first attempt will be old and whose second attempt is young.
    await conn.query(
      `INSERT INTO runs (tenant_id, task_id, scheduled_for, attempt, due_at, status, started_at, finished_at)
       VALUES ('default', $1, tw_now() - interval '5 hours', 1, tw_now(), 'timed_out', tw_now(), tw_now())`,
      [busy],
    );
    expect(await pass(500)).toEqual([{ pruned: 0, seen: 0 }]); // nothing is past the retention yet

    await advanceClock(conn, 2 * DAY_MS);
    await conn.query(
      `INSERT INTO runs (tenant_id, task_id, scheduled_for, attempt, due_at, status, started_at, finished_at)
       SELECT tenant_id, task_id, scheduled_for, 2, tw_now(), 'succeeded', tw_now(), tw_now()
         FROM runs WHERE task_id = $1 AND status = 'timed_out' AND scheduled_for > tw_now() - interval '2 days 6 hours'`,
      [busy],
    );
    const batches = await pass(500);
    const pruned = batches.reduce((n, b) => n + b.pruned, 0);
    expect(batches[0]).toEqual({ pruned: 0, seen: 500 }); // the idle tasks' last runs: passed over, not a stop
    expect(batches.every((b) => b.seen <= 500 && b.pruned <= b.seen)).toBe(true);
    expect(pruned).toBe(old);
    expect(await count('SELECT count(*)::int AS n FROM runs WHERE task_id = ANY($1::bigint[])', [idle])).toBe(600);
    expect(await count('SELECT count(*)::int AS n FROM tasks t WHERE last_run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = t.last_run_id)')).toBe(0);
    // The busy task keeps its latest run, the failed attempt whose retry waits, the retry, the running run, and both
    // attempts of the firing whose second attempt is young.
    expect(await runsOf(conn, busy!)).toEqual([
      { origin: 'schedule', attempt: 1, status: 'timed_out' },
      { origin: 'schedule', attempt: 2, status: 'succeeded' },
      { origin: 'schedule', attempt: 1, status: 'running' },
      { origin: 'schedule', attempt: 1, status: 'failed' },
      { origin: 'schedule', attempt: 2, status: 'pending' },
      { origin: 'schedule', attempt: 1, status: 'failed' },
    ]);

    const again = await pass(500);
    expect(again.reduce((n, b) => n + b.pruned, 0)).toBe(0);
    const kept = await count('SELECT count(*)::int AS n FROM runs');
    console.log(
      `figure: pruneRuns [${backend.name}]: ${pruned} of ${old + 600 + 6} runs pruned in ${batches.length} batches of at most 500 ` +
        `(seen ${batches.map((b) => b.seen).join('/')}, pruned ${batches.map((b) => b.pruned).join('/')}); kept ${kept}; ` +
        `a second pass looked at ${again.reduce((n, b) => n + b.seen, 0)} kept runs in ${again.length} batches and pruned none`,
    );
  });
});
