import type { Queryable } from './db.ts';
import { wakeWorkers } from './notify.ts';
import { firstFiring } from '../domain/schedule.ts';
import { scheduleFromJson, type TaskRow } from '../domain/task.ts';

export type { RunRow } from '../domain/run.ts';
import type { RunRow } from '../domain/run.ts';

export type { RunStatus } from '../domain/run.ts';
import type { RunStatus } from '../domain/run.ts';

const RUN_COLUMNS = `id, tenant_id, task_id, scheduled_for, attempt, origin, status, due_at, started_at, finished_at,
  late_ms, http_status, duration_ms, error, result, worker_id, created_at`;

export async function dbNow(tx: Queryable): Promise<Date> {
  const [row] = await tx.query<{ now: Date }>('SELECT tw_now() AS now', [], 'tw_now');
  if (row === undefined) throw new Error('tw_now() returned no row');
  return row.now;
}

/**
 * Plans the first firing of a task whose schedule is new or changed, or that was resumed: the firing that was
 * waiting (never started) is dropped, the cadence re-anchored at the database's now, and one pending run inserted.
 * Pending retries of earlier firings are left alone: those firings already happened. Sets `next_run_at` and
 * `anchor_at` on the task. Call inside the transaction that changed the task; returns the next run time.
 */
export async function replanTask(tx: Queryable, task: TaskRow): Promise<Date | null> {
  await dropWaitingFirings(tx, task.id);
  const now = await dbNow(tx);
  let next: Date | null = null;
  if (task.schedule !== null && task.action !== null && task.state === 'active') {
    next = firstFiring(scheduleFromJson(task.schedule), now);
  }
  if (next !== null) {
    const inserted = await tx.query(
      `INSERT INTO runs (tenant_id, task_id, scheduled_for, due_at, attempt, origin)
       VALUES ($1, $2, $3, $3, 1, 'schedule')
       ON CONFLICT (task_id, scheduled_for, attempt) DO NOTHING
       RETURNING id`,
      [task.tenant_id, task.id, next],
    );
    // A firing that already has its outcome (the same one-shot time set again) is not run twice (promise 1).
    if (inserted.length === 0) next = null;
    else await wakeWorkers(tx, next);
  }
  await tx.query('UPDATE tasks SET next_run_at = $2, anchor_at = $3 WHERE id = $1', [task.id, next, now]);
  return next;
}

/** Deletes the not-yet-started scheduled firing of a task (it never ran, so it has no outcome to keep). */
async function dropWaitingFirings(tx: Queryable, taskId: number): Promise<void> {
  await tx.query(
    `DELETE FROM runs WHERE task_id = $1 AND status = 'pending' AND origin = 'schedule' AND attempt = 1`,
    [taskId],
  );
}

/**
 * Stops everything waiting for a task that is paused or deleted: the next firing is dropped, pending retries and
 * manual runs are cancelled with `reason`. Running attempts finish. Returns the cancelled runs' ids.
 */
export async function stopWaitingRuns(tx: Queryable, taskId: number, reason: string): Promise<number[]> {
  await dropWaitingFirings(tx, taskId);
  const rows = await tx.query<{ id: number }>(
    `UPDATE runs SET status = 'cancelled', finished_at = tw_now(), error = $2
      WHERE task_id = $1 AND status = 'pending' RETURNING id`,
    [taskId, reason],
  );
  await tx.query('UPDATE tasks SET next_run_at = NULL WHERE id = $1', [taskId]);
  return rows.map((r) => r.id);
}

/** True when the task has an attempt running now (for overlap `skip` on trigger). */
export async function hasRunningAttempt(tx: Queryable, taskId: number): Promise<boolean> {
  const rows = await tx.query(`SELECT 1 FROM runs WHERE task_id = $1 AND status = 'running' LIMIT 1`, [taskId]);
  return rows.length > 0;
}

/**
 * Inserts a manual firing due now (trigger). Returns the run id. Its `scheduled_for` has millisecond precision, as
 * every other firing's: a firing's attempts share it, and it travels through JavaScript Dates (retries) unchanged.
 */
export async function insertManualRun(tx: Queryable, task: TaskRow): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO runs (tenant_id, task_id, scheduled_for, due_at, attempt, origin)
     VALUES ($1, $2, date_trunc('milliseconds', tw_clock_now()), tw_clock_now(), 1, 'manual') RETURNING id`,
    [task.tenant_id, task.id],
  );
  if (row === undefined) throw new Error('insert returned no row');
  await wakeWorkers(tx);
  return row.id;
}

export async function getRun(db: Queryable, tenantId: string, id: number): Promise<RunRow | null> {
  const rows = await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE tenant_id = $1 AND id = $2`, [
    tenantId,
    id,
  ]);
  return rows[0] ?? null;
}

export interface RunFilter {
  taskId: number | null;
  status: RunStatus | null;
  since: Date | null;
  /** Keyset cursor: only runs with id below this (runs list newest first). */
  beforeId: number | null;
}

/** Runs of one tenant, newest first. */
export async function listRuns(db: Queryable, tenantId: string, f: RunFilter, limit: number): Promise<RunRow[]> {
  return db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM runs
      WHERE tenant_id = $1
        AND ($2::bigint IS NULL OR task_id = $2)
        AND ($3::text IS NULL OR status = $3)
        AND ($4::timestamptz IS NULL OR created_at >= $4)
        AND ($5::bigint IS NULL OR id < $5)
      ORDER BY id DESC
      LIMIT $6`,
    [tenantId, f.taskId, f.status, f.since, f.beforeId, limit],
    'list_runs',
  );
}

/**
 * Cancels a pending or running attempt. A running attempt's lease token is cleared, so the worker's late
 * completion is refused and its outcome is this cancellation. Returns the run, or null if it was not cancellable.
 */
export async function cancelRun(tx: Queryable, tenantId: string, id: number): Promise<RunRow | null> {
  const rows = await tx.query<RunRow>(
    `UPDATE runs SET status = 'cancelled', finished_at = tw_now(), error = 'cancelled by request',
            lease_token = NULL, lease_expires_at = NULL
      WHERE tenant_id = $1 AND id = $2 AND status IN ('pending', 'running')
      RETURNING ${RUN_COLUMNS}`,
    [tenantId, id],
  );
  const run = rows[0] ?? null;
  if (run !== null) {
    await tx.query(
      `UPDATE tasks SET next_run_at = NULL WHERE id = $1 AND next_run_at = $2`,
      [run.task_id, run.scheduled_for],
    );
  }
  return run;
}

/** Runs a finished, unsuccessful attempt again as a new attempt of the same firing, due now. */
export async function retryRun(tx: Queryable, run: RunRow): Promise<number> {
  // coalesce: the firing's attempts may have been pruned (past the retention) since the run was read.
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO runs (tenant_id, task_id, scheduled_for, due_at, attempt, origin)
     SELECT $1, $2, $3, tw_clock_now(), coalesce(max(attempt), $4) + 1, 'manual' FROM runs
      WHERE task_id = $2 AND scheduled_for = $3
     RETURNING id`,
    [run.tenant_id, run.task_id, run.scheduled_for, run.attempt],
  );
  if (row === undefined) throw new Error('insert returned no row');
  await wakeWorkers(tx);
  return row.id;
}

/** Where a pass of pruneRuns has got to: the last run it looked at, in (finished_at, id) order. */
export interface RunPrunePosition {
  /** finished_at as PostgreSQL writes it: a JavaScript Date would drop the microseconds and lose the place. */
  finishedAt: string;
  id: number;
}

export interface RunPruneBatch {
  /** Runs deleted. */
  pruned: number;
  /** Runs looked at (at most `batch`); fewer than `batch` means the pass is done. */
  seen: number;
  /** Where the next batch of the pass starts; null when none was looked at. */
  next: RunPrunePosition | null;
}

/**
 * Deletes finished runs older than `retentionDays` (by finished_at), looking at the `batch` oldest after `after`
 * (null: from the start), and says where it got to; a pass calls it again from there until it looks at fewer than
 * `batch` (promise 8). Each call reads at most `batch` rows of the index on (finished_at, id), however many kept
 * runs lie before them. Kept:
 * - a run that is not final (pending and running runs have no finished_at; the status is checked besides);
 * - the firing (task_id, scheduled_for) of the run a task's `last_run` shows, all its attempts: `GET /v1/tasks/{id}`
 *   keeps its last_run however long ago that was (a monthly task), and its one-shot time is never run twice;
 * - a firing with an attempt that is waiting, running or younger than the retention: a firing goes whole, so a
 *   retry always counts on from its earlier attempts.
 * A firing's attempts are matched on scheduled_for to the millisecond: retries carry it through a JavaScript Date, so
 * those of a manual run (scheduled at tw_clock_now(), with microseconds) have it truncated.
 * Nothing else references runs (events carry copies of their data). Rows locked by another pruner are skipped.
 */
export async function pruneRuns(db: Queryable, retentionDays: number, batch: number, after: RunPrunePosition | null): Promise<RunPruneBatch> {
  const [row] = await db.query<{ pruned: number; seen: number; last_finished_at: string | null; last_id: number | null }>(
    `WITH cut AS MATERIALIZED (
       SELECT tw_now() - make_interval(days => $1) AS before
     ), candidates AS MATERIALIZED (
       SELECT id, task_id, scheduled_for, finished_at FROM runs
        WHERE finished_at < (SELECT before FROM cut) AND (finished_at, id) > ($3::timestamptz, $4::bigint)
        ORDER BY finished_at, id
        LIMIT $2
     ), doomed AS (
       SELECT r.id FROM runs r JOIN candidates c ON c.id = r.id
        WHERE r.status IN ('succeeded', 'failed', 'timed_out', 'abandoned', 'cancelled')
          AND NOT EXISTS (SELECT 1 FROM tasks t JOIN runs l ON l.id = t.last_run_id
                           WHERE t.id = c.task_id AND l.task_id = c.task_id
                             AND date_trunc('milliseconds', l.scheduled_for) = date_trunc('milliseconds', c.scheduled_for))
          AND NOT EXISTS (SELECT 1 FROM runs o
                           WHERE o.task_id = c.task_id
                             AND o.scheduled_for >= date_trunc('milliseconds', c.scheduled_for)
                             AND o.scheduled_for < date_trunc('milliseconds', c.scheduled_for) + interval '1 millisecond'
                             AND (o.finished_at IS NULL OR o.finished_at >= (SELECT before FROM cut)
                                  OR o.status IN ('pending', 'running')))
        FOR UPDATE OF r SKIP LOCKED
     ), deleted AS (
       DELETE FROM runs WHERE id IN (SELECT id FROM doomed) RETURNING 1
     )
     SELECT (SELECT count(*) FROM deleted)::int AS pruned, (SELECT count(*) FROM candidates)::int AS seen,
            last.finished_at::text AS last_finished_at, last.id AS last_id
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (SELECT finished_at, id FROM candidates ORDER BY finished_at DESC, id DESC LIMIT 1) last ON true`,
    [retentionDays, batch, after?.finishedAt ?? '-infinity', after?.id ?? 0],
    'prune_runs',
  );
  if (row === undefined) throw new Error('prune_runs returned no row');
  const next = row.last_finished_at === null || row.last_id === null ? null : { finishedAt: row.last_finished_at, id: row.last_id };
  return { pruned: row.pruned, seen: row.seen, next };
}

