import type { Db, Queryable } from './db.ts';
import { appendEvents } from './events.ts';
import { SYSTEM_ACTOR } from '../domain/event.ts';
import { stopWaitingRuns } from './runs.ts';
import type { TaskRow } from '../domain/task.ts';
import { deadlineEvent, deadlineNotices, type DeadlineNotice } from '../domain/deadline-notices.ts';

/**
 * Deadline notices. Each notice is sent exactly once: the row is locked (`SKIP LOCKED`, so workers never wait on
 * each other) and stamped (`expiring_sent_at`, `expired_sent_at`) in the same transaction that writes its event.
 * Changing `expires_at` clears the stamps, which re-arms both notices.
 */

/** Tasks whose `task.expiring` notice is due (`expires_at − notify_before` has passed) and not yet sent. */
export async function claimExpiringNotices(tx: Queryable, limit: number): Promise<TaskRow[]> {
  return tx.query<TaskRow>(
    `WITH due AS (
       SELECT id FROM tasks
        WHERE deleted_at IS NULL AND expires_at IS NOT NULL AND expiring_sent_at IS NULL
          AND expires_at - make_interval(secs => notify_before) <= tw_now()
        ORDER BY expires_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED
     )
     UPDATE tasks t SET expiring_sent_at = tw_now() FROM due WHERE t.id = due.id
     RETURNING t.*`,
    [limit],
    'claim_expiring_notices',
  );
}

/**
 * Tasks whose `expires_at` has passed and that are not yet `expired`: they become `expired` now. `expiring_unsent`
 * marks those whose `task.expiring` was never sent (the clock passed both moments between two statements): the
 * caller sends it first, so each notice is still sent exactly once.
 */
export async function claimExpiredTasks(tx: Queryable, limit: number): Promise<(TaskRow & { expiring_unsent: boolean })[]> {
  return tx.query<TaskRow & { expiring_unsent: boolean }>(
    `WITH due AS (
       SELECT id, expiring_sent_at IS NULL AS expiring_unsent FROM tasks
        WHERE deleted_at IS NULL AND expires_at IS NOT NULL AND expired_sent_at IS NULL AND expires_at <= tw_now()
        ORDER BY expires_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED
     )
     UPDATE tasks t SET expired_sent_at = tw_now(), expiring_sent_at = coalesce(t.expiring_sent_at, tw_now()),
            state = 'expired', next_run_at = NULL, updated_at = tw_now()
       FROM due WHERE t.id = due.id
     RETURNING t.*, due.expiring_unsent`,
    [limit],
    'claim_expired_tasks',
  );
}

/** Milliseconds until the next deadline notice is due (≤ 0: now), or null when none is armed. */
export async function msUntilNextDeadline(db: Queryable): Promise<number | null> {
  const [row] = await db.query<{ ms: number | null }>(
    `SELECT (extract(epoch FROM min(at) - tw_clock_now()) * 1000)::float8 AS ms FROM (
       SELECT min(expires_at - make_interval(secs => notify_before)) AS at FROM tasks
        WHERE deleted_at IS NULL AND expires_at IS NOT NULL AND expiring_sent_at IS NULL
       UNION ALL
       SELECT min(expires_at) FROM tasks
        WHERE deleted_at IS NULL AND expires_at IS NOT NULL AND expired_sent_at IS NULL
     ) n`,
    [],
    'ms_until_next_deadline',
  );
  return row?.ms ?? null;
}

/**
 * Claims up to `limit` due notices of each kind and sends them, in one transaction: expired tasks stop waiting for
 * runs, and the notices' events are appended (`withEvents` false: the tasks are only stamped, for a notice whose event
 * cannot be written). Returns the tasks stamped and the notices sent.
 */
export async function sendDeadlineNotices(
  db: Db,
  limit: number,
  withEvents: boolean,
): Promise<{ expiring: TaskRow[]; expired: TaskRow[]; notices: DeadlineNotice[] }> {
  return db.transaction(async (tx) => {
    const expiring = await claimExpiringNotices(tx, limit);
    const expired = await claimExpiredTasks(tx, limit);
    for (const t of expired) await stopWaitingRuns(tx, t.id, 'the task expired');
    const notices = withEvents ? deadlineNotices(expiring, expired) : [];
    await appendEvents(tx, notices.map(deadlineEvent), SYSTEM_ACTOR);
    return { expiring, expired, notices };
  });
}
